/**
 * Public statistics of objection cases, per calendar month (UTC): cases received by kind (month of
 * receipt); first decisions by outcome, the median days from receipt to decision and the share
 * decided within the deadline in force (month of decision). Pure.
 */
import { OBJECTION_KINDS, OUTCOMES, type ObjectionKind, type Outcome } from "./kinds";

export interface CaseForStats {
  kind: ObjectionKind;
  receivedAt: Date;
  decidedAt: Date | null;
  outcome: Outcome | null;
  decidedOnTime: boolean | null;
}

export interface StatsRow {
  /** YYYY-MM, or "all" for the totals. */
  month: string;
  received: number;
  receivedByKind: Record<ObjectionKind, number>;
  decided: number;
  decidedByOutcome: Record<Outcome, number>;
  /** Days from receipt to first decision (fractional), null when nothing was decided. */
  medianDaysToDecision: number | null;
  /** Decided within the deadline ÷ decided, null when nothing was decided. */
  withinDeadlineShare: number | null;
}

export interface ObjectionStats {
  months: StatsRow[];
  totals: StatsRow;
}

const DAY_MS = 86_400_000;
const monthOf = (date: Date) => date.toISOString().slice(0, 7);
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** The median of numbers (mean of the middle two for an even count), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function row(month: string, received: readonly CaseForStats[], decided: readonly CaseForStats[]): StatsRow {
  const receivedByKind = zeros(OBJECTION_KINDS);
  for (const c of received) receivedByKind[c.kind] += 1;
  const decidedByOutcome = zeros(OUTCOMES);
  for (const c of decided) if (c.outcome) decidedByOutcome[c.outcome] += 1;
  const days = decided.map((c) => (c.decidedAt!.getTime() - c.receivedAt.getTime()) / DAY_MS);
  const onTime = decided.filter((c) => c.decidedOnTime === true).length;
  const middle = median(days);
  return {
    month,
    received: received.length,
    receivedByKind,
    decided: decided.length,
    decidedByOutcome,
    medianDaysToDecision: middle === null ? null : Math.round(middle * 10) / 10,
    withinDeadlineShare: decided.length === 0 ? null : onTime / decided.length,
  };
}

/**
 * Monthly and overall statistics, months in ascending order.
 *
 * @example objectionStats(cases).months[0] // { month: "2026-01", received: 4, …, medianDaysToDecision: 12.5, withinDeadlineShare: 1 }
 */
export function objectionStats(cases: readonly CaseForStats[]): ObjectionStats {
  const decided = cases.filter((c) => c.decidedAt !== null && c.outcome !== null);
  const months = [...new Set([...cases.map((c) => monthOf(c.receivedAt)), ...decided.map((c) => monthOf(c.decidedAt!))])].sort();
  return {
    months: months.map((month) =>
      row(
        month,
        cases.filter((c) => monthOf(c.receivedAt) === month),
        decided.filter((c) => monthOf(c.decidedAt!) === month),
      ),
    ),
    totals: row("all", cases, decided),
  };
}
