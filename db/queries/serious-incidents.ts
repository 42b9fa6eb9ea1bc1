import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { areas, models, modelVersions, seriousIncidents, users, type SeriousIncident } from "@/db/schema";
import { assertCan, coversArea, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { pathOfNul } from "@/lib/validation";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { isRegisterState, REGISTER_STATES, type SeriousIncidentFacts } from "@/lib/register/entry";
import { reportingClock, type HarmCategory, type ReportingClock, type ReportingRule } from "@/lib/register/incident-clock";
import { incidentReportSchema, parseSeriousIncident } from "@/lib/register/serious-incident";
import { appendToLedger } from "./ledger";

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** A check of whether the actor's jurisdiction reaches any area a version was approved for (one query for all versions). */
async function jurisdictionCheck(db: Executor, actor: Actor): Promise<(approvedAreaCodes: readonly string[] | null) => boolean> {
  const idByCode = new Map((await db.select({ id: areas.id, code: areas.code }).from(areas)).map((row) => [row.code, row.id]));
  return (codes) => (codes ?? []).some((code) => coversArea(actor, idByCode.get(code) ?? null));
}

/** The record the ledger entry vouches for: everything filed, times as ISO strings. */
function filedRecord(row: Omit<SeriousIncident, "reportedAt" | "reportedBy" | "authorityReference" | "reportLedgerSeq" | "ledgerSeq" | "filedBy">) {
  return {
    id: row.id,
    versionId: row.versionId,
    harmCategory: row.harmCategory,
    widespread: row.widespread,
    affectedGroups: row.affectedGroups,
    description: row.description,
    actionsTaken: row.actionsTaken,
    occurredAt: row.occurredAt?.toISOString() ?? null,
    awareAt: row.awareAt.toISOString(),
    timeZone: row.timeZone,
    reportingRule: row.reportingRule,
    dueAt: row.dueAt.toISOString(),
    filedAt: row.filedAt.toISOString(),
  };
}

/**
 * Files a serious incident against a version that is or was approved (Art. 73): validates every
 * field, fixes the reporting deadline, and writes the incident and its ledger entry (hashes only)
 * in one transaction. A version outside the officer's jurisdiction is not found.
 */
export async function fileSeriousIncident(actor: Actor, versionId: string, input: unknown, now: Date = new Date()): Promise<{ id: string; dueAt: Date; rule: ReportingRule; ledgerSeq: number }> {
  assertCan(actor, "serious_incidents.file");
  if (!isUuid(versionId)) throw new AppError("not_found", "No such model version.");
  const nul = pathOfNul(input);
  if (nul !== null) throw new AppError("invalid_input", `${nul.join(".") || "incident"}: must not contain NUL characters`);
  const parsed = parseSeriousIncident(input, now);
  if (!parsed.ok) throw new AppError("invalid_input", `${parsed.field}: ${parsed.message}`);
  const incident = parsed.value;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [version] = await tx.select().from(modelVersions).where(eq(modelVersions.id, versionId));
    if (!version || !isRegisterState(version.state) || !(await jurisdictionCheck(tx, actor))(version.approvedAreaCodes)) {
      throw new AppError("not_found", "No approved model version with this id in your jurisdiction.");
    }
    const row = {
      id: randomUUID(),
      versionId,
      harmCategory: incident.harmCategory,
      widespread: incident.widespread,
      affectedGroups: incident.affectedGroups,
      description: incident.description,
      actionsTaken: incident.actionsTaken,
      occurredAt: incident.occurredAt,
      awareAt: incident.awareAt,
      timeZone: incident.timeZone,
      reportingRule: incident.deadline.rule,
      dueAt: incident.deadline.dueAt,
      filedAt: now,
    };
    const payloadHash = sha256Hex(canonicalJson(filedRecord(row)));
    const receipt = await appendToLedger(tx, { kind: "serious_incident.filed", actor: actor.pseudonym, subjects: [{ type: "model_version", id: versionId, hash: version.definitionHash }, { type: "serious_incident", id: row.id, hash: payloadHash }], payloadHash }, now);
    await tx.insert(seriousIncidents).values({ ...row, filedBy: actor.userId, ledgerSeq: receipt.seq });
    return { id: row.id, dueAt: row.dueAt, rule: incident.deadline.rule, ledgerSeq: receipt.seq };
  });
}

/**
 * Records, once, that the incident was reported to the market surveillance authority (with its
 * reference, if any), on the ledger in the same transaction.
 */
