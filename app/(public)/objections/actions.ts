"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { answerInformationRequest, appealDecision, submitObjection, type CaseRef, type FilingReceipt } from "@/db/queries/objections";
import { clientIp } from "@/lib/auth/client-ip";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { getIdentity, requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/http/api";
import { getMessages } from "@/lib/i18n/server";

export interface FilingState {
  receipt: FilingReceipt | null;
  message: string | null;
  fields: Record<string, string>;
  /** What was sent, so a refused form comes back as the citizen filled it in. */
  values: Record<string, string>;
  /** The database could not be reached: nothing is wrong with the form; send it again later. */
  unavailable?: boolean;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");
const INTAKE_FIELDS = ["kind", "description", "incidentExternalId", "areaCode", "forecastId", "cell", "contactEmail", "website"] as const;

function fieldsOf(error: AppError): Record<string, string> {
  const details = error.details as { fields?: Record<string, string> } | undefined;
  if (details?.fields) return details.fields;
  const match = /^([\w.-]+): (.*)$/.exec(error.message);
  return match ? { [match[1]!]: match[2]! } : {};
}

/**
 * Files the form's objection. The form carries an idempotency key made when it was opened, so a
 * double click or a resubmission after a lost answer returns the same case.
 */
export async function fileObjectionAction(_previous: FilingState, form: FormData): Promise<FilingState> {
  const input = Object.fromEntries(INTAKE_FIELDS.map((field) => [field, text(form, field)]));
  try {
    const identity = await getIdentity();
    const filed = await submitObjection({ input, idempotencyKey: text(form, "idempotencyKey") || null, clientIp: clientIp(await headers()), submitter: identity?.actor ?? null });
    const { replayed: _replayed, ...receipt } = filed;
    return { receipt, message: null, fields: {}, values: {} };
  } catch (error) {
    if (error instanceof AppError) return { receipt: null, message: error.message, fields: fieldsOf(error), values: { ...input, website: "" } };
    // An outage keeps what the citizen wrote; the form keeps its idempotency key, so sending it
    // again later files the case once.
    if (isDatabaseUnavailable(error)) return { receipt: null, message: (await getMessages()).t.objections.form.unavailable, fields: {}, values: { ...input, website: "" }, unavailable: true };
    throw error;
  }
}

export interface CitizenActionState {
  ok: boolean;
  message: string | null;
}

/** The case a citizen form acts on: by its tracking code, or the signed-in filer's own case by id. */
async function refOf(form: FormData): Promise<{ ref: CaseRef; path: string }> {
  const caseId = text(form, "caseId");
  if (caseId) {
    const { actor } = await requireIdentity("objections.read_own");
    return { ref: { actor, caseId }, path: `/objections/mine/${caseId}` };
  }
  const code = text(form, "code");
  return { ref: { code }, path: `/objections/track/${encodeURIComponent(code)}` };
}

async function attempt(form: FormData, run: (ref: CaseRef) => Promise<unknown>): Promise<CitizenActionState> {
  try {
    const { ref, path } = await refOf(form);
    await run(ref);
    revalidatePath(path);
    return { ok: true, message: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { ok: false, message: error.message };
    throw error;
  }
}

export async function answerAction(_previous: CitizenActionState, form: FormData): Promise<CitizenActionState> {
  return attempt(form, (ref) => answerInformationRequest(ref, { answer: text(form, "answer") }));
}

export async function appealAction(_previous: CitizenActionState, form: FormData): Promise<CitizenActionState> {
  return attempt(form, (ref) => appealDecision(ref, { reason: text(form, "reason") }));
}
