import "server-only";
import { and, asc, eq, inArray, max } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { noteChange } from "@/db/change-feed";
import { models, modelVersions, users, versionApprovals, versionTransitions, type ModelVersion } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import type { LedgerKind } from "@/lib/ledger/entry-kinds";
import { modelCardSchema, versionDefinitionSchema, versionFingerprint } from "@/lib/workflow/model-card";
import { decide, decideRegistration, effectiveState, type LifecycleEvent, type VersionFacts, type VersionState } from "@/lib/workflow/model-lifecycle";
import { appendToLedger } from "./ledger";
import { versionDataChangeSummary } from "./objections-propagation";

const modelSchema = z.object({ name: z.string().trim().min(1).max(120), purpose: z.string().trim().min(1).max(2000) }).strict();

/** A new model under which versions are registered (model developers only). */
export async function registerModel(actor: Actor, input: unknown): Promise<{ id: string; name: string }> {
  assertCan(actor, "models.register");
  const parsed = parseOrThrow(modelSchema, input, "model");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: models.id }).from(models).where(eq(models.name, parsed.name));
    if (existing) throw new AppError("conflict", `name: a model called "${parsed.name}" exists`);
    const [row] = await tx.insert(models).values({ ...parsed, ownerId: actor.userId }).returning();
    if (!row) throw new Error("model insert returned nothing");
    await appendToLedger(tx, { kind: "model.registered", actor: actor.pseudonym, subjects: [{ type: "model", id: row.id }], payloadHash: sha256Hex(canonicalJson(parsed)) });
    return { id: row.id, name: row.name };
  });
}

/** Checks a version's definition and model card without storing anything, naming the first bad field. */
export function validateVersionInput(input: { definition: unknown; modelCard: unknown }): void {
  parseOrThrow(versionDefinitionSchema, input.definition, "definition");
  parseOrThrow(modelCardSchema, input.modelCard, "modelCard");
}

/**
 * A draft version: the definition and model card, validated; immutable once submitted. Its hash
 * is over the definition's fingerprint (sets sorted), so two spellings of one definition hash alike.
 */
export async function registerVersion(actor: Actor, modelId: string, input: { definition: unknown; modelCard: unknown }): Promise<{ id: string; number: number; definitionHash: string }> {
  assertCan(actor, "models.register");
  const permit = decideRegistration({ userId: actor.userId, role: actor.role });
  if (!permit.ok) throw new AppError(permit.code, permit.message);
  const definition = parseOrThrow(versionDefinitionSchema, input.definition, "definition");
  const modelCard = parseOrThrow(modelCardSchema, input.modelCard, "modelCard");
  const definitionHash = sha256Hex(canonicalJson({ definition: versionFingerprint(definition), modelCard }));
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [model] = await tx.select({ id: models.id }).from(models).where(eq(models.id, modelId)).for("update");
    if (!model) throw new AppError("not_found", "No such model.");
    const [last] = await tx.select({ n: max(modelVersions.number) }).from(modelVersions).where(eq(modelVersions.modelId, modelId));
    const number = (last?.n ?? 0) + 1;
    const [row] = await tx.insert(modelVersions).values({ modelId, number, registrantId: actor.userId, definition, modelCard, definitionHash }).returning();
    if (!row) throw new Error("version insert returned nothing");
    await appendToLedger(tx, { kind: "model.registered", actor: actor.pseudonym, subjects: [{ type: "model_version", id: row.id, hash: definitionHash }], payloadHash: definitionHash });
    return { id: row.id, number, definitionHash };
  });
}

const LEDGER_KIND: Record<LifecycleEvent["type"], LedgerKind> = {
  submit: "version.submitted",
  record_audit: "audit.completed",
  approve: "version.approved",
  reject: "version.rejected",
  suspend: "version.suspended",
  expire: "version.expired",
  retire: "version.retired",
};

async function loadFacts(tx: Executor, versionId: string): Promise<{ row: ModelVersion; facts: VersionFacts }> {
  const [row] = await tx.select().from(modelVersions).where(eq(modelVersions.id, versionId)).for("update");
  if (!row) throw new AppError("not_found", "No such model version.");
  const approvals = await tx.select().from(versionApprovals).where(eq(versionApprovals.versionId, versionId)).orderBy(asc(versionApprovals.createdAt));
  const definition = row.definition as { areaCodes?: string[]; categories?: string[] };
  return {
    row,
    facts: {
      state: row.state as VersionState,
      registrantId: row.registrantId,
      areaCodes: definition.areaCodes ?? [],
      categories: definition.categories ?? [],
      auditVerdict: (row.auditVerdict as "pass" | "fail" | null) ?? null,
      approvals: approvals.map((a) => ({ approverId: a.approverId, areaCodes: a.areaCodes, categories: a.categories, validUntil: a.validUntil, reason: a.reason, override: a.override, at: a.createdAt })),
    },
  };
}

/**
 * Applies one lifecycle event: the pure state machine decides, then the approval (if any), the
 * conditional state update, the transition record and its ledger entry commit together. The
 * version row is locked, and the update names the state it expects, so concurrent approvals
 * produce exactly one state change.
 */
