import { auditPolicySchema, runAudit } from "@/lib/audit";
import { createNaive, createModel, seededRandom } from "@/lib/forecast";
import type { RegisterFacts } from "@/lib/register/entry";
import { generateCity } from "@/lib/simulate";
import { griddedCity } from "../audit/synthetic-city";

const DAY_MS = 86_400_000;

let cached: Record<string, unknown> | null = null;

/** A real audit report of a small synthetic city, stored as the audit job stores it (plain JSON). */
export function storedReport(): Record<string, unknown> {
  if (cached) return cached;
  const city = griddedCity(generateCity({ seed: 21, districts: 4, targetIncidents: 2500, days: 300, discoveryBias: 0.9 }));
  const report = runAudit({
    model: createModel("prospective", {}),
    naive: createNaive(),
    grid: city.grid,
    events: city.all,
    discovered: city.discovered,
    residents: city.residents,
    reference: "group_a",
    fitCutoff: city.day0 + 200,
    starts: Array.from({ length: 8 }, (_, i) => city.day0 + 200 + 7 * i),
    horizonDays: 7,
    coverage: 0.05,
    policy: auditPolicySchema.parse({}),
    random: seededRandom(3),
  });
  cached = JSON.parse(JSON.stringify({ ...report, reference: "group_a" })) as Record<string, unknown>;
  return cached;
}

export const APPROVED_AT = new Date("2026-03-01T09:00:00Z");
export const VALID_UNTIL = new Date("2026-05-30T00:00:00Z");

/** Facts of an approved version (two approvals, one with an override), as the data-access layer reads them. */
export function approvedFacts(overrides: Partial<RegisterFacts["version"]> = {}): RegisterFacts {
  return {
    version: {
      id: "7d1c7c52-8f0e-4a53-9d7c-0d4f3b1f2a10",
      modelId: "0b6f2f0e-5a55-4f8e-9a52-4f1c7f3c9e01",
      modelName: "Property crime hotspots",
      modelPurpose: "Weekly patrol advice for property crime.",
      number: 2,
      state: "approved",
      validUntil: VALID_UNTIL,
      definitionHash: "a".repeat(64),
      definition: { algorithm: "prospective", parameters: {}, categories: ["burglary", "theft"], trainingWindow: { from: "2025-01-01", to: "2025-12-31" }, cellSizeM: 150, areaCodes: ["D01", "D02"], engineVersion: "0.1.0" },
      modelCard: {
        intendedUse: "Advice to patrol supervisors on where property crime is most likely.",
        outOfScopeUses: "No prediction about individuals.",
        dataSources: "Recorded incidents.",
        knownBiases: "Discovered incidents follow patrols.",
        limitations: "Assumes the near future resembles the recent past.",
        humanOversight: "Two officers approve; officers decide.",
        contact: "Model team <models@example.test>",
      },
      approvedAreaCodes: ["D01"],
      approvedCategories: ["burglary"],
      registeredAt: new Date("2026-02-01T09:00:00Z"),
      ...overrides,
    },
    approvals: [
      { role: "oversight_officer", areaCodes: ["D01"], categories: ["burglary"], validUntil: VALID_UNTIL, reason: "Second review agrees.", override: "Feedback ratio read; accepted for D01 only.", at: APPROVED_AT },
      { role: "oversight_officer", areaCodes: ["D01", "D02"], categories: ["burglary"], validUntil: new Date(VALID_UNTIL.getTime() + 10 * DAY_MS), reason: "Audit read.", override: null, at: new Date(APPROVED_AT.getTime() - DAY_MS) },
    ],
    transitions: [
      { from: "draft", to: "submitted", reason: null, ledgerSeq: 10, at: new Date("2026-02-02T09:00:00Z"), actorRole: "model_developer" },
      { from: "submitted", to: "audited", reason: null, ledgerSeq: 11, at: new Date("2026-02-10T09:00:00Z"), actorRole: null },
      { from: "audited", to: "audited", reason: null, ledgerSeq: 12, at: new Date(APPROVED_AT.getTime() - DAY_MS), actorRole: "oversight_officer" },
      { from: "audited", to: "approved", reason: null, ledgerSeq: 13, at: APPROVED_AT, actorRole: "oversight_officer" },
    ],
    audit: { id: "3e8c1f7a-7b59-4d0a-8f1e-2a3b4c5d6e7f", completedAt: new Date("2026-02-10T09:00:00Z"), evaluation: { from: "2025-10-01", to: "2026-01-31", horizonDays: 7, coverage: 0.05 }, inputHash: "b".repeat(64), report: storedReport() },
    incidents: [],
    usage: { forecasts: 14, views: 5, patrolDecisions: 3, lastForecastAt: new Date("2026-03-05T02:00:00Z") },
  };
}
