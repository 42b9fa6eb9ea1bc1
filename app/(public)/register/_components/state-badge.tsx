import type { Messages } from "@/lib/i18n/messages";
import type { RegisterState } from "@/lib/register/entry";

const TONE: Record<RegisterState, string> = {
  approved: "border-green-700 bg-green-50 text-green-900",
  suspended: "border-red-700 bg-red-50 text-red-900",
  expired: "border-slate-500 bg-slate-100 text-slate-800",
  retired: "border-slate-500 bg-slate-100 text-slate-800",
};

/** A version's state as text (never colour alone) in a bordered badge. */
export function StateBadge({ state, labels, testId }: { state: RegisterState; labels: Messages["registry"]["states"]; testId?: string }) {
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm font-medium ${TONE[state]}`} data-testid={testId} data-state={state}>
      {labels[state]}
    </span>
  );
}
