import "server-only";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "@/db";
import { areas, forecastAnnotations, incidentRevisions, incidents, modelVersions, versionDataChanges, type ObjectionCase } from "@/db/schema";
import { assertCan, can, PermissionDeniedError, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { createAreaLocator } from "@/lib/geo/area-locator";
import { transverseMercator } from "@/lib/geo/projection";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { needsReaudit, type ObjectionPolicy } from "@/lib/objections/policy";
import { applyCorrection, correctedFields, definitionCovers, type ChangeSummary, type RecordFacts, type TrainingScope } from "@/lib/objections/propagation";
import type { DataAction } from "@/lib/objections/schemas";
import { takeSnapshot } from "./incidents";
import { appendToLedger } from "./ledger";
import { getObjectionPolicy } from "./objections-maintenance";
import { findCentralMeridian } from "./settings";

/** Free-text fields of an incident that can identify people; erasure removes them from the record. */
const PERSONAL_FIELDS = [
  { name: "caseRef", column: "caseRef" },
  { name: "sourceDescription", column: "sourceDescription" },
] as const;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Carries an upheld decision into the data, inside the decision's transaction: the incident gets a
 * new revision (its history kept; on erasure its personal free-text fields removed), the change goes
 * on the ledger, a new data snapshot is taken, every model version whose training data covered the
 * record (before or after) is flagged "data changed", and every stored forecast whose inputs
 * included it is annotated. Returns what the case page and the citizen are told.
 */
export async function applyDataAction(tx: Executor, input: { caseRow: ObjectionCase; action: DataAction; officer: Actor; now: Date }): Promise<ChangeSummary> {
  const { caseRow, action, officer } = input;
  // A revision recorded at or before an existing snapshot's moment would change what that snapshot
  // names (and break its hash): the change is recorded after the newest snapshot, whatever `now` says.
  const [newest] = rowsOf<{ as_of: string | Date | null }>(await tx.execute(sql`select max(as_of) as as_of from data_snapshots`));
  const floor = newest?.as_of ? new Date(newest.as_of).getTime() + 1 : 0;
  const now = new Date(Math.max(input.now.getTime(), floor));
  if (!caseRow.incidentId) throw new AppError("invalid_input", "action: the case names no incident");
  const [incident] = await tx
    .select({ row: incidents, areaCode: areas.code })
    .from(incidents)
    .leftJoin(areas, eq(areas.id, incidents.areaId))
    .where(eq(incidents.id, caseRow.incidentId))
    .for("update", { of: incidents });
  if (!incident) throw new AppError("not_found", "The incident named by the case no longer exists.");
  const current = incident.row;
  if (current.status === "excluded") throw new AppError("conflict", `Incident ${current.externalId} is already excluded from the data.`);
  const [previous] = await tx
    .select({ recordedAt: incidentRevisions.recordedAt })
    .from(incidentRevisions)
    .where(and(eq(incidentRevisions.incidentId, current.id), eq(incidentRevisions.revision, current.revision)));
  const [first] = await tx.select({ recordedAt: incidentRevisions.recordedAt }).from(incidentRevisions).where(and(eq(incidentRevisions.incidentId, current.id), eq(incidentRevisions.revision, 1)));
  if (!previous || !first) throw new Error(`incident ${current.id} has no revision ${current.revision}: its history is broken`);

  const before = { category: current.category, occurredAt: current.occurredAt, lat: current.lat, lon: current.lon, areaCode: incident.areaCode };
  const change = action.type === "correct" ? "corrected" : "excluded";
  let next = { ...before, x: current.x, y: current.y, areaId: current.areaId };
  if (action.type === "correct") {
    next = { ...next, ...applyCorrection(before, action) };
    if (next.lat !== before.lat || next.lon !== before.lon) Object.assign(next, await locate(tx, next.lat, next.lon));
  }
  const erased = action.type === "exclude" && action.erase ? PERSONAL_FIELDS.filter((field) => current[field.column] !== null).map((field) => field.name) : [];
  const revision = current.revision + 1;
  await tx
    .update(incidents)
    .set({
      category: next.category,
      occurredAt: next.occurredAt,
      lat: next.lat,
      lon: next.lon,
      x: next.x,
      y: next.y,
      areaId: next.areaId,
      status: change,
      revision,
      updatedAt: now,
      ...(action.type === "exclude" && action.erase ? { caseRef: null, sourceDescription: null } : {}),
    })
    .where(eq(incidents.id, current.id));
  const reason = `objection ${caseRow.id}: ${change}${erased.length > 0 ? " and personal fields erased" : ""}`;
  await tx.insert(incidentRevisions).values({ incidentId: current.id, revision, category: next.category, occurredAt: next.occurredAt, lat: next.lat, lon: next.lon, x: next.x, y: next.y, areaId: next.areaId, source: current.source, status: change, reason, actorId: officer.userId, recordedAt: now });
  const revisionHash = sha256Hex(
    canonicalJson({ incident: current.id, revision, category: next.category, occurredAt: next.occurredAt.toISOString(), lat: next.lat, lon: next.lon, areaId: next.areaId, source: current.source, status: change, objection: caseRow.id, erased }),
  );
  const receipt = await appendToLedger(
    tx,
    { kind: change === "corrected" ? "incident.corrected" : "incident.excluded", actor: officer.pseudonym, subjects: [{ type: "incident", id: current.id, hash: revisionHash }, { type: "objection", id: caseRow.id }], payloadHash: revisionHash },
    now,
  );
  const snapshot = await takeSnapshot(tx, now, officer.userId);
  const after: RecordFacts | null = change === "corrected" ? { category: next.category, occurredAt: next.occurredAt, areaCode: next.areaCode } : null;
  const policy = await getObjectionPolicy(tx);
  const flagged = await flagVersions(tx, { incidentId: current.id, revision, change, caseId: caseRow.id, snapshotId: snapshot.id, now, before, after });
  let needing = 0;
  for (const versionId of flagged) if ((await versionDataChangeSummary(tx, versionId, policy)).needsReaudit) needing += 1;
  const annotated = await annotateForecasts(tx, { incidentId: current.id, revision, change, caseId: caseRow.id, before, after, previousRecordedAt: previous.recordedAt, firstRecordedAt: first.recordedAt });
  return {
    incidentExternalId: current.externalId,
    change,
    fields: after ? correctedFields(before, { ...after, lat: next.lat, lon: next.lon }) : [],
    erasedFields: erased,
    incidentRevision: revision,
    snapshot: { id: snapshot.id, contentHash: snapshot.contentHash, incidentCount: snapshot.incidentCount },
    versionsFlagged: flagged.length,
    versionsNeedingReaudit: needing,
    forecastsAnnotated: annotated,
    ledgerSeq: receipt.seq,
  };
}

/** Projected metres and the containing area of a corrected location. */
async function locate(tx: Executor, lat: number, lon: number): Promise<{ x: number; y: number; areaId: string | null; areaCode: string | null }> {
  const meridian = await findCentralMeridian(tx);
  if (meridian === null) throw new Error("the installation's projection is not set: import areas first");
  const projection = transverseMercator(meridian);
  const [x, y] = projection.forward(lon, lat);
  const all = await tx.select({ id: areas.id, code: areas.code, geometry: areas.geometry }).from(areas);
  const code = createAreaLocator(all, projection)(x, y);
  return { x, y, areaCode: code, areaId: all.find((area) => area.code === code)?.id ?? null };
}

const isTrainingScope = (value: unknown): value is TrainingScope => {
  const d = value as Partial<TrainingScope> | null;
  return !!d && Array.isArray(d.categories) && Array.isArray(d.areaCodes) && typeof d.trainingWindow?.from === "string" && typeof d.trainingWindow?.to === "string";
};

async function flagVersions(
  tx: Executor,
  input: { incidentId: string; revision: number; change: "corrected" | "excluded"; caseId: string; snapshotId: string; now: Date; before: RecordFacts; after: RecordFacts | null },
): Promise<string[]> {
  // Drafts have no training data yet: they will be fitted on the corrected data.
  const versions = await tx.select({ id: modelVersions.id, definition: modelVersions.definition }).from(modelVersions).where(ne(modelVersions.state, "draft"));
  const hit = versions.filter(({ definition }) => isTrainingScope(definition) && (definitionCovers(definition, input.before) || (input.after !== null && definitionCovers(definition, input.after))));
  if (hit.length === 0) return [];
  await tx
    .insert(versionDataChanges)
    .values(hit.map((v) => ({ versionId: v.id, incidentId: input.incidentId, revision: input.revision, change: input.change, objectionId: input.caseId, snapshotId: input.snapshotId, at: input.now })))
    .onConflictDoNothing();
  return hit.map((v) => v.id);
}

async function annotateForecasts(
  tx: Executor,
  input: { incidentId: string; revision: number; change: string; caseId: string; before: RecordFacts; after: RecordFacts | null; previousRecordedAt: Date; firstRecordedAt: Date },
): Promise<number> {
  const insert = (relation: "included" | "would_include", facts: RecordFacts, recordedSince: Date) =>
    tx.execute(sql`
      insert into forecast_annotations (forecast_id, incident_id, revision, change, relation, objection_id)
      select f.id, ${input.incidentId}, ${input.revision}, ${input.change}, ${relation}, ${input.caseId}
      from forecasts f join data_snapshots s on s.id = f.snapshot_id
      where s.as_of >= ${recordedSince.toISOString()}
        and f.categories @> ${JSON.stringify([facts.category])}::jsonb
        and f.area_codes @> ${JSON.stringify([facts.areaCode])}::jsonb
        and f.period_start > ${isoDay(facts.occurredAt)}
      on conflict do nothing
      returning id`);
  let count = 0;
  // The forecasts that used the record as it stood; then those the corrected record now falls into.
  if (input.before.areaCode !== null) count += rowsOf(await insert("included", input.before, input.previousRecordedAt)).length;
  if (input.after?.areaCode) count += rowsOf(await insert("would_include", input.after, input.firstRecordedAt)).length;
  return count;
}

export interface VersionDataChangeSummary {
  /** Distinct incidents of its training data changed by objections, ever. */
  changedRecords: number;
  /** Of those, changed after the data snapshot of its latest completed audit (all, when never audited). */
  changedSinceAudit: number;
  lastAuditSnapshotAt: Date | null;
  lastChangeAt: Date | null;
  threshold: number;
  needsReaudit: boolean;
}

/** How much of a version's training data objections changed, and whether that now needs a new audit. */
export async function versionDataChangeSummary(db: Executor, versionId: string, policy?: ObjectionPolicy): Promise<VersionDataChangeSummary> {
  const threshold = (policy ?? (await getObjectionPolicy(db))).reauditAfterChangedRecords;
  const [row] = rowsOf<{ total: number; since: number; audit_as_of: string | Date | null; last_at: string | Date | null }>(
    await db.execute(sql`
      with audit as (
        select s.as_of from audits a join data_snapshots s on s.id = a.snapshot_id
        where a.version_id = ${versionId} and a.status = 'completed' order by a.completed_at desc limit 1)
      select count(distinct c.incident_id)::int as total,
             (count(distinct c.incident_id) filter (where c.at > coalesce((select as_of from audit), '-infinity'::timestamptz)))::int as since,
             (select as_of from audit) as audit_as_of,
             max(c.at) as last_at
      from version_data_changes c where c.version_id = ${versionId}`),
  );
  const since = Number(row?.since ?? 0);
  return {
    changedRecords: Number(row?.total ?? 0),
    changedSinceAudit: since,
    lastAuditSnapshotAt: row?.audit_as_of ? new Date(row.audit_as_of) : null,
    lastChangeAt: row?.last_at ? new Date(row.last_at) : null,
    threshold,
    needsReaudit: needsReaudit(since, { reauditAfterChangedRecords: threshold }),
  };
}

/**
 * For the registry: whether objections changed so much of this version's training data since its
 * last audit (the policy's threshold of records) that its approval may only be renewed after a new audit.
 *
 * @example if (await versionNeedsReaudit(tx, versionId)) throw new AppError("conflict", "Data changed: audit again first.")
 */
export async function versionNeedsReaudit(db: Executor, versionId: string): Promise<boolean> {
  return (await versionDataChangeSummary(db, versionId)).needsReaudit;
}

export interface AnnotationRow {
  forecastId: string;
  incidentExternalId: string;
  areaCode: string | null;
  change: string;
  relation: string;
  createdAt: Date;
}

/** Annotations of stored forecasts (newest first), for the forecast pages and the case page. */
export async function annotationRows(db: Executor, where: { forecastIds?: string[]; objectionId?: string }, actor?: Actor): Promise<AnnotationRow[]> {
  const conditions = [
    where.forecastIds ? inArray(forecastAnnotations.forecastId, where.forecastIds) : undefined,
    where.objectionId ? eq(forecastAnnotations.objectionId, where.objectionId) : undefined,
    actor && actor.role === "police_staff" ? (actor.areaIds.length > 0 ? inArray(incidents.areaId, [...actor.areaIds]) : sql`false`) : undefined,
  ];
  return db
    .select({ forecastId: forecastAnnotations.forecastId, incidentExternalId: incidents.externalId, areaCode: areas.code, change: forecastAnnotations.change, relation: forecastAnnotations.relation, createdAt: forecastAnnotations.createdAt })
    .from(forecastAnnotations)
    .innerJoin(incidents, eq(incidents.id, forecastAnnotations.incidentId))
    .leftJoin(areas, eq(areas.id, incidents.areaId))
    .where(and(...conditions))
    .orderBy(desc(forecastAnnotations.createdAt))
    .limit(1_000);
}

/**
 * Notes on stored forecasts saying an objection changed a record among their inputs: police see
 * those about incidents in their jurisdiction, oversight all of them.
 */
export async function listForecastAnnotations(actor: Actor, forecastIds: string[]): Promise<AnnotationRow[]> {
  if (!can(actor, "forecasts.view") && !can(actor, "forecasts.oversee")) throw new PermissionDeniedError("forecasts.oversee");
  const ids = forecastIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return [];
  return annotationRows(await getDb(), { forecastIds: ids }, actor);
}

/** The "data changed" flag of a model version, for the registry pages. */
export async function getVersionDataChanges(actor: Actor, versionId: string): Promise<VersionDataChangeSummary & { recent: { incidentExternalId: string; change: string; at: Date }[] }> {
  assertCan(actor, "models.read");
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) throw new AppError("not_found", "No such model version.");
  const db = await getDb();
  const [summary, recent] = await Promise.all([
    versionDataChangeSummary(db, versionId),
    db
      .select({ incidentExternalId: incidents.externalId, change: versionDataChanges.change, at: versionDataChanges.at })
      .from(versionDataChanges)
      .innerJoin(incidents, eq(incidents.id, versionDataChanges.incidentId))
      .where(eq(versionDataChanges.versionId, versionId))
      .orderBy(desc(versionDataChanges.at))
      .limit(20),
  ]);
  return { ...summary, recent };
}
