"use client";

import { useActionState } from "react";
import { format } from "@/lib/i18n/locales";
import { acknowledgeAlertAction, runMonitoringAction, type MonitoringActionState } from "./actions";

const initial: MonitoringActionState = { ok: false, jobId: null, message: null };
const button = "rounded bg-brand-600 px-3 py-1 text-sm text-white hover:bg-brand-700 disabled:opacity-60";

/** Run monitoring of a version now, for a month (the current one by default). */
export function RunMonitoringForm({ versionId, defaultMonth, labels }: { versionId: string; defaultMonth: string; labels: { runNow: string; month: string; running: string; queued: string } }) {
  const [state, action, pending] = useActionState(runMonitoringAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" data-testid="run-monitoring">
      <input type="hidden" name="versionId" value={versionId} />
      <label className="flex flex-col text-sm">
        {labels.month}
        <input type="month" name="month" defaultValue={defaultMonth} max={defaultMonth} required className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={pending} className={button}>
        {pending ? labels.running : labels.runNow}
      </button>
      <span aria-live="polite" className="text-sm">
        {state.jobId && format(labels.queued, { id: state.jobId })}
        {state.message && <span className="text-red-700">{state.message}</span>}
      </span>
    </form>
  );
}

/** Acknowledge an alert once, saying what was done or decided. */
export function AcknowledgeForm({ alertId, labels }: { alertId: string; labels: { acknowledge: string; acknowledgeNote: string; acknowledging: string } }) {
  const [state, action, pending] = useActionState(acknowledgeAlertAction, initial);
  if (state.ok) return null;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="alertId" value={alertId} />
      <label className="flex flex-col text-xs">
        {labels.acknowledgeNote}
        <input name="note" required minLength={3} maxLength={2000} className="w-72 rounded border border-slate-300 px-2 py-1 text-sm" />
      </label>
      <button type="submit" disabled={pending} className={button}>
        {pending ? labels.acknowledging : labels.acknowledge}
      </button>
      <span aria-live="polite" className="text-sm text-red-700">{state.message}</span>
    </form>
  );
}
