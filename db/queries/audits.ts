import "server-only";
import { and, desc, eq, inArray, lt, lte } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { areas, auditPolicies, audits, forecasts, jobs, modelVersions, patrolActions } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { auditPolicySchema, deploymentFromPatrols, residentsPerCell, runAudit, type AuditPolicy, type LoggedPatrol } from "@/lib/audit";
import { createModel, createNaive, seededRandom, type ModelKind } from "@/lib/forecast";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import type { VersionDefinition } from "@/lib/workflow/model-card";
import { loadScope, scopeEvents } from "./forecast-inputs";
import { createSnapshot } from "./incidents";
import { completeJob, enqueueJob, type ClaimedJob } from "./jobs";
import { appendToLedger } from "./ledger";
import { applyVersionEvent } from "./models";
import { loadSnapshotEvents } from "./snapshot-events";

export const AUDIT_JOB = "audit.run";
const DAY_MS = 86_400_000;

/** The policy in force: the newest stored one, or the defaults before any admin edited it. */
export async function currentPolicy(db: Executor): Promise<{ id: number | null; policy: AuditPolicy }> {
  const [row] = await db.select().from(auditPolicies).orderBy(desc(auditPolicies.id)).limit(1);
  return row ? { id: row.id, policy: auditPolicySchema.parse(row.policy) } : { id: null, policy: auditPolicySchema.parse({}) };
}

const evaluationSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    horizonDays: z.union([z.literal(1), z.literal(7)]).default(7),
    coverage: z.number().min(0.01).max(0.5).default(0.05),
    /** The group disparities are measured against; the scope's largest group when not named. */
    reference: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((e) => e.from < e.to, "from must be before to");

/**
 * Queues an audit of a submitted (or re-audits an audited) version on a fresh data snapshot.
 * Oversight officers launch audits; the page follows the job's progress.
 */
export async function startAudit(actor: Actor, versionId: string, input: unknown): Promise<{ auditId: string; jobId: string }> {
  assertCan(actor, "versions.decide");
  const parsed = evaluationSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", `evaluation.${parsed.error.issues[0]?.path.join(".") ?? ""}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  if (!z.string().uuid().safeParse(versionId).success) throw new AppError("not_found", "No such model version.");
  const db = await getDb();
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version || version.state === "draft") throw new AppError("not_found", "No such model version.");
  if (version.state !== "submitted" && version.state !== "audited") throw new AppError("conflict", `A ${version.state} version is not audited again; register a new version.`);
  const definition = version.definition as unknown as VersionDefinition;
  if (parsed.data.from < definition.trainingWindow.to) {
    throw new AppError("invalid_input", `evaluation.from: must be on or after ${definition.trainingWindow.to}, the end of the version's training window, so the audit scores forecasts out of sample`);
  }
  const reference = parsed.data.reference;
  if (reference !== undefined) {
    const groups = await scopeGroups(db, definition.areaCodes);
    if (!groups.includes(reference)) throw new AppError("invalid_input", `evaluation.reference: "${reference}" is not a demographic group of the version's areas (${groups.join(", ") || "none imported"})`);
  }
  const snapshot = await createSnapshot(actor);
  return db.transaction(async (tx) => {
    const { id: policyId, policy } = await currentPolicy(tx);
    const inputHash = sha256Hex(canonicalJson({ definition: version.definitionHash, snapshot: snapshot.contentHash, policy, evaluation: parsed.data }));
    const [audit] = await tx.insert(audits).values({ versionId, snapshotId: snapshot.id, policyId, evaluation: parsed.data, inputHash, createdBy: actor.userId }).returning({ id: audits.id });
    if (!audit) throw new Error("audit insert returned nothing");
    const jobId = await enqueueJob(tx, { kind: AUDIT_JOB, payload: { auditId: audit.id }, createdBy: actor.userId, maxAttempts: 2 });
    await tx.update(audits).set({ jobId }).where(eq(audits.id, audit.id));
    return { auditId: audit.id, jobId };
  });
}

