"use server";

import { revalidatePath } from "next/cache";
import { requestMonitoring } from "@/db/queries/monitoring";
import { acknowledgeAlert } from "@/db/queries/monitoring-read";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface MonitoringActionState {
  ok: boolean;
  jobId: string | null;
  message: string | null;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** Expected refusals come back as text for the form; anything else is a real error. */
async function attempt(run: () => Promise<string | null>): Promise<MonitoringActionState> {
  try {
    const jobId = await run();
    revalidatePath("/oversight/monitoring");
    revalidatePath("/oversight");
    return { ok: true, jobId, message: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { ok: false, jobId: null, message: error.message };
    throw error;
  }
}

export async function runMonitoringAction(_previous: MonitoringActionState, form: FormData): Promise<MonitoringActionState> {
  return attempt(async () => {
    const { actor } = await requireIdentity("monitoring.run");
    const month = text(form, "month");
    return (await requestMonitoring(actor, text(form, "versionId"), month ? { month } : {})).jobId;
  });
}

export async function acknowledgeAlertAction(_previous: MonitoringActionState, form: FormData): Promise<MonitoringActionState> {
  return attempt(async () => {
    const { actor } = await requireIdentity("monitoring.acknowledge");
    await acknowledgeAlert(actor, text(form, "alertId"), { note: text(form, "note") });
    return null;
  });
}
