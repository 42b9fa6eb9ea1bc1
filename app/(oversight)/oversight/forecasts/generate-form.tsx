"use client";

import { useActionState } from "react";
import { format } from "@/lib/i18n/locales";
import { generateForecastsAction, type GenerateState } from "./actions";

const initial: GenerateState = { jobId: null, message: null };

export function GenerateForm({ versionId, label, queuedLabel }: { versionId: string; label: string; queuedLabel: string }) {
  const [state, action, pending] = useActionState(generateForecastsAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="versionId" value={versionId} />
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm text-white hover:bg-brand-700 disabled:opacity-60">
        {label}
      </button>
      <span aria-live="polite" className="text-sm">
        {state.jobId && format(queuedLabel, { id: state.jobId })}
        {state.message && <span className="text-red-700">{state.message}</span>}
      </span>
    </form>
  );
}
