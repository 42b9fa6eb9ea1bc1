import { describe, expect, it } from "vitest";
import { clockOf, dueAfter, endOfLocalDay, extendDeadline, initialDueAt, localDate, localDay, resumeClock, startOfLocalDay } from "@/lib/objections/deadlines";
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from "@/lib/objections/policy";

const utc = DEFAULT_DEADLINE_POLICY;
const chicago: DeadlinePolicy = { ...DEFAULT_DEADLINE_POLICY, timeZone: "America/Chicago" };
const shanghai: DeadlinePolicy = { ...DEFAULT_DEADLINE_POLICY, timeZone: "Asia/Shanghai" };
const at = (iso: string) => new Date(iso);

describe("due dates count calendar days in the jurisdiction's time zone", () => {
  it("30 days from 31 January is the end of 2 March, or of 1 March in a leap year", () => {
    expect(initialDueAt(at("2026-01-31T15:00:00Z"), utc).toISOString()).toBe("2026-03-02T23:59:59.999Z");
    expect(initialDueAt(at("2028-01-31T15:00:00Z"), utc).toISOString()).toBe("2028-03-01T23:59:59.999Z");
  });

  it("crosses the year end", () => {
    expect(initialDueAt(at("2025-12-15T09:30:00Z"), utc).toISOString()).toBe("2026-01-14T23:59:59.999Z");
  });

  it("takes the local day of receipt: late evening in Chicago is already tomorrow in UTC", () => {
    // 23:00 on 19 February in Chicago (CST, UTC−6) is 05:00 on the 20th in UTC.
    const received = at("2026-02-20T05:00:00Z");
    expect(localDate(received, "America/Chicago")).toBe("2026-02-19");
    // Due the end of 21 March, local: after the switch to daylight time (8 March), UTC−5.
    expect(initialDueAt(received, chicago).toISOString()).toBe("2026-03-22T04:59:59.999Z");
    expect(localDate(initialDueAt(received, chicago), "America/Chicago")).toBe("2026-03-21");
  });

  it("ends the local day even on the day clocks change (23- and 25-hour days)", () => {
    const springForward = localDay(at("2026-03-08T12:00:00Z"), "America/Chicago");
    expect(endOfLocalDay(springForward, "America/Chicago").getTime() - startOfLocalDay(springForward, "America/Chicago").getTime()).toBe(23 * 3_600_000 - 1);
    const fallBack = localDay(at("2026-11-01T12:00:00Z"), "America/Chicago");
    expect(endOfLocalDay(fallBack, "America/Chicago").getTime() - startOfLocalDay(fallBack, "America/Chicago").getTime()).toBe(25 * 3_600_000 - 1);
  });

  it("works east of Greenwich too: Shanghai (UTC+8) midnight is 16:00 UTC the day before", () => {
    expect(dueAfter(at("2026-04-30T17:00:00Z"), 1, "Asia/Shanghai").toISOString()).toBe("2026-05-02T15:59:59.999Z");
    expect(initialDueAt(at("2026-04-30T17:00:00Z"), shanghai).toISOString()).toBe("2026-05-31T15:59:59.999Z");
  });
});

describe("the one extension", () => {
  const dueAt = at("2026-01-31T23:59:59.999Z");
  const now = at("2026-01-20T10:00:00Z");

  it("adds up to 60 days from the current due date, across months", () => {
    const result = extendDeadline({ dueAt, extended: false }, { days: 60, reason: "Police records must be retrieved from archive." }, now, utc);
    expect(result).toEqual({ ok: true, dueAt: at("2026-04-01T23:59:59.999Z") });
    expect(extendDeadline({ dueAt, extended: false }, { days: 29, reason: "x" }, now, utc)).toEqual({ ok: true, dueAt: at("2026-03-01T23:59:59.999Z") });
  });

  it("is refused beyond 60 days, below one day, or without a reason, naming the field", () => {
    expect(extendDeadline({ dueAt, extended: false }, { days: 61, reason: "x" }, now, utc)).toMatchObject({ ok: false, field: "days" });
    expect(extendDeadline({ dueAt, extended: false }, { days: 0, reason: "x" }, now, utc)).toMatchObject({ ok: false, field: "days" });
    expect(extendDeadline({ dueAt, extended: false }, { days: 2.5, reason: "x" }, now, utc)).toMatchObject({ ok: false, field: "days" });
    expect(extendDeadline({ dueAt, extended: false }, { days: 10, reason: "   " }, now, utc)).toMatchObject({ ok: false, field: "reason" });
  });

  it("is given once, and never after the deadline passed", () => {
    expect(extendDeadline({ dueAt, extended: true }, { days: 10, reason: "again" }, now, utc)).toMatchObject({ ok: false, field: "case" });
    expect(extendDeadline({ dueAt, extended: false }, { days: 10, reason: "late" }, at("2026-02-01T00:00:00Z"), utc)).toMatchObject({ ok: false, field: "case" });
  });

  it("follows a jurisdiction's smaller maximum, or its refusal of extensions", () => {
    expect(extendDeadline({ dueAt, extended: false }, { days: 21, reason: "x" }, now, { ...utc, maxExtensionDays: 20 })).toMatchObject({ ok: false, field: "days", message: "between 1 and 20 days" });
    expect(extendDeadline({ dueAt, extended: false }, { days: 1, reason: "x" }, now, { ...utc, maxExtensionDays: 0 })).toMatchObject({ ok: false, field: "case" });
  });
});

describe("the clock", () => {
  const dueAt = at("2026-03-02T23:59:59.999Z");

  it("moves the due date by the whole days it was paused", () => {
    expect(resumeClock(dueAt, at("2026-02-10T09:00:00Z"), at("2026-02-10T18:00:00Z"), "UTC")).toEqual(dueAt);
    expect(resumeClock(dueAt, at("2026-02-10T23:00:00Z"), at("2026-02-11T01:00:00Z"), "UTC").toISOString()).toBe("2026-03-03T23:59:59.999Z");
    expect(resumeClock(dueAt, at("2026-02-10T09:00:00Z"), at("2026-02-24T09:00:00Z"), "UTC").toISOString()).toBe("2026-03-16T23:59:59.999Z");
  });

  it("says on time, due soon, overdue, paused or closed, with local days left", () => {
    expect(clockOf({ open: true, dueAt, pausedAt: null }, at("2026-02-01T12:00:00Z"), utc)).toEqual({ state: "on_time", daysLeft: 29 });
    expect(clockOf({ open: true, dueAt, pausedAt: null }, at("2026-02-23T12:00:00Z"), utc)).toEqual({ state: "due_soon", daysLeft: 7 });
    expect(clockOf({ open: true, dueAt, pausedAt: null }, at("2026-03-02T23:59:59.000Z"), utc)).toEqual({ state: "due_soon", daysLeft: 0 });
    expect(clockOf({ open: true, dueAt, pausedAt: null }, at("2026-03-03T00:00:00Z"), utc)).toEqual({ state: "overdue", daysLeft: -1 });
    expect(clockOf({ open: true, dueAt, pausedAt: at("2026-02-01T00:00:00Z") }, at("2026-03-05T00:00:00Z"), utc).state).toBe("paused");
    expect(clockOf({ open: false, dueAt, pausedAt: null }, at("2026-03-05T00:00:00Z"), utc)).toEqual({ state: "closed", daysLeft: null });
  });
});