export async function applyVersionEvent(
  actor: Actor | null,
  versionId: string,
  event: LifecycleEvent,
  now: Date = new Date(),
  /** An open transaction to join (e.g. an audit job completing), else a new one. */
  executor?: Executor,
): Promise<{ state: VersionState; ledgerSeq: number }> {
  if (actor && event.type !== "submit" && event.type !== "retire") assertCan(actor, "versions.decide");
  if (!z.string().uuid().safeParse(versionId).success) throw new AppError("not_found", "No such model version.");
  const db = executor ?? (await getDb());
  const result = await db.transaction(async (tx) => {
    const { row, facts } = await loadFacts(tx, versionId);
    if (actor && actor.role === "model_developer" && row.registrantId !== actor.userId) throw new AppError("not_found", "No such model version.");
    const decision = decide(facts, event, actor ? { userId: actor.userId, role: actor.role } : null, now);
    if (!decision.ok) throw new AppError(decision.code, decision.message);
    if (event.type === "approve") await refuseApprovalOnChangedData(tx, versionId, facts.approvals.length > 0);
    if (decision.approval) {
      await tx.insert(versionApprovals).values({ versionId, registrantId: row.registrantId, approverId: decision.approval.approverId, areaCodes: decision.approval.areaCodes, categories: decision.approval.categories, validUntil: decision.approval.validUntil, reason: decision.approval.reason, override: decision.approval.override });
    }
    const updated = await tx
      .update(modelVersions)
      .set({
        state: decision.next,
        stateChangedAt: now,
        ...(event.type === "record_audit" ? { auditVerdict: event.verdict } : {}),
        ...(decision.validUntil ? { validUntil: decision.validUntil, approvedAreaCodes: decision.approvedScope?.areaCodes, approvedCategories: decision.approvedScope?.categories } : {}),
      })
      .where(and(eq(modelVersions.id, versionId), eq(modelVersions.state, row.state)))
      .returning({ id: modelVersions.id });
    if (updated.length === 0) throw new AppError("conflict", "The version changed meanwhile; reload and try again.");
    const reason = "reason" in event ? event.reason : null;
    const receipt = await appendToLedger(tx, {
      kind: LEDGER_KIND[event.type],
      actor: actor?.pseudonym ?? "system",
      subjects: [{ type: "model_version", id: versionId, hash: row.definitionHash }],
      payloadHash: sha256Hex(canonicalJson({ from: row.state, to: decision.next, reason, approval: decision.approval ? { ...decision.approval, validUntil: decision.approval.validUntil.toISOString(), at: decision.approval.at.toISOString() } : null })),
    }, now);
    await tx.insert(versionTransitions).values({ versionId, fromState: row.state, toState: decision.next, actorId: actor?.userId ?? null, reason, ledgerSeq: receipt.seq, at: now });
    return { state: decision.next, ledgerSeq: receipt.seq };
  });
  // Committed (when this was its own transaction): what this process serves changes from now on.
  if (!executor) noteChange("forecasts");
  return result;
}

/**
 * An approval vouches for the data its audit measured: once upheld objections have changed as many
 * of the version's training records since that audit as the objection policy allows
 * (`versionNeedsReaudit`), no approval is given on it; the officer is told why and what to do.
 */
async function refuseApprovalOnChangedData(tx: Executor, versionId: string, approvedOnThisAudit: boolean): Promise<void> {
  const changes = await versionDataChangeSummary(tx, versionId);
  if (!changes.needsReaudit) return;
  const next = approvedOnThisAudit ? "an approval was already given on that audit, so reject the version and register a new one" : "audit it again before approving";
  throw new AppError("conflict", `Upheld objections changed ${changes.changedSinceAudit} record(s) of this version's training data since its audit, and the objection policy asks for a new audit from ${changes.threshold}: ${next}.`);
}

/**
 * A stored version's state as of `now` (lib/workflow's effectiveState): its valid-until is already
 * the earliest of its approvals', and an approved row always has one (model_versions_approved_has_expiry).
 */
function stateAsOf(row: Pick<ModelVersion, "state" | "validUntil">, now: Date): VersionState {
  return effectiveState({ state: row.state as VersionState, approvals: row.validUntil ? [{ validUntil: row.validUntil }] : [] }, now);
}

export interface VersionSummary {
  id: string;
  modelId: string;
  modelName: string;
  auditVerdict: string | null;
  number: number;
  state: VersionState;
  registrantId: string;
  definitionHash: string;
  validUntil: Date | null;
}

/** Versions visible to the actor; drafts only to their registrant. State is as of now. */
export async function listVersions(actor: Actor, now: Date = new Date()): Promise<VersionSummary[]> {
  assertCan(actor, "models.read");
  const db = await getDb();
  const rows = await db.select({ version: modelVersions, modelName: models.name }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).orderBy(asc(modelVersions.createdAt));
  return rows
    .filter(({ version }) => version.state !== "draft" || version.registrantId === actor.userId)
    .map(({ version, modelName }) => ({
      id: version.id,
      modelId: version.modelId,
      modelName,
      auditVerdict: version.auditVerdict,
      number: version.number,
      state: stateAsOf(version, now),
      registrantId: version.registrantId,
      definitionHash: version.definitionHash,
      validUntil: version.validUntil,
    }));
}

