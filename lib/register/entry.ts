/**
 * One public register entry: a model version that is or was approved, as a visitor may see it.
 * Built from plain facts the data-access layer reads; it carries roles, never names or e-mails,
 * and nothing of versions that were never approved. Pure: `now` is an argument, so an approval
 * that lapsed a second ago reads as expired here even before the sweep has written it.
 */
import { z } from "zod";
import type { ObjectionStats } from "../objections/stats";
import { effectiveState, type VersionState } from "../workflow/model-lifecycle";
import { summariseAudit, type AuditSummary, type StoredAudit } from "./audit-summary";
import { reportingClock, type HarmCategory, type ReportingClock, type ReportingRule } from "./incident-clock";

/** States of a version that is or was approved: the register lists exactly these. */
export const REGISTER_STATES = ["approved", "suspended", "expired", "retired"] as const satisfies readonly VersionState[];
export type RegisterState = (typeof REGISTER_STATES)[number];

export function isRegisterState(state: string): state is RegisterState {
  return (REGISTER_STATES as readonly string[]).includes(state);
}

/** ATRS phase of a version: in use, or no longer in use (the Sightline state says why). */
export type AtrsPhase = "production" | "retired";
export const atrsPhaseOf = (state: RegisterState): AtrsPhase => (state === "approved" ? "production" : "retired");

const definitionSchema = z.object({
  algorithm: z.string(),
  parameters: z.record(z.string(), z.number()),
  categories: z.array(z.string()),
  trainingWindow: z.object({ from: z.string(), to: z.string() }),
  cellSizeM: z.number(),
  areaCodes: z.array(z.string()),
  engineVersion: z.string(),
});
const modelCardSchema = z.object({
  intendedUse: z.string(),
  outOfScopeUses: z.string(),
  dataSources: z.string(),
  knownBiases: z.string(),
  limitations: z.string(),
  humanOversight: z.string(),
  contact: z.string(),
});
export type PublicDefinition = z.infer<typeof definitionSchema>;
export type PublicModelCard = z.infer<typeof modelCardSchema>;

export interface SeriousIncidentFacts {
  id: string;
  harmCategory: HarmCategory;
  widespread: boolean;
  affectedGroups: string[];
  description: string;
  actionsTaken: string;
  occurredAt: Date | null;
  awareAt: Date;
  timeZone: string;
  rule: ReportingRule;
  dueAt: Date;
  filedAt: Date;
  filedByRole: string;
  ledgerSeq: number;
  reportedAt: Date | null;
  authorityReference: string | null;
}

export interface PublicSeriousIncident extends SeriousIncidentFacts {
  clock: ReportingClock;
}

/** What the data-access layer reads for one version; roles stand where people acted. */
export interface RegisterFacts {
  version: {
    id: string;
    modelId: string;
    modelName: string;
    modelPurpose: string;
    number: number;
    state: string;
    validUntil: Date | null;
    definitionHash: string;
    definition: unknown;
    modelCard: unknown;
    approvedAreaCodes: string[] | null;
    approvedCategories: string[] | null;
    registeredAt: Date;
  };
  approvals: { role: string; areaCodes: string[]; categories: string[]; validUntil: Date; reason: string; override: string | null; at: Date }[];
  transitions: { from: string; to: string; reason: string | null; ledgerSeq: number; at: Date; actorRole: string | null }[];
  /** The latest completed audit, if any. */
  audit: StoredAudit | null;
  incidents: SeriousIncidentFacts[];
  usage: { forecasts: number; views: number; patrolDecisions: number; lastForecastAt: Date | null };
}

export interface RegisterEntry {
  id: string;
  model: { id: string; name: string; purpose: string };
  version: number;
  /** The state as of the register's `generatedAt`. */
  state: RegisterState;
  /** When the version entered that state (for a lapse not yet swept: its valid-until). */
  stateSince: Date;
  atrsPhase: AtrsPhase;
  definitionHash: string;
  definition: PublicDefinition;
  modelCard: PublicModelCard;
  registeredAt: Date;
  approval: {
    /** When the second approval made the version approved. */
    approvedAt: Date | null;
    validUntil: Date | null;
    scope: { areaCodes: string[]; categories: string[] };
    approvals: { role: string; at: Date; validUntil: Date; areaCodes: string[]; categories: string[]; reason: string; override: string | null }[];
  };
  /** Approvals given despite a failed audit criterion, with the approver's justification. */
  overrides: { role: string; at: Date; justification: string }[];
  audit: AuditSummary | null;
  suspensions: { at: Date; reason: string | null; ledgerSeq: number; role: string | null }[];
  history: { from: string; to: string; at: Date; reason: string | null; ledgerSeq: number; role: string | null }[];
  seriousIncidents: PublicSeriousIncident[];
  usage: RegisterFacts["usage"];
}

function parseStored<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${what}.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "unreadable"}`);
}

/**
 * The public entry for one version at `now`, or null when the version is not on the register
 * (a draft, or one never approved).
 *
 * @example buildEntry(facts, new Date())?.state // "suspended"
 */
export function buildEntry(facts: RegisterFacts, now: Date): RegisterEntry | null {
  const v = facts.version;
  if (!isRegisterState(v.state)) return null;
  const state = effectiveState({ state: v.state, approvals: v.validUntil ? [{ validUntil: v.validUntil }] : [] }, now) as RegisterState;
  const transitions = [...facts.transitions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = transitions.at(-1);
  const lapsedUnswept = state === "expired" && v.state === "approved";
  const approvedAt = transitions.find((t) => t.to === "approved")?.at ?? null;
  return {
    id: v.id,
    model: { id: v.modelId, name: v.modelName, purpose: v.modelPurpose },
    version: v.number,
    state,
    stateSince: lapsedUnswept && v.validUntil ? v.validUntil : (last?.at ?? v.registeredAt),
    atrsPhase: atrsPhaseOf(state),
    definitionHash: v.definitionHash,
    definition: parseStored(definitionSchema, v.definition, `version ${v.id} definition`),
    modelCard: parseStored(modelCardSchema, v.modelCard, `version ${v.id} modelCard`),
    registeredAt: v.registeredAt,
    approval: {
      approvedAt,
      validUntil: v.validUntil,
      scope: { areaCodes: v.approvedAreaCodes ?? [], categories: v.approvedCategories ?? [] },
      approvals: [...facts.approvals].sort((a, b) => a.at.getTime() - b.at.getTime()),
    },
    overrides: facts.approvals.filter((a) => a.override !== null).map((a) => ({ role: a.role, at: a.at, justification: a.override! })),
    audit: facts.audit ? summariseAudit(facts.audit) : null,
    suspensions: transitions.filter((t) => t.to === "suspended").map((t) => ({ at: t.at, reason: t.reason, ledgerSeq: t.ledgerSeq, role: t.actorRole })),
    history: transitions.map((t) => ({ from: t.from, to: t.to, at: t.at, reason: t.reason, ledgerSeq: t.ledgerSeq, role: t.actorRole })),
    seriousIncidents: [...facts.incidents].sort((a, b) => b.filedAt.getTime() - a.filedAt.getTime()).map((incident) => ({ ...incident, clock: reportingClock(incident, now) })),
    usage: facts.usage,
  };
}

export interface PublicCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
  publicKey: string;
}

export interface Register {
  generatedAt: Date;
  organisation: string;
  checkpoint: PublicCheckpoint | null;
  /** The objection service's public statistics, monthly and overall. */
  objections: ObjectionStats;
  entries: RegisterEntry[];
}
