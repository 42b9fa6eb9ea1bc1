"use client";

import { useActionState, useState } from "react";
import { recordDecisionAction, recordOutcomeAction, type DecisionState } from "../../actions";

export interface DecisionLabels {
  decision: string;
  decisionKinds: Record<"patrol_assigned" | "not_acted" | "extra_cell", string>;
  plannedMinutes: string;
  reason: string;
  record: string;
  cell: string;
  outcomeTitle: string;
  incidentFound: string;
  arrests: string;
  stops: string;
  note: string;
  recordOutcome: string;
}

const initial: DecisionState = { ok: false, message: null };
const input = "mt-1 block w-full rounded border border-slate-300 px-2 py-1";

/** The ids a form is recorded against (the forecast, the logged view, …), sent as hidden fields. */
function HiddenFields({ fields }: { fields: Record<string, string | number> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

/** The action's refusal, read out to screen readers. */
function FormError({ message, className = "" }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`text-sm text-red-700 ${className}`.trim()}>
      {message}
    </p>
  );
}

/** A flagged cell's decision: a patrol with planned minutes, or not acting on it with a reason. */
export function DecisionForm({ forecastId, viewId, cell, labels }: { forecastId: string; viewId: string; cell: number; labels: DecisionLabels }) {
  const [state, action, pending] = useActionState(recordDecisionAction, initial);
  const [kind, setKind] = useState<"patrol_assigned" | "not_acted">("patrol_assigned");
  return (
    <form action={action} className="space-y-2 print:hidden" data-testid={`decision-${cell}`}>
      <HiddenFields fields={{ forecastId, viewId, cell }} />
      <label className="block text-sm">
        <span className="font-medium">{labels.decision}</span>
        <select name="kind" value={kind} onChange={(event) => setKind(event.target.value as typeof kind)} className={input}>
          <option value="patrol_assigned">{labels.decisionKinds.patrol_assigned}</option>
          <option value="not_acted">{labels.decisionKinds.not_acted}</option>
        </select>
      </label>
      {kind === "patrol_assigned" ? (
        <label className="block text-sm">
          <span>{labels.plannedMinutes}</span>
          <input type="number" name="plannedMinutes" min={1} max={1440} defaultValue={30} required className={input} />
        </label>
      ) : (
        <label className="block text-sm">
          <span>{labels.reason}</span>
          <input type="text" name="reason" minLength={3} maxLength={500} required className={input} />
        </label>
      )}
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.record}
      </button>
      <FormError message={state.message} />
    </form>
  );
}

/** A cell the model did not flag that the officer covers anyway, with why. */
export function ExtraCellForm({ forecastId, viewId, labels }: { forecastId: string; viewId: string; labels: DecisionLabels }) {
  const [state, action, pending] = useActionState(recordDecisionAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3 print:hidden" data-testid="extra-cell">
      <HiddenFields fields={{ forecastId, viewId, kind: "extra_cell" }} />
      <label className="block text-sm">
        <span className="font-medium">{labels.cell}</span>
        <input type="number" name="cell" min={0} required className={input} />
      </label>
      <label className="block min-w-64 flex-1 text-sm">
        <span className="font-medium">{labels.reason}</span>
        <input type="text" name="reason" minLength={3} maxLength={500} required className={input} />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.record}
      </button>
      <FormError message={state.message} className="w-full" />
    </form>
  );
}

/** What happened, recorded once after the patrol (or the decision not to act). */
export function OutcomeForm({ forecastId, viewId, actionId, labels }: { forecastId: string; viewId: string; actionId: string; labels: DecisionLabels }) {
  const [state, action, pending] = useActionState(recordOutcomeAction, initial);
  return (
    <form action={action} className="mt-2 space-y-2 border-t border-slate-200 pt-2 print:hidden" data-testid={`outcome-${actionId}`}>
      <HiddenFields fields={{ forecastId, viewId, actionId }} />
      <p className="text-sm font-medium">{labels.outcomeTitle}</p>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="incidentFound" /> {labels.incidentFound}
      </label>
      <div className="flex gap-2">
        <label className="block text-sm">
          <span>{labels.arrests}</span>
          <input type="number" name="arrests" min={0} max={1000} defaultValue={0} className={input} />
        </label>
        <label className="block text-sm">
          <span>{labels.stops}</span>
          <input type="number" name="stops" min={0} max={1000} defaultValue={0} className={input} />
        </label>
      </div>
      <label className="block text-sm">
        <span>{labels.note}</span>
        <input type="text" name="note" maxLength={500} className={input} />
      </label>
      <button type="submit" disabled={pending} className="rounded border border-brand-600 px-3 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-60">
        {labels.recordOutcome}
      </button>
      <FormError message={state.message} />
    </form>
  );
}

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="rounded border border-slate-400 px-3 py-1.5 text-sm hover:bg-slate-100 print:hidden">
      {label}
    </button>
  );
}
