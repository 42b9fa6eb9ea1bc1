"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { NoApprovedForecastError, viewForecast, type NoForecastReason } from "@/db/queries/forecasts";
import { recordPatrolAction, recordPatrolOutcome } from "@/db/queries/patrols";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface ForecastFormState {
  noForecast: NoForecastReason | null;
  message: string | null;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const optional = (form: FormData, name: string) => text(form, name) || undefined;

/** Logs the purpose on the ledger (inside viewForecast) and opens the logged view. */
export async function openForecastAction(_previous: ForecastFormState, form: FormData): Promise<ForecastFormState> {
  let viewId: string;
  try {
    const { actor } = await requireIdentity("forecasts.view");
    const view = await viewForecast(actor, { purpose: optional(form, "purpose"), area: optional(form, "area"), category: optional(form, "category"), date: optional(form, "date"), horizon: optional(form, "horizon") });
    viewId = view.viewId;
  } catch (error) {
    if (error instanceof NoApprovedForecastError) return { noForecast: error.reason, message: null };
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { noForecast: null, message: error.message };
    throw error;
  }
  redirect(`/forecasts/views/${viewId}`);
}

export interface DecisionState {
  ok: boolean;
  message: string | null;
}

async function attempt(run: () => Promise<unknown>, viewId: string): Promise<DecisionState> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath(`/forecasts/views/${viewId}`);
  return { ok: true, message: null };
}

export async function recordDecisionAction(_previous: DecisionState, form: FormData): Promise<DecisionState> {
  return attempt(async () => {
    const { actor } = await requireIdentity("forecasts.act");
    const kind = text(form, "kind");
    const cell = Number(text(form, "cell"));
    const detail = kind === "patrol_assigned" ? { plannedMinutes: Number(text(form, "plannedMinutes")) } : { reason: text(form, "reason") };
    await recordPatrolAction(actor, text(form, "forecastId"), { kind, cell: text(form, "cell") === "" ? Number.NaN : cell, ...detail });
  }, text(form, "viewId"));
}

export async function recordOutcomeAction(_previous: DecisionState, form: FormData): Promise<DecisionState> {
  return attempt(async () => {
    const { actor } = await requireIdentity("forecasts.act");
    await recordPatrolOutcome(actor, text(form, "forecastId"), text(form, "actionId"), {
      incidentFound: form.get("incidentFound") === "on",
      arrests: Number(text(form, "arrests") || "0"),
      stops: Number(text(form, "stops") || "0"),
      ...(text(form, "note") ? { note: text(form, "note") } : {}),
    });
  }, text(form, "viewId"));
}
