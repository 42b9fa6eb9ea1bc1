import { describe, expect, it } from "vitest";
import { summariseAudit, worstDisparity } from "@/lib/register/audit-summary";
import { buildEntry, REGISTER_STATES } from "@/lib/register/entry";
import { VERSION_STATES } from "@/lib/workflow/model-lifecycle";
import { APPROVED_AT, approvedFacts, storedReport, VALID_UNTIL } from "./fixtures";

const NOW = new Date("2026-03-10T12:00:00Z");

describe("a register entry", () => {
  it("lists exactly the versions that are or were approved", () => {
    for (const state of VERSION_STATES) {
      const entry = buildEntry(approvedFacts({ state }), NOW);
      expect(entry === null, state).toBe(!(REGISTER_STATES as readonly string[]).includes(state));
    }
  });

  it("reads an approval that lapsed a second ago as expired, from its valid-until, before any sweep wrote it", () => {
    const justAfter = new Date(VALID_UNTIL.getTime() + 1000);
    const entry = buildEntry(approvedFacts(), justAfter)!;
    expect(entry).toMatchObject({ state: "expired", atrsPhase: "retired", stateSince: VALID_UNTIL });
    expect(buildEntry(approvedFacts(), new Date(VALID_UNTIL.getTime() - 1000))).toMatchObject({ state: "approved", atrsPhase: "production", stateSince: APPROVED_AT });
  });

  it("shows a suspension with its reason and who suspended by role", () => {
    const facts = approvedFacts({ state: "suspended" });
    const at = new Date("2026-03-09T08:00:00Z");
    facts.transitions.push({ from: "approved", to: "suspended", reason: "Harm reported in D01.", ledgerSeq: 40, at, actorRole: "oversight_officer" });
    const entry = buildEntry(facts, NOW)!;
    expect(entry.state).toBe("suspended");
    expect(entry.stateSince).toEqual(at);
    expect(entry.suspensions).toEqual([{ at, reason: "Harm reported in D01.", ledgerSeq: 40, role: "oversight_officer" }]);
    expect(entry.history.map((h) => h.to)).toEqual(["submitted", "audited", "audited", "approved", "suspended"]);
  });

  it("names the approvers' roles, the scope, the approval time and every override with its justification", () => {
    const entry = buildEntry(approvedFacts(), NOW)!;
    expect(entry.approval.approvedAt).toEqual(APPROVED_AT);
    expect(entry.approval.scope).toEqual({ areaCodes: ["D01"], categories: ["burglary"] });
    expect(entry.approval.approvals.map((a) => a.role)).toEqual(["oversight_officer", "oversight_officer"]);
    expect(entry.approval.approvals[0]!.at.getTime()).toBeLessThan(entry.approval.approvals[1]!.at.getTime());
    expect(entry.overrides).toEqual([{ role: "oversight_officer", at: APPROVED_AT, justification: "Feedback ratio read; accepted for D01 only." }]);
  });

  it("summarises the stored audit: PAI and disparity with their intervals, a verdict per criterion", () => {
    const report = storedReport() as { accuracy: { model: { pai: unknown } }; bias: { group: string; disparity: unknown }[]; policy: { verdict: string } };
    const entry = buildEntry(approvedFacts(), NOW)!;
    const audit = entry.audit!;
    expect(audit.pai).toEqual(report.accuracy.model.pai);
    expect(audit.pai.lower!).toBeLessThanOrEqual(audit.pai.estimate!);
    expect(audit.pai.upper!).toBeGreaterThanOrEqual(audit.pai.estimate!);
    expect(audit.groups.map((g) => g.group)).toEqual(report.bias.map((b) => b.group));
    expect(audit.groups.find((g) => g.group === "group_b")!.disparity).toEqual(report.bias.find((b) => b.group === "group_b")!.disparity);
    expect(audit.criteria.map((c) => c.criterion)).toEqual(["min_pai", "margin_over_naive", "disparity_band", "false_positive_disparity", "feedback_ratio"]);
    expect(audit.verdict).toBe(report.policy.verdict);
    expect(audit.criteria.find((c) => c.criterion === "min_pai")!.limit).toEqual({ min: 2 });
    expect(audit.criteria.find((c) => c.criterion === "disparity_band")!.limit).toEqual({ band: [0.8, 1.25] });
    expect(worstDisparity(audit)?.group).not.toBe("group_a");
  });

  it("picks the group furthest outside the band, a group never flagged first", () => {
    const interval = (estimate: number | null) => ({ estimate, lower: estimate, upper: estimate, level: 0.95 });
    const group = (name: string, d: number | null) => ({ group: name, exposure: interval(0.1), disparity: interval(d), outsideBand: false, falsePositiveDisparity: interval(1) });
    const band: [number, number] = [0.8, 1.25];
    expect(worstDisparity({ reference: "a", band, groups: [group("a", 1), group("b", 1.3), group("c", 0.5)] })?.group).toBe("c");
    expect(worstDisparity({ reference: "a", band, groups: [group("a", 1), group("b", 0), group("c", 0.5)] })?.group).toBe("b");
    expect(worstDisparity({ reference: "a", band, groups: [group("a", 1), group("b", null)] })).toBeNull();
  });

  it("refuses a stored report it cannot read, naming the field", () => {
    const facts = approvedFacts();
    const report = structuredClone(storedReport()) as { accuracy: { model: { pai: unknown } } };
    report.accuracy.model.pai = "high";
    expect(() => summariseAudit({ ...facts.audit!, report })).toThrow(/report\.accuracy\.model\.pai/);
    expect(() => buildEntry(approvedFacts({ definition: { algorithm: "prospective" } }), NOW)).toThrow(/definition\.parameters/);
  });

  it("puts the newest serious incident first with its reporting clock at the register's time", () => {
    const facts = approvedFacts();
    const base = { harmCategory: "fundamental_rights_infringement" as const, widespread: false, affectedGroups: ["residents of D01"], description: "Flags concentrated on one neighbourhood for weeks.", actionsTaken: "Suspended.", occurredAt: null, timeZone: "UTC", rule: "art73_2_general" as const, filedByRole: "oversight_officer", reportedAt: null, authorityReference: null };
    facts.incidents = [
      { ...base, id: "11111111-1111-4111-8111-111111111111", awareAt: new Date("2026-03-01T00:00:00Z"), dueAt: new Date("2026-03-16T23:59:59.999Z"), filedAt: new Date("2026-03-02T00:00:00Z"), ledgerSeq: 50 },
      { ...base, id: "22222222-2222-4222-8222-222222222222", awareAt: new Date("2026-02-01T00:00:00Z"), dueAt: new Date("2026-02-16T23:59:59.999Z"), filedAt: new Date("2026-02-02T00:00:00Z"), ledgerSeq: 30 },
    ];
    const entry = buildEntry(facts, NOW)!;
    expect(entry.seriousIncidents.map((i) => i.ledgerSeq)).toEqual([50, 30]);
    expect(entry.seriousIncidents[0]!.clock).toMatchObject({ state: "open", overdue: false, daysLeft: 7 });
    expect(entry.seriousIncidents[1]!.clock).toMatchObject({ state: "open", overdue: true });
  });
});
