import { describe, expect, it } from "vitest";
import { atrsFieldPaths, atrsRecordSchema, atrsRegisterSchema } from "@/lib/register/atrs-schema";
import { buildEntry, type PublicCheckpoint, type Register } from "@/lib/register/entry";
import { objectionStats } from "@/lib/objections/stats";
import { atrsRecord, atrsRegister, NOT_RECORDED } from "@/lib/register/to-atrs";
import { approvedFacts } from "./fixtures";

const NOW = new Date("2026-03-10T12:00:00Z");
const checkpoint: PublicCheckpoint = { origin: "sightline/ledger", treeSize: 120, rootHash: "c".repeat(64), timestamp: "2026-03-10T11:50:00.000Z", keyId: "k1", signature: "sig", publicKey: "pk" };
const context = { organisation: "Example Police Oversight Board", baseUrl: "https://oversight.example.org", checkpoint };

function suspendedEntry() {
  const facts = approvedFacts({ state: "suspended" });
  facts.transitions.push({ from: "approved", to: "suspended", reason: "Harm reported in D01.", ledgerSeq: 40, at: new Date("2026-03-09T08:00:00Z"), actorRole: "oversight_officer" });
  facts.incidents = [{ id: "11111111-1111-4111-8111-111111111111", harmCategory: "fundamental_rights_infringement", widespread: false, affectedGroups: ["residents of D01"], description: "Flags concentrated on one neighbourhood for weeks.", actionsTaken: "Suspended the version.", occurredAt: null, awareAt: new Date("2026-03-08T00:00:00Z"), timeZone: "UTC", rule: "art73_2_general", dueAt: new Date("2026-03-23T23:59:59.999Z"), filedAt: new Date("2026-03-09T09:00:00Z"), filedByRole: "oversight_officer", ledgerSeq: 41, reportedAt: null, authorityReference: null }];
  return buildEntry(facts, NOW)!;
}

describe("the ATRS export", () => {
  it("validates against the schema written from the standard, for a version in use, a suspended one and one never audited", () => {
    const approved = buildEntry(approvedFacts(), NOW)!;
    const unaudited = buildEntry({ ...approvedFacts(), audit: null }, NOW)!;
    for (const entry of [approved, suspendedEntry(), unaudited]) {
      const result = atrsRecordSchema.safeParse(atrsRecord(entry, context));
      expect(result.error?.issues ?? []).toEqual([]);
    }
    const register: Register = { generatedAt: NOW, organisation: context.organisation, checkpoint, objections: objectionStats([]), entries: [approved, suspendedEntry()] };
    const whole = atrsRegister(register, context.baseUrl);
    expect(atrsRegisterSchema.safeParse(whole).success).toBe(true);
    expect(whole.records).toHaveLength(2);
  });

  it("fills both tiers from the registry: phase, contact, scope, performance with intervals, risks and the extension", () => {
    const record = atrsRecord(suspendedEntry(), context);
    expect(record.metadata).toMatchObject({ phase: "retired", function: ["public-order-and-safety"], capability: ["forecasting"], date_published: "2026-03-01", date_updated: "2026-03-09", atrs_version: "3.0" });
    expect(record.tier_1).toMatchObject({ website: "https://oversight.example.org/register/7d1c7c52-8f0e-4a53-9d7c-0d4f3b1f2a10", contact_email: "models@example.test" });
    expect(record.tier_2.description_and_rationale.scope).toContain("areas D01 and categories burglary");
    expect(record.tier_2.description_and_rationale.previous_process).toBe(NOT_RECORDED);
    expect(record.tier_2.tool_specification.models[0]!.model_performance).toMatch(/PAI\) \d+\.\d\d \(95% interval \d+\.\d\d–\d+\.\d\d\)/);
    expect(record.tier_2.tool_specification.phase).toContain("Harm reported in D01.");
    expect(record.tier_2.risks_mitigations_and_impact_assessments.impact_assessments).toHaveLength(1);
    expect(record.tier_2.risks_mitigations_and_impact_assessments.risks[0]!.mitigation).toContain("override");
    expect(record.x_sightline).toMatchObject({ state: "suspended", approver_roles: ["oversight_officer", "oversight_officer"], suspensions: [{ reason: "Harm reported in D01.", ledger_seq: 40 }], serious_incidents: [{ harm_category: "fundamental_rights_infringement", reporting_rule: "art73_2_general" }], ledger_checkpoint: { tree_size: 120 } });
  });

  it("leaves the contact e-mail empty when the model card names no address", () => {
    const facts = approvedFacts();
    (facts.version.modelCard as { contact: string }).contact = "The model team, by post";
    const record = atrsRecord(buildEntry(facts, NOW)!, context);
    expect(record.tier_1.contact_email).toBeNull();
    expect(record.tier_2.owner_and_responsibility.senior_responsible_owner).toContain("by post");
  });

  it.each([
    ["a missing tier 1 name", (r: Record<string, any>) => delete r.tier_1.name, "tier_1.name"],
    ["a phase the standard does not have", (r: Record<string, any>) => (r.metadata.phase = "suspended"), "metadata.phase"],
    ["a field the standard does not have", (r: Record<string, any>) => (r.tier_2.owner_and_responsibility.officer_name = "A. Person"), "tier_2.owner_and_responsibility"],
    ["an empty risk list", (r: Record<string, any>) => (r.tier_2.risks_mitigations_and_impact_assessments.risks = []), "tier_2.risks_mitigations_and_impact_assessments.risks"],
    ["a malformed contact e-mail", (r: Record<string, any>) => (r.tier_1.contact_email = "models at example"), "tier_1.contact_email"],
  ])("rejects %s, naming the field", (_name, spoil, path) => {
    const record = structuredClone(atrsRecord(buildEntry(approvedFacts(), NOW)!, context)) as Record<string, any>;
    spoil(record);
    const result = atrsRecordSchema.safeParse(record);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("covers the standard's tier 1 and tier 2 fields", () => {
    const paths = atrsFieldPaths();
    for (const field of ["tier_1.name", "tier_1.description", "tier_1.website", "tier_1.contact_email", "tier_2.owner_and_responsibility.senior_responsible_owner", "tier_2.decision_making_process.appeals_and_review", "tier_2.tool_specification.models[].model_performance", "tier_2.tool_specification.data[].sensitive_attributes", "tier_2.risks_mitigations_and_impact_assessments.risks[].mitigation", "metadata.phase"]) {
      expect(paths).toContain(field);
    }
    expect(paths.filter((p) => p.startsWith("tier_1."))).toHaveLength(4);
  });
});