/** The work of an audit job: run the pure audit, then store the report, the verdict and its ledger entry at once. */
export async function runAuditJob(job: ClaimedJob, progress: (fraction: number, message: string) => Promise<void>): Promise<void> {
  const auditId = z.object({ auditId: z.string().uuid() }).parse(job.payload).auditId;
  const db = await getDb();
  const [audit] = await db.select().from(audits).where(eq(audits.id, auditId));
  if (!audit) throw new Error(`audit ${auditId} is gone`);
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, audit.versionId));
  if (!version) throw new Error(`version ${audit.versionId} is gone`);
  const definition = version.definition as unknown as VersionDefinition;
  const { policy } = audit.policyId === null ? await currentPolicy(db) : { policy: auditPolicySchema.parse((await db.select().from(auditPolicies).where(eq(auditPolicies.id, audit.policyId)))[0]?.policy ?? {}) };
  await progress(0.05, "loading the data snapshot");

  // The grid and events exactly as forecast generation builds them, so the audit scores what would be served.
  const scope = await loadScope(db, definition.areaCodes, definition.cellSizeM);
  const { grid } = scope;
  const areaGroups = scope.areas.map((area) => area.demographics?.groups ?? {});
  const groups = [...new Set(areaGroups.flatMap((g) => Object.keys(g)))].sort();
  const residents = residentsPerCell(grid.cellArea, areaGroups, groups);
  // Unless the officer named one, the reference group is the largest: disparities then read as "compared with the majority".
  const reference = audit.evaluation.reference ?? groups.map((g) => [g, residents[g]!.reduce((a, b) => a + b, 0)] as const).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!reference) throw new Error("the version's areas have no demographic groups; import population tables first");
  if (!groups.includes(reference)) throw new Error(`the reference group "${reference}" is not among the areas' groups (${groups.join(", ")})`);

  const snapshot = await loadSnapshotEvents(db, audit.snapshotId);
  await progress(0.1, `gridding ${snapshot.t.length} incidents on ${grid.validCells.length} cells`);
  const events = scopeEvents(grid, snapshot, definition.categories);
  const discovered = scopeEvents(grid, snapshot, definition.categories, (i) => snapshot.source[i] === "discovered");

  const day = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
  const from = day(audit.evaluation.from);
  const to = day(audit.evaluation.to);
  const starts: number[] = [];
  for (let start = from; start + audit.evaluation.horizonDays <= to; start += audit.evaluation.horizonDays) starts.push(start);
  if (starts.length < 2) throw new Error("the evaluation period holds fewer than two forecast periods");
  const patrols = await loggedPatrols(db, audit.createdAt, definition.areaCodes, audit.evaluation.to, scope.centralMeridian);
  // The buffer is two cells wide: near enough to catch crime pushed round the corner.
  const logged = deploymentFromPatrols(grid, patrols, to, { bufferM: 2 * grid.cellSize });
  const report = runAudit({
    model: createModel(definition.algorithm as ModelKind, definition.parameters),
    naive: createNaive(),
    grid,
    events,
    discovered,
    residents,
    reference,
    // Fitted as forecast generation fits it: on the training window, up to its end.
    fitFrom: day(definition.trainingWindow.from),
    fitCutoff: Math.min(day(definition.trainingWindow.to), from),
    starts,
    horizonDays: audit.evaluation.horizonDays,
    coverage: audit.evaluation.coverage,
    policy,
    ...("deployment" in logged ? { deployment: logged.deployment } : { displacementReason: logged.reason }),
    map: { areas: scope.areas.map((area, i) => ({ code: area.code, name: area.name, residents: areaGroups[i]! })), centralMeridian: scope.centralMeridian },
    random: seededRandom(Number.parseInt(audit.inputHash.slice(0, 8), 16)),
    onProgress: (fraction, message) => void progress(0.1 + 0.8 * fraction, message),
  });
  const stored = JSON.parse(JSON.stringify({ ...report, reference })) as Record<string, unknown>;
  const reportHash = sha256Hex(canonicalJson(stored as never));
  await db.transaction(async (tx) => {
    await tx.update(audits).set({ status: "completed", report: stored, verdict: report.policy.verdict, completedAt: new Date() }).where(eq(audits.id, auditId));
    if (version.state === "submitted" || version.state === "audited") {
      await applyVersionEvent(null, version.id, { type: "record_audit", verdict: report.policy.verdict }, new Date(), tx);
    } else {
      await appendToLedger(tx, { kind: "audit.completed", actor: "system", subjects: [{ type: "audit", id: auditId, hash: reportHash }], payloadHash: reportHash });
    }
    await completeJob(tx, job, { auditId, verdict: report.policy.verdict, reportHash });
  });
}

