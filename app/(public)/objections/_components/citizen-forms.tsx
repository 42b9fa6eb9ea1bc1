"use client";

import { useActionState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { answerAction, appealAction, type CitizenActionState } from "../actions";

type Labels = Messages["objections"]["status"];
const initial: CitizenActionState = { ok: false, message: null };
const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

/** Which case the form acts on: the code in the page's address, or the signed-in filer's case id. */
export type CaseKey = { code: string } | { caseId: string };

function KeyFields({ caseKey }: { caseKey: CaseKey }) {
  return "code" in caseKey ? <input type="hidden" name="code" value={caseKey.code} /> : <input type="hidden" name="caseId" value={caseKey.caseId} />;
}

function Outcome({ state, done }: { state: CitizenActionState; done: string }) {
  if (state.message) return <p role="alert" className="text-sm text-red-800">{state.message}</p>;
  return state.ok ? <p role="status" className="text-sm text-green-800">{done}</p> : null;
}

export function AnswerForm({ caseKey, labels }: { caseKey: CaseKey; labels: Labels }) {
  const [state, run, pending] = useActionState(answerAction, initial);
  return (
    <form action={run} className="space-y-2" data-testid="answer-form">
      <KeyFields caseKey={caseKey} />
      <label className="flex flex-col gap-1 text-sm">
        {labels.answerLabel}
        <textarea name="answer" required rows={3} maxLength={5000} className={input} />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.answerSubmit}
      </button>
      <Outcome state={state} done={labels.done} />
    </form>
  );
}

export function AppealForm({ caseKey, labels }: { caseKey: CaseKey; labels: Labels }) {
  const [state, run, pending] = useActionState(appealAction, initial);
  return (
    <form action={run} className="space-y-2" data-testid="appeal-form">
      <KeyFields caseKey={caseKey} />
      <label className="flex flex-col gap-1 text-sm">
        {labels.appealReason}
        <textarea name="reason" required rows={3} maxLength={2000} className={input} />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white hover:bg-slate-700 disabled:opacity-60">
        {labels.appealSubmit}
      </button>
      <Outcome state={state} done={labels.done} />
    </form>
  );
}
