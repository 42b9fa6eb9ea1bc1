"use server";

import { revalidatePath } from "next/cache";
import { assignObjection, decideObjection, extendObjection, requestInformation } from "@/db/queries/objections-handling";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface CaseFormState {
  ok: boolean;
  message: string | null;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** The decision form's data action: none, a correction of the fields filled in, or an exclusion. */
function actionOf(form: FormData): Record<string, unknown> | undefined {
  const type = text(form, "actionType");
  if (type === "exclude") return { type: "exclude", erase: form.get("erase") === "on" };
  if (type !== "correct") return undefined;
  const lat = text(form, "lat");
  const lon = text(form, "lon");
  const occurredAt = text(form, "occurredAt");
  return {
    type: "correct",
    ...(text(form, "category") ? { category: text(form, "category") } : {}),
    // datetime-local has no zone; the form labels it UTC.
    ...(occurredAt ? { occurredAt: `${occurredAt.length === 16 ? `${occurredAt}:00` : occurredAt}Z` } : {}),
    ...(lat || lon ? { location: { lat: lat ? Number(lat) : Number.NaN, lon: lon ? Number(lon) : Number.NaN } } : {}),
  };
}

/** One officer action on a case; the data-access layer checks permission, jurisdiction and state. */
export async function caseAction(_previous: CaseFormState, form: FormData): Promise<CaseFormState> {
  const caseId = text(form, "caseId");
  try {
    const { actor } = await requireIdentity("objections.handle");
    const action = text(form, "action");
    if (action === "assign") await assignObjection(actor, caseId, text(form, "officerId") || actor.userId);
    else if (action === "request") await requestInformation(actor, caseId, { question: text(form, "question") });
    else if (action === "extend") await extendObjection(actor, caseId, { days: text(form, "days"), reason: text(form, "reason") });
    else if (action === "decide") {
      const dataAction = actionOf(form);
      await decideObjection(actor, caseId, { outcome: text(form, "outcome"), reasons: text(form, "reasons"), ...(dataAction ? { action: dataAction } : {}) });
    } else throw new AppError("invalid_input", "action: unknown");
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath(`/oversight/objections/${caseId}`);
  revalidatePath("/oversight/objections");
  return { ok: true, message: null };
}
