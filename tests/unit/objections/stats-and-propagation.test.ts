import { describe, expect, it } from "vitest";
import { deadlinePolicyFor, DEFAULT_OBJECTION_POLICY, needsReaudit, objectionPolicySchema } from "@/lib/objections/policy";
import { applyCorrection, correctedFields, definitionCovers, forecastUsedRecord } from "@/lib/objections/propagation";
import { median, objectionStats, type CaseForStats } from "@/lib/objections/stats";

const DAY = 86_400_000;
const c = (kind: CaseForStats["kind"], received: string, decidedAfterDays: number | null, outcome: CaseForStats["outcome"] = null, onTime: boolean | null = null): CaseForStats => ({
  kind,
  receivedAt: new Date(received),
  decidedAt: decidedAfterDays === null ? null : new Date(Date.parse(received) + decidedAfterDays * DAY),
  outcome,
  decidedOnTime: onTime,
});

describe("public statistics", () => {
  const cases = [
    c("rectification", "2026-01-05T10:00:00Z", 10, "upheld", true),
    c("rectification", "2026-01-20T10:00:00Z", 20, "rejected", true), // decided 9 February
    c("access", "2026-01-25T10:00:00Z", 40, "partially_upheld", false), // decided 6 March
    c("objection", "2026-02-02T10:00:00Z", null),
    c("complaint", "2026-02-03T10:00:00Z", 3, "rejected", true),
  ];
  const stats = objectionStats(cases);

  it("counts receipts by kind in the month received, decisions by outcome in the month decided", () => {
    expect(stats.months.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    const [jan, feb, mar] = stats.months;
    expect(jan).toMatchObject({ received: 3, receivedByKind: { rectification: 2, access: 1, exclusion: 0, objection: 0, complaint: 0 }, decided: 1, decidedByOutcome: { upheld: 1, partially_upheld: 0, rejected: 0 } });
    expect(feb).toMatchObject({ received: 2, decided: 2, decidedByOutcome: { rejected: 2 }, medianDaysToDecision: 11.5, withinDeadlineShare: 1 });
    expect(mar).toMatchObject({ received: 0, decided: 1, medianDaysToDecision: 40, withinDeadlineShare: 0 });
  });

  it("totals every case: median days to decision and the share within the deadline", () => {
    expect(stats.totals).toMatchObject({ month: "all", received: 5, decided: 4, medianDaysToDecision: 15, withinDeadlineShare: 0.75 });
  });

  it("says null, not zero, when nothing was decided", () => {
    expect(objectionStats([c("access", "2026-01-01T00:00:00Z", null)]).totals).toMatchObject({ decided: 0, medianDaysToDecision: null, withinDeadlineShare: null });
    expect(objectionStats([]).months).toEqual([]);
  });

  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe("which data a changed record reaches", () => {
  const scope = { categories: ["burglary", "theft"], areaCodes: ["D01", "D02"], trainingWindow: { from: "2025-01-01", to: "2025-12-31" } };
  const record = { category: "burglary", areaCode: "D01", occurredAt: new Date("2025-12-31T23:30:00Z") };

  it("a version's training data covers records in its window (both ends inclusive), categories and areas", () => {
    expect(definitionCovers(scope, record)).toBe(true);
    expect(definitionCovers(scope, { ...record, occurredAt: new Date("2025-01-01T00:00:00Z") })).toBe(true);
    expect(definitionCovers(scope, { ...record, occurredAt: new Date("2026-01-01T00:00:00Z") })).toBe(false);
    expect(definitionCovers(scope, { ...record, category: "assault" })).toBe(false);
    expect(definitionCovers(scope, { ...record, areaCode: "D03" })).toBe(false);
    expect(definitionCovers(scope, { ...record, areaCode: null })).toBe(false);
  });

  it("a forecast's inputs include records in its snapshot, scope, and before its period", () => {
    const forecast = { categories: ["burglary"], areaCodes: ["D01"], periodStart: "2026-01-01", snapshotAsOf: new Date("2026-01-01T02:00:00Z") };
    const recorded = { ...record, recordedAt: new Date("2026-01-01T01:00:00Z") };
    expect(forecastUsedRecord(forecast, recorded)).toBe(true);
    expect(forecastUsedRecord(forecast, { ...recorded, recordedAt: new Date("2026-01-01T03:00:00Z") })).toBe(false);
    expect(forecastUsedRecord(forecast, { ...recorded, occurredAt: new Date("2026-01-01T00:30:00Z") })).toBe(false);
    expect(forecastUsedRecord(forecast, { ...recorded, category: "theft" })).toBe(false);
    expect(forecastUsedRecord(forecast, { ...recorded, areaCode: "D02" })).toBe(false);
  });

  it("tells the citizen the fields that changed, and the area rather than coordinates", () => {
    const before = { ...record, lat: 38.61, lon: -90.21 };
    const after = applyCorrection(before, { type: "correct", category: "theft", location: { lat: 38.62, lon: -90.2 } });
    expect(after).toMatchObject({ category: "theft", lat: 38.62, lon: -90.2, occurredAt: record.occurredAt });
    expect(correctedFields(before, { ...after, areaCode: "D02" })).toEqual([
      { field: "category", before: "burglary", after: "theft" },
      { field: "location", areaBefore: "D01", areaAfter: "D02" },
    ]);
    expect(correctedFields(before, applyCorrection(before, { type: "correct", category: "burglary" }))).toEqual([]);
  });
});

describe("the objection policy", () => {
  it("overrides the default per area and keeps the rest", () => {
    const policy = objectionPolicySchema.parse({ ...DEFAULT_OBJECTION_POLICY, byArea: { D01: { responseDays: 20, timeZone: "America/Chicago" } } });
    expect(deadlinePolicyFor(policy, "D01")).toMatchObject({ responseDays: 20, timeZone: "America/Chicago", maxExtensionDays: 60 });
    expect(deadlinePolicyFor(policy, "D02")).toEqual(DEFAULT_OBJECTION_POLICY.default);
    expect(deadlinePolicyFor(policy, null)).toEqual(DEFAULT_OBJECTION_POLICY.default);
  });

  it("refuses unknown time zones and extensions beyond 60 days", () => {
    expect(objectionPolicySchema.safeParse({ ...DEFAULT_OBJECTION_POLICY, default: { ...DEFAULT_OBJECTION_POLICY.default, timeZone: "Mars/Olympus" } }).success).toBe(false);
    expect(objectionPolicySchema.safeParse({ ...DEFAULT_OBJECTION_POLICY, default: { ...DEFAULT_OBJECTION_POLICY.default, maxExtensionDays: 61 } }).success).toBe(false);
  });

  it("asks for a new audit once the changed records reach the threshold", () => {
    expect(needsReaudit(9, { reauditAfterChangedRecords: 10 })).toBe(false);
    expect(needsReaudit(10, { reauditAfterChangedRecords: 10 })).toBe(true);
  });
});
