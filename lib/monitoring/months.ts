/**
 * Calendar months (UTC) as monitoring windows. Days are days since the Unix epoch, as in
 * lib/forecast; a window is [from, to).
 */

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthWindow {
  /** "YYYY-MM". */
  month: string;
  /** First day of the month, days since the epoch. */
  from: number;
  /** First day of the next month, days since the epoch (exclusive). */
  to: number;
}

/** Whether a string names a month as YYYY-MM. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/**
 * The days of a month, or a RangeError naming the bad value.
 *
 * @example monthWindow("2026-02") // { month: "2026-02", from: 20485, to: 20513 }
 */
export function monthWindow(month: string): MonthWindow {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { month, from: Date.UTC(year, index, 1) / DAY_MS, to: Date.UTC(year, index + 1, 1) / DAY_MS };
}

/** The month (UTC) an instant falls in. @example monthOf(new Date("2026-03-31T23:00:00Z")) // "2026-03" */
export function monthOf(instant: Date | number): string {
  return new Date(instant).toISOString().slice(0, 7);
}

/** The month before (or, with a negative step, after) a month. @example shiftMonth("2026-01", 1) // "2025-12" */
export function shiftMonth(month: string, monthsBack: number): string {
  const { from } = monthWindow(month);
  const date = new Date(from * DAY_MS);
  return monthOf(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1));
}

/** Months from `first` to `last`, both included, in order. @example monthsBetween("2025-11", "2026-01") // ["2025-11", "2025-12", "2026-01"] */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let month = first; month <= last && out.length < 1200; month = shiftMonth(month, -1)) out.push(month);
  return out;
}

/** An ISO date (YYYY-MM-DD) of a day number. */
export const isoDayOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The day number of an ISO date (YYYY-MM-DD). */
export const dayOfIso = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * The month a scheduled monitoring run covers at `now`: the latest month whose forecasts have all
 * finished, i.e. that ended at least `longestHorizonDays` ago.
 *
 * @example scheduledMonth(new Date("2026-03-09T00:00:00Z"), 7) // "2026-02" (on 2026-03-05 it is "2026-01")
 */
export function scheduledMonth(now: Date, longestHorizonDays: number): string {
  return shiftMonth(monthOf(now.getTime() - longestHorizonDays * DAY_MS), 1);
}
