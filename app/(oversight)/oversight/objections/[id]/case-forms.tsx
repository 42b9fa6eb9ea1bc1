"use client";

import { useActionState, useState, type ReactNode } from "react";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { INCIDENT_CATEGORIES } from "@/lib/incidents/standard";
import { OUTCOMES } from "@/lib/objections/kinds";
import { caseAction, type CaseFormState } from "../actions";

type T = Messages["objections"];
const initial: CaseFormState = { ok: false, message: null };
export const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-0.5 text-sm">
      {label}
      {children}
    </label>
  );
}

/** One officer action (assign, request, extend, decide); the server decides whether it is allowed. */
export function CaseForm({ caseId, action, title, button, done, children, testId }: { caseId: string; action: string; title: string; button: string; done: string; children: ReactNode; testId: string }) {
  const [state, run, pending] = useActionState(caseAction, initial);
  return (
    <form action={run} className="space-y-2 rounded border border-slate-200 bg-white p-3" data-testid={testId}>
      <h3 className="font-semibold">{title}</h3>
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="action" value={action} />
      {children}
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-60">
        {button}
      </button>
      {state.message && <p role="alert" className="text-sm text-red-800">{state.message}</p>}
      {state.ok && <p role="status" className="text-sm text-green-800">{done}</p>}
    </form>
  );
}

/** Outcome, reasons and, for rectification and exclusion cases about an incident, the change to make. */
export function DecisionForm({ caseId, t, categories, title, changesData }: { caseId: string; t: T; categories: Messages["incidents"]["categories"]; title: string; changesData: "rectification" | "exclusion" | null }) {
  const c = t.case;
  const [type, setType] = useState<"none" | "correct" | "exclude">("none");
  return (
    <CaseForm caseId={caseId} action="decide" title={title} button={c.decide} done={t.status.done} testId="decide-form">
      <Field label={c.outcome}>
        <select name="outcome" required className={input} defaultValue="">
          <option value="" disabled>—</option>
          {OUTCOMES.map((outcome) => <option key={outcome} value={outcome}>{t.outcomes[outcome]}</option>)}
        </select>
      </Field>
      <Field label={c.reasons}>
        <textarea name="reasons" required rows={4} maxLength={5000} className={input} />
      </Field>
      {changesData && (
        <fieldset className="space-y-2 rounded border border-slate-200 p-2">
          <legend className="px-1 text-sm font-medium">{c.actionTitle}</legend>
          {(["none", changesData === "rectification" ? "correct" : "exclude", ...(changesData === "exclusion" ? (["correct"] as const) : [])] as const).map((option) => (
            <label key={option} className="flex items-center gap-2 text-sm">
              <input type="radio" name="actionType" value={option} checked={type === option} onChange={() => setType(option)} />
              {option === "none" ? c.noAction : option === "correct" ? c.correct : c.exclude}
            </label>
          ))}
          {type === "correct" && (
            <div className="grid gap-2 sm:grid-cols-2">
              <Field label={c.newCategory}>
                <select name="category" className={input} defaultValue="">
                  <option value="">{c.keepCategory}</option>
                  {INCIDENT_CATEGORIES.map((category) => <option key={category} value={category}>{categories[category]}</option>)}
                </select>
              </Field>
              <Field label={c.newOccurredAt}>
                <input name="occurredAt" type="datetime-local" className={input} />
              </Field>
              <Field label={c.newLat}>
                <input name="lat" inputMode="decimal" className={input} />
              </Field>
              <Field label={c.newLon}>
                <input name="lon" inputMode="decimal" className={input} />
              </Field>
            </div>
          )}
          {type === "exclude" && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="erase" />
              {c.erase}
            </label>
          )}
        </fieldset>
      )}
    </CaseForm>
  );
}

export function ExtendFields({ t, max }: { t: T; max: number }) {
  return (
    <>
      <Field label={format(t.case.days, { max })}>
        <input name="days" type="number" min={1} max={max} required className={input} />
      </Field>
      <Field label={t.case.reason}>
        <textarea name="reason" required rows={2} maxLength={2000} className={input} />
      </Field>
    </>
  );
}