/** Writes the expiry of every approved version past its valid-until (run by the workers). */
export async function expireDueVersions(now: Date = new Date()): Promise<number> {
  const db = await getDb();
  const due = await db.select({ id: modelVersions.id, validUntil: modelVersions.validUntil }).from(modelVersions).where(eq(modelVersions.state, "approved"));
  let expired = 0;
  for (const version of due.filter((v) => v.validUntil !== null && v.validUntil.getTime() <= now.getTime())) {
    await applyVersionEvent(null, version.id, { type: "expire" }, now);
    expired++;
  }
  return expired;
}

export interface VersionDetail extends VersionSummary {
  definition: Record<string, unknown>;
  modelCard: Record<string, unknown>;
  auditVerdict: string | null;
  approvedAreaCodes: string[] | null;
  approvedCategories: string[] | null;
  approvals: { approverPseudonym: string; areaCodes: string[]; categories: string[]; validUntil: Date; reason: string; override: string | null; at: Date }[];
  transitions: { from: string; to: string; reason: string | null; ledgerSeq: number; at: Date }[];
}

/** One version with its card, approvals (approvers by pseudonym) and history; drafts only for their registrant. */
export async function getVersion(actor: Actor, versionId: string, now: Date = new Date()): Promise<VersionDetail> {
  assertCan(actor, "models.read");
  if (!z.string().uuid().safeParse(versionId).success) throw new AppError("not_found", "No such model version.");
  const db = await getDb();
  const [row] = await db.select({ version: modelVersions, modelName: models.name }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(modelVersions.id, versionId));
  if (!row || (row.version.state === "draft" && row.version.registrantId !== actor.userId)) throw new AppError("not_found", "No such model version.");
  const approvals = await db
    .select({ approval: versionApprovals, pseudonym: users.pseudonym })
    .from(versionApprovals)
    .innerJoin(users, eq(users.id, versionApprovals.approverId))
    .where(eq(versionApprovals.versionId, versionId))
    .orderBy(asc(versionApprovals.createdAt));
  const transitions = await db.select().from(versionTransitions).where(eq(versionTransitions.versionId, versionId)).orderBy(asc(versionTransitions.at));
  const v = row.version;
  return {
    id: v.id,
    modelId: v.modelId,
    modelName: row.modelName,
    number: v.number,
    state: stateAsOf(v, now),
    registrantId: v.registrantId,
    definitionHash: v.definitionHash,
    validUntil: v.validUntil,
    definition: v.definition,
    modelCard: v.modelCard,
    auditVerdict: v.auditVerdict,
    approvedAreaCodes: v.approvedAreaCodes,
    approvedCategories: v.approvedCategories,
    approvals: approvals.map(({ approval: a, pseudonym }) => ({ approverPseudonym: pseudonym, areaCodes: a.areaCodes, categories: a.categories, validUntil: a.validUntil, reason: a.reason, override: a.override, at: a.createdAt })),
    transitions: transitions.map((t) => ({ from: t.fromState, to: t.toState, reason: t.reason, ledgerSeq: t.ledgerSeq, at: t.at })),
  };
}

export interface QueueEntry {
  id: string;
  modelName: string;
  number: number;
  state: "submitted" | "audited";
  /** When the version entered its state: the queue's order, oldest first. */
  since: Date;
  auditVerdict: "pass" | "fail" | null;
  approvals: number;
  approvedByYou: boolean;
  registeredByYou: boolean;
}

/**
 * The oversight queue: submitted versions awaiting an audit and audited ones awaiting approval or
 * rejection, oldest first, with how many officers have approved and whether the reader has.
 */
export async function listDecisionQueue(actor: Actor): Promise<QueueEntry[]> {
  assertCan(actor, "versions.decide");
  const db = await getDb();
  const rows = await db
    .select({ version: modelVersions, modelName: models.name })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(modelVersions.state, ["submitted", "audited"]))
    .orderBy(asc(modelVersions.stateChangedAt));
  const approvals = rows.length === 0 ? [] : await db.select({ versionId: versionApprovals.versionId, approverId: versionApprovals.approverId }).from(versionApprovals).where(inArray(versionApprovals.versionId, rows.map((r) => r.version.id)));
  return rows.map(({ version, modelName }) => {
    const mine = approvals.filter((a) => a.versionId === version.id);
    return {
      id: version.id,
      modelName,
      number: version.number,
      state: version.state as QueueEntry["state"],
      since: version.stateChangedAt,
      auditVerdict: version.auditVerdict as QueueEntry["auditVerdict"],
      approvals: mine.length,
      approvedByYou: mine.some((a) => a.approverId === actor.userId),
      registeredByYou: version.registrantId === actor.userId,
    };
  });
}
