/**
 * A case's clock. Deadlines are counted in calendar days in the jurisdiction's time zone and fall
 * at the end of the local day: a case received on 31 January with 30 days is due at the end of
 * 2 March (1 March in a leap year), whatever daylight saving did in between. Pure: `now` is an
 * argument.
 */
import type { DeadlinePolicy } from "./policy";

const DAY_MS = 86_400_000;

/** A local calendar date as days since 1970-01-01 (a "day number"). */
export type DayNumber = number;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time in `timeZone` at an instant, read as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The local calendar day of an instant. */
export function localDay(instant: Date, timeZone: string): DayNumber {
  return Math.floor(wallClock(instant.getTime(), timeZone) / DAY_MS);
}

/** The instant a local day begins (local midnight), correct across daylight-saving changes. */
export function startOfLocalDay(day: DayNumber, timeZone: string): Date {
  const wall = day * DAY_MS;
  // The zone's offset at the guess, then at the corrected instant: two passes settle any offset.
  let instant = wall - (wallClock(wall, timeZone) - wall);
  instant = wall - (wallClock(instant, timeZone) - instant);
  return new Date(instant);
}

/** The last millisecond of a local day: what a deadline "on" that day means. */
export function endOfLocalDay(day: DayNumber, timeZone: string): Date {
  return new Date(startOfLocalDay(day + 1, timeZone).getTime() - 1);
}

/** The local date of an instant as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(localDay(instant, timeZone) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The end of the local day `days` calendar days after `from`'s local day.
 *
 * @example dueAfter(new Date("2026-01-31T15:00:00Z"), 30, "UTC").toISOString() // "2026-03-02T23:59:59.999Z"
 */
export function dueAfter(from: Date, days: number, timeZone: string): Date {
  return endOfLocalDay(localDay(from, timeZone) + days, timeZone);
}

/** The due date of a case received at `receivedAt`. */
export function initialDueAt(receivedAt: Date, policy: DeadlinePolicy): Date {
  return dueAfter(receivedAt, policy.responseDays, policy.timeZone);
}

export type ExtensionCheck = { ok: true; dueAt: Date } | { ok: false; field: "days" | "reason" | "case"; message: string };

/**
 * The one extension: up to `maxExtensionDays` more days from the current due date, with a reason,
 * granted before the deadline has passed (a late answer is not cured by extending afterwards).
 */
export function extendDeadline(
  current: { dueAt: Date; extended: boolean },
  request: { days: number; reason: string },
  now: Date,
  policy: DeadlinePolicy,
): ExtensionCheck {
  if (current.extended) return { ok: false, field: "case", message: "The deadline was already extended once; only one extension is allowed." };
  if (policy.maxExtensionDays === 0) return { ok: false, field: "case", message: "This jurisdiction's policy allows no extension." };
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > policy.maxExtensionDays) {
    return { ok: false, field: "days", message: `between 1 and ${policy.maxExtensionDays} days` };
  }
  const reason = request.reason.trim();
  if (reason.length === 0) return { ok: false, field: "reason", message: "give the reason for the extension" };
  if (reason.length > 2000) return { ok: false, field: "reason", message: "at most 2000 characters" };
  if (now.getTime() > current.dueAt.getTime()) return { ok: false, field: "case", message: "The deadline has passed; it can no longer be extended." };
  return { ok: true, dueAt: endOfLocalDay(localDay(current.dueAt, policy.timeZone) + request.days, policy.timeZone) };
}

/**
 * The due date after a paused clock restarts: moved by the whole local days the citizen took to
 * answer (an answer on the day of the request costs no day).
 */
export function resumeClock(dueAt: Date, pausedAt: Date, resumedAt: Date, timeZone: string): Date {
  const paused = Math.max(0, localDay(resumedAt, timeZone) - localDay(pausedAt, timeZone));
  return paused === 0 ? dueAt : endOfLocalDay(localDay(dueAt, timeZone) + paused, timeZone);
}

export type ClockState = "closed" | "paused" | "overdue" | "due_soon" | "on_time";

/**
 * Where a case stands against its deadline at `now`, and the local days left (negative when late).
 *
 * @example clockOf({ open: true, dueAt, pausedAt: null }, now, policy) // { state: "due_soon", daysLeft: 3 }
 */
export function clockOf(current: { open: boolean; dueAt: Date | null; pausedAt: Date | null }, now: Date, policy: DeadlinePolicy): { state: ClockState; daysLeft: number | null } {
  if (!current.open || current.dueAt === null) return { state: "closed", daysLeft: null };
  const daysLeft = localDay(current.dueAt, policy.timeZone) - localDay(now, policy.timeZone);
  if (current.pausedAt !== null) return { state: "paused", daysLeft };
  if (now.getTime() > current.dueAt.getTime()) return { state: "overdue", daysLeft };
  return { state: daysLeft <= policy.dueSoonDays ? "due_soon" : "on_time", daysLeft };
}
