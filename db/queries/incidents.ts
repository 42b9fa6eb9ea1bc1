import "server-only";
import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "@/db";
import { areas, dataSnapshots, incidents, type NewIncident } from "@/db/schema";
import { assertCan, isScoped, type Actor } from "@/lib/auth/permissions";
import { INCIDENT_CATEGORIES, type IncidentCategory } from "@/lib/incidents/standard";

/**
 * Inserts incidents and their first revision together; the caller owns the transaction.
 * Revisions are copied set-wise from the inserted rows, which is several times faster than
 * sending every row twice.
 */
export async function insertIncidents(tx: Executor, rows: NewIncident[], reason: string, actorId: string | null): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(incidents).values(rows);
  const ids = rows.map((row) => row.externalId);
  await tx.execute(sql`
    insert into incident_revisions (incident_id, revision, category, occurred_at, lat, lon, x, y, area_id, source, status, reason, actor_id)
    select id, revision, category, occurred_at, lat, lon, x, y, area_id, source, status, ${reason}, ${actorId}
    from incidents where external_id = any(${sql.param(ids)}::text[])`);
}

export interface IncidentFilter {
  category?: IncidentCategory;
  areaCode?: string;
  status?: string;
  from?: Date;
  to?: Date;
  search?: string;
}

export type IncidentSortKey = "occurredAt" | "category" | "externalId" | "area";

export interface IncidentRow {
  id: string;
  externalId: string;
  category: string;
  sourceCode: string | null;
  description: string | null;
  occurredAt: Date;
  lat: number;
  lon: number;
  areaCode: string | null;
  areaName: string | null;
  source: string;
  status: string;
}

function whereFor(actor: Actor, filter: IncidentFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (isScoped(actor.role)) conditions.push(actor.areaIds.length > 0 ? inArray(incidents.areaId, [...actor.areaIds]) : sql`false`);
  if (filter.category && (INCIDENT_CATEGORIES as readonly string[]).includes(filter.category)) conditions.push(eq(incidents.category, filter.category));
  if (filter.areaCode) conditions.push(eq(areas.code, filter.areaCode));
  if (filter.status) conditions.push(eq(incidents.status, filter.status));
  if (filter.from) conditions.push(gte(incidents.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(incidents.occurredAt, filter.to));
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(incidents.externalId, pattern), ilike(incidents.sourceDescription, pattern)));
  }
  return and(...conditions);
}

const SORT_COLUMNS = {
  occurredAt: incidents.occurredAt,
  category: incidents.category,
  externalId: incidents.externalId,
  area: areas.code,
} as const;

const rowColumns = {
  id: incidents.id,
  externalId: incidents.externalId,
  category: incidents.category,
  sourceCode: incidents.sourceCode,
  description: incidents.sourceDescription,
  occurredAt: incidents.occurredAt,
  lat: incidents.lat,
  lon: incidents.lon,
  areaCode: areas.code,
  areaName: areas.name,
  source: incidents.source,
  status: incidents.status,
};

/** A page of incidents within the actor's jurisdiction, newest first by default. */
export async function listIncidents(
  actor: Actor,
  filter: IncidentFilter,
  page: { offset: number; limit: number; sort?: IncidentSortKey; descending?: boolean },
): Promise<{ rows: IncidentRow[]; total: number }> {
  assertCan(actor, "incidents.read");
  const db = await getDb();
  const where = whereFor(actor, filter);
  const column = SORT_COLUMNS[page.sort ?? "occurredAt"];
  const order = (page.descending ?? true) ? desc(column) : asc(column);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select(rowColumns)
      .from(incidents)
      .leftJoin(areas, eq(areas.id, incidents.areaId))
      .where(where)
      .orderBy(order, asc(incidents.id))
      .offset(Math.max(0, page.offset))
      .limit(Math.min(500, Math.max(1, page.limit))),
    db.select({ total: count() }).from(incidents).leftJoin(areas, eq(areas.id, incidents.areaId)).where(where),
  ]);
  return { rows, total: totalRow?.total ?? 0 };
}

/** Every matching incident, in batches, for export. */
export async function* streamIncidents(actor: Actor, filter: IncidentFilter): AsyncGenerator<IncidentRow[]> {
  assertCan(actor, "incidents.export");
  const db = await getDb();
  const where = whereFor(actor, filter);
  for (let offset = 0; ; offset += 5_000) {
    const rows = await db
      .select(rowColumns)
      .from(incidents)
      .leftJoin(areas, eq(areas.id, incidents.areaId))
      .where(where)
      .orderBy(asc(incidents.occurredAt), asc(incidents.id))
      .offset(offset)
      .limit(5_000);
    if (rows.length === 0) return;
    yield rows;
  }
}

export interface SnapshotSummary {
  id: string;
  asOf: Date;
  contentHash: string;
  incidentCount: number;
}

/**
 * The incidents in the data as of a moment, rebuilt from revisions: for each incident its latest
 * revision recorded by then, kept unless it excludes the incident (a corrected record stays in).
 */
async function revisionsAsOf(db: Executor, asOf: Date) {
  return db.execute(sql`
    select incident_id, revision from (
      select distinct on (incident_id) incident_id, revision, status
      from incident_revisions where recorded_at <= ${asOf.toISOString()}
      order by incident_id, revision desc) latest
    where status <> 'excluded'
    order by incident_id`);
}

/** SHA-256 over the sorted (incident id, revision) pairs: the same data always gets the same hash. */
function hashRevisions(rows: { incident_id: unknown; revision: unknown }[]): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${String(row.incident_id)}:${String(row.revision)}\n`);
  return hash.digest("hex");
}

/**
 * Fixes "the active incidents as of T" under a content hash, so a model fit or forecast can
 * name exactly the data it used. Taking the same data twice returns the same snapshot.
 */
export async function createSnapshot(actor: Actor, asOf: Date = new Date()): Promise<SnapshotSummary> {
  assertCan(actor, "snapshots.create");
  return takeSnapshot(await getDb(), asOf, actor.userId);
}

/** The snapshot step itself, for the system's own work (scheduled forecasts) where no person asks. */
export async function takeSnapshot(db: Executor, asOf: Date, createdBy: string | null): Promise<SnapshotSummary> {
  return db.transaction(async (tx) => {
    const result = await revisionsAsOf(tx, asOf);
    const rows = rowsOf<{ incident_id: unknown; revision: unknown }>(result);
    const contentHash = hashRevisions(rows);
    const [existing] = await tx.select().from(dataSnapshots).where(eq(dataSnapshots.contentHash, contentHash)).orderBy(desc(dataSnapshots.createdAt)).limit(1);
    if (existing) return { id: existing.id, asOf: existing.asOf, contentHash, incidentCount: existing.incidentCount };
    const [created] = await tx.insert(dataSnapshots).values({ asOf, contentHash, incidentCount: rows.length, createdBy }).returning();
    if (!created) throw new Error("snapshot insert returned nothing");
    return { id: created.id, asOf: created.asOf, contentHash, incidentCount: created.incidentCount };
  });
}

/** Recomputes a snapshot's hash from the revisions: true when the data it names is intact. */
export async function verifySnapshot(snapshotId: string): Promise<boolean> {
  const db = await getDb();
  const [snapshot] = await db.select().from(dataSnapshots).where(eq(dataSnapshots.id, snapshotId));
  if (!snapshot) return false;
  const result = await revisionsAsOf(db, snapshot.asOf);
  return hashRevisions(rowsOf<{ incident_id: unknown; revision: unknown }>(result)) === snapshot.contentHash;
}
