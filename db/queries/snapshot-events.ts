import "server-only";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { dataSnapshots } from "@/db/schema";
import { AppError } from "@/lib/errors";

export interface SnapshotEvents {
  contentHash: string;
  x: Float64Array;
  y: Float64Array;
  /** Epoch milliseconds. */
  t: Float64Array;
  category: string[];
  source: string[];
  areaId: (string | null)[];
}

/**
 * The incidents a snapshot names, as they were then: for each incident its latest revision
 * recorded by the snapshot's time, kept unless it excludes the incident (a corrected record is
 * in, as corrected). A model fit or audit on a snapshot sees exactly this, whatever changed later.
 */
export async function loadSnapshotEvents(db: Executor, snapshotId: string): Promise<SnapshotEvents> {
  const [snapshot] = await db.select().from(dataSnapshots).where(eq(dataSnapshots.id, snapshotId));
  if (!snapshot) throw new AppError("not_found", "No such data snapshot.");
  const rows = rowsOf<{ x: number; y: number; occurred_at: string | Date; category: string; source: string; area_id: string | null }>(
    await db.execute(sql`
      select x, y, occurred_at, category, source, area_id from (
        select distinct on (incident_id) x, y, occurred_at, category, source, area_id, status
        from incident_revisions where recorded_at <= ${snapshot.asOf.toISOString()}
        order by incident_id, revision desc) latest
      where status <> 'excluded'`),
  );
  const n = rows.length;
  const out: SnapshotEvents = { contentHash: snapshot.contentHash, x: new Float64Array(n), y: new Float64Array(n), t: new Float64Array(n), category: [], source: [], areaId: [] };
  rows.forEach((row, i) => {
    out.x[i] = Number(row.x);
    out.y[i] = Number(row.y);
    out.t[i] = new Date(row.occurred_at).getTime();
    out.category.push(row.category);
    out.source.push(row.source);
    out.areaId.push(row.area_id);
  });
  return out;
}