export interface AuditView {
  id: string;
  versionId: string;
  status: string;
  progress: number;
  /** What the job is doing now, while it runs. */
  progressMessage: string | null;
  verdict: string | null;
  inputHash: string;
  evaluation: { from: string; to: string; horizonDays: number; coverage: number; reference?: string };
  report: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** An audit with its job's progress; drafts' audits do not exist, others are visible to model readers. */
export async function getAudit(actor: Actor, auditId: string): Promise<AuditView> {
  assertCan(actor, "models.read");
  if (!z.string().uuid().safeParse(auditId).success) throw new AppError("not_found", "No such audit.");
  const db = await getDb();
  const [row] = await db.select({ audit: audits, progress: jobs.progress, progressMessage: jobs.progressMessage, jobStatus: jobs.status, jobError: jobs.error }).from(audits).leftJoin(jobs, eq(jobs.id, audits.jobId)).where(eq(audits.id, auditId));
  if (!row) throw new AppError("not_found", "No such audit.");
  const a = row.audit;
  const failed = row.jobStatus === "failed";
  return {
    id: a.id,
    versionId: a.versionId,
    status: failed ? "failed" : a.status,
    progress: a.status === "completed" ? 1 : (row.progress ?? 0),
    progressMessage: a.status === "completed" ? null : row.progressMessage,
    verdict: a.verdict,
    inputHash: a.inputHash,
    evaluation: a.evaluation,
    report: a.report,
    error: failed ? row.jobError : a.error,
    createdAt: a.createdAt,
    completedAt: a.completedAt,
  };
}

/**
 * Stores a new version of the audit policy (admins); earlier audits keep the policy they ran
 * under, and the change is on the ledger.
 */
export async function updatePolicy(actor: Actor, input: unknown): Promise<{ id: number; policy: AuditPolicy }> {
  assertCan(actor, "policies.manage");
  const parsed = auditPolicySchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", `policy.${parsed.error.issues[0]?.path.join(".") ?? ""}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(auditPolicies).values({ policy: parsed.data, createdBy: actor.userId }).returning({ id: auditPolicies.id });
    if (!row) throw new Error("policy insert returned nothing");
    await appendToLedger(tx, { kind: "policy.changed", actor: actor.pseudonym, subjects: [{ type: "audit_policy", id: String(row.id) }], payloadHash: sha256Hex(canonicalJson(parsed.data)) });
    return { id: row.id, policy: parsed.data };
  });
}

/** The demographic groups of a version's areas: the reference groups an audit may name. */
export async function auditGroups(actor: Actor, versionId: string): Promise<string[]> {
  assertCan(actor, "models.read");
  if (!z.string().uuid().safeParse(versionId).success) throw new AppError("not_found", "No such model version.");
  const db = await getDb();
  const [version] = await db.select({ definition: modelVersions.definition, state: modelVersions.state, registrantId: modelVersions.registrantId }).from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version || (version.state === "draft" && version.registrantId !== actor.userId)) throw new AppError("not_found", "No such model version.");
  return scopeGroups(db, (version.definition as unknown as VersionDefinition).areaCodes);
}

/**
 * Patrols logged in the version's areas on forecasts for periods before `before`, as recorded by
 * `asOf` (when the audit was launched, so a retried job sees the same log), with each patrolled
 * cell's centre. (Not the snapshot's time: an unchanged snapshot is reused, however old.)
 */
async function loggedPatrols(db: Executor, asOf: Date, areaCodes: readonly string[], before: string, centralMeridian: number): Promise<LoggedPatrol[]> {
  const rows = await db
    .select({ periodStart: forecasts.periodStart, grid: forecasts.grid, cell: patrolActions.cell })
    .from(patrolActions)
    .innerJoin(forecasts, eq(forecasts.id, patrolActions.forecastId))
    .where(and(eq(patrolActions.kind, "patrol_assigned"), inArray(patrolActions.areaCode, [...areaCodes]), lt(forecasts.periodStart, before), lte(patrolActions.recordedAt, asOf)));
  // Cell centres are only comparable in the same projection; the installation's never changes, so this drops nothing in practice.
  return rows
    .filter((row) => row.grid.centralMeridian === centralMeridian)
    .map((row) => {
      const { grid } = row;
      const col = row.cell % grid.nx;
      return { start: Date.parse(`${row.periodStart}T00:00:00Z`) / DAY_MS, x: grid.originX + (col + 0.5) * grid.cellSize, y: grid.originY + ((row.cell - col) / grid.nx + 0.5) * grid.cellSize };
    });
}

/** The demographic groups named by any of the areas (sorted). */
async function scopeGroups(db: Executor, areaCodes: readonly string[]): Promise<string[]> {
  const rows = await db.select({ demographics: areas.demographics }).from(areas).where(inArray(areas.code, [...areaCodes]));
  return [...new Set(rows.flatMap((row) => Object.keys(row.demographics?.groups ?? {})))].sort();
}

/** A version's audits, newest first (summaries; the report is read with getAudit). */
export interface AuditSummary {
  id: string;
  status: "queued" | "completed" | "failed";
  verdict: "pass" | "fail" | null;
  createdAt: Date;
  evaluation: AuditView["evaluation"];
}

export async function listAudits(actor: Actor, versionId: string): Promise<AuditSummary[]> {
  assertCan(actor, "models.read");
  const db = await getDb();
  const rows = await db.select({ audit: audits, jobStatus: jobs.status }).from(audits).leftJoin(jobs, eq(jobs.id, audits.jobId)).where(eq(audits.versionId, versionId)).orderBy(desc(audits.createdAt));
  // The audits table's CHECKs hold status and verdict to these values.
  return rows.map(({ audit, jobStatus }) => ({ id: audit.id, status: jobStatus === "failed" ? "failed" : (audit.status as AuditSummary["status"]), verdict: audit.verdict as AuditSummary["verdict"], createdAt: audit.createdAt, evaluation: audit.evaluation }));
}
