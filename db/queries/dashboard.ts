import "server-only";
import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { models, modelVersions, versionApprovals } from "@/db/schema";
import { assertCan, can, isScoped, type Actor } from "@/lib/auth/permissions";
import { jurisdictionCodes } from "./forecasts";
import { latestLedgerVerification, type IntegrityStatus } from "./ledger-integrity";
import { listMonitoringAlerts, type AlertView } from "./monitoring-read";
import { listObjectionQueue, type QueueRow } from "./objections-handling";

const DAY_MS = 86_400_000;
/** Approvals lapsing within this many days are shown as expiring. */
export const EXPIRY_WARNING_DAYS = 14;

export interface PendingVersion {
  id: string;
  modelName: string;
  number: number;
  state: "submitted" | "audited";
  since: Date;
  approvals: number;
}

export interface ExpiringVersion {
  id: string;
  modelName: string;
  number: number;
  validUntil: Date;
  /** Whole days left, rounded down (0 = lapses within a day). */
  daysLeft: number;
}

export interface OversightDashboard {
  /** Submitted versions awaiting an audit, and audited ones awaiting approval or rejection, oldest first. */
  pending: { submitted: number; audited: number; versions: PendingVersion[] };
  expiring: ExpiringVersion[];
  /** Null when the reader does not handle objections (administrators). */
  objections: { overdue: number; dueSoon: number; cases: QueueRow[] } | null;
  alerts: { open: number; latest: AlertView[] };
  /** The latest full verification of the ledger; null when none ran yet. */
  ledger: IntegrityStatus | null;
}

/**
 * What oversight should look at first, within the reader's jurisdiction: versions waiting for an
 * audit or approvals, approvals lapsing within 14 days, overdue and due-soon objections, monitoring
 * alerts not yet acknowledged, and whether the last ledger verification found the log intact.
 */
export async function getOversightDashboard(actor: Actor, now: Date = new Date()): Promise<OversightDashboard> {
  assertCan(actor, "monitoring.read");
  const db = await getDb();
  const mine = isScoped(actor.role) ? new Set(await jurisdictionCodes(db, actor)) : null;
  const inScope = (codes: readonly string[] | null | undefined) => mine === null || (codes ?? []).some((code) => mine.has(code));

  const queued = await db
    .select({ id: modelVersions.id, modelName: models.name, number: modelVersions.number, state: modelVersions.state, since: modelVersions.stateChangedAt, definition: modelVersions.definition })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(modelVersions.state, ["submitted", "audited"]))
    .orderBy(modelVersions.stateChangedAt);
  const pendingRows = queued.filter((row) => inScope((row.definition as { areaCodes?: string[] }).areaCodes));
  const approvals = pendingRows.length === 0 ? [] : await db.select({ versionId: versionApprovals.versionId, n: sql<number>`count(*)::int` }).from(versionApprovals).where(inArray(versionApprovals.versionId, pendingRows.map((r) => r.id))).groupBy(versionApprovals.versionId);
  const versions: PendingVersion[] = pendingRows.map((row) => ({ id: row.id, modelName: row.modelName, number: row.number, state: row.state as PendingVersion["state"], since: row.since, approvals: Number(approvals.find((a) => a.versionId === row.id)?.n ?? 0) }));

  const lapsing = await db
    .select({ id: modelVersions.id, modelName: models.name, number: modelVersions.number, validUntil: modelVersions.validUntil, areaCodes: modelVersions.approvedAreaCodes })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(modelVersions.state, "approved"), gt(modelVersions.validUntil, now), lte(modelVersions.validUntil, new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS))))
    .orderBy(modelVersions.validUntil);
  const expiring = lapsing
    .filter((row) => row.validUntil && inScope(row.areaCodes))
    .map((row) => ({ id: row.id, modelName: row.modelName, number: row.number, validUntil: row.validUntil!, daysLeft: Math.floor((row.validUntil!.getTime() - now.getTime()) / DAY_MS) }));

  let objections: OversightDashboard["objections"] = null;
  if (can(actor, "objections.handle")) {
    const [overdue, dueSoon] = await Promise.all([listObjectionQueue(actor, { clock: "overdue" }, now), listObjectionQueue(actor, { clock: "due_soon" }, now)]);
    objections = { overdue: overdue.length, dueSoon: dueSoon.length, cases: [...overdue, ...dueSoon].slice(0, 10) };
  }
  const open = await listMonitoringAlerts(actor, { open: true, limit: 1_000 });
  const ledger = can(actor, "ledger.audit") ? await latestLedgerVerification(actor) : null;
  return {
    pending: { submitted: versions.filter((v) => v.state === "submitted").length, audited: versions.filter((v) => v.state === "audited").length, versions },
    expiring,
    objections,
    alerts: { open: open.length, latest: open.slice(0, 5) },
    ledger,
  };
}