export async function recordIncidentReport(actor: Actor, incidentId: string, input: unknown, now: Date = new Date()): Promise<{ reportedAt: Date; onTime: boolean; ledgerSeq: number }> {
  assertCan(actor, "serious_incidents.file");
  if (!isUuid(incidentId)) throw new AppError("not_found", "No such serious incident.");
  const parsed = incidentReportSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_input", `${issue?.path.join(".") || "report"}: ${issue?.message ?? "invalid"}`);
  }
  const reportedAt = new Date(parsed.data.reportedAt);
  if (reportedAt.getTime() > now.getTime() + 60_000) throw new AppError("invalid_input", "reportedAt: must not be in the future");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ incident: seriousIncidents, approvedAreaCodes: modelVersions.approvedAreaCodes }).from(seriousIncidents).innerJoin(modelVersions, eq(modelVersions.id, seriousIncidents.versionId)).where(eq(seriousIncidents.id, incidentId)).for("update");
    if (!row || !(await jurisdictionCheck(tx, actor))(row.approvedAreaCodes)) throw new AppError("not_found", "No such serious incident.");
    const incident = row.incident;
    if (incident.reportedAt) throw new AppError("conflict", `The report was already recorded (${incident.reportedAt.toISOString()}).`);
    if (reportedAt.getTime() < incident.awareAt.getTime()) throw new AppError("invalid_input", "reportedAt: must not be before the organisation became aware");
    const payloadHash = sha256Hex(canonicalJson({ incidentId, reportedAt: reportedAt.toISOString(), authorityReference: parsed.data.authorityReference ?? null }));
    const receipt = await appendToLedger(tx, { kind: "serious_incident.reported", actor: actor.pseudonym, subjects: [{ type: "serious_incident", id: incidentId }], payloadHash }, now);
    const updated = await tx
      .update(seriousIncidents)
      .set({ reportedAt, reportedBy: actor.userId, authorityReference: parsed.data.authorityReference ?? null, reportLedgerSeq: receipt.seq })
      .where(and(eq(seriousIncidents.id, incidentId), isNull(seriousIncidents.reportedAt)))
      .returning({ id: seriousIncidents.id });
    if (updated.length === 0) throw new AppError("conflict", "The report was recorded meanwhile.");
    return { reportedAt, onTime: reportedAt.getTime() <= incident.dueAt.getTime(), ledgerSeq: receipt.seq };
  });
}

function factsOf(row: SeriousIncident, filedByRole: string): SeriousIncidentFacts {
  return {
    id: row.id,
    harmCategory: row.harmCategory as HarmCategory,
    widespread: row.widespread,
    affectedGroups: row.affectedGroups,
    description: row.description,
    actionsTaken: row.actionsTaken,
    occurredAt: row.occurredAt,
    awareAt: row.awareAt,
    timeZone: row.timeZone,
    rule: row.reportingRule as ReportingRule,
    dueAt: row.dueAt,
    filedAt: row.filedAt,
    filedByRole,
    ledgerSeq: row.ledgerSeq,
    reportedAt: row.reportedAt,
    authorityReference: row.authorityReference,
  };
}

/**
 * The incidents of some versions as the public register shows them: the filer by role, never by
 * name. Public read: callers pass only versions on the register.
 */
export async function incidentFactsOf(db: Executor, versionIds: readonly string[]): Promise<Map<string, SeriousIncidentFacts[]>> {
  const byVersion = new Map<string, SeriousIncidentFacts[]>();
  if (versionIds.length === 0) return byVersion;
  const rows = await db.select({ incident: seriousIncidents, role: users.role }).from(seriousIncidents).innerJoin(users, eq(users.id, seriousIncidents.filedBy)).where(inArray(seriousIncidents.versionId, [...versionIds]));
  for (const { incident, role } of rows) byVersion.set(incident.versionId, [...(byVersion.get(incident.versionId) ?? []), factsOf(incident, role)]);
  return byVersion;
}

export interface IncidentRow extends SeriousIncidentFacts {
  versionId: string;
  modelName: string;
  versionNumber: number;
  clock: ReportingClock;
}

/** Every serious incident in the reader's jurisdiction, newest first, with its reporting clock at `now`. */
export async function listSeriousIncidents(actor: Actor, now: Date = new Date()): Promise<IncidentRow[]> {
  assertCan(actor, "serious_incidents.read");
  const db = await getDb();
  const rows = await db
    .select({ incident: seriousIncidents, role: users.role, modelName: models.name, versionNumber: modelVersions.number, approvedAreaCodes: modelVersions.approvedAreaCodes })
    .from(seriousIncidents)
    .innerJoin(users, eq(users.id, seriousIncidents.filedBy))
    .innerJoin(modelVersions, eq(modelVersions.id, seriousIncidents.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .orderBy(desc(seriousIncidents.filedAt));
  const covers = await jurisdictionCheck(db, actor);
  return rows
    .filter((row) => covers(row.approvedAreaCodes))
    .map((row) => ({ ...factsOf(row.incident, row.role), versionId: row.incident.versionId, modelName: row.modelName, versionNumber: row.versionNumber, clock: reportingClock(row.incident, now) }));
}

/** Versions an officer may file an incident against: on the register and in their jurisdiction. */
export async function listFileableVersions(actor: Actor): Promise<{ id: string; modelName: string; number: number; state: string }[]> {
  assertCan(actor, "serious_incidents.file");
  const db = await getDb();
  const rows = await db
    .select({ id: modelVersions.id, modelName: models.name, number: modelVersions.number, state: modelVersions.state, approvedAreaCodes: modelVersions.approvedAreaCodes })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(modelVersions.state, [...REGISTER_STATES]))
    .orderBy(models.name, modelVersions.number);
  const covers = await jurisdictionCheck(db, actor);
  return rows.filter((row) => covers(row.approvedAreaCodes)).map(({ id, modelName, number, state }) => ({ id, modelName, number, state }));
}
