import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { forecastCells, forecastViews, patrolActions, type PatrolAction } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { jurisdictionCodes } from "./forecasts";
import { appendToLedger } from "./ledger";

const reason = z.string().trim().min(3, "give a reason of at least 3 characters").max(500, "is longer than 500 characters");
const cell = z.number().int().min(0).max(2_147_483_647, "is not a cell of this forecast");

export const patrolActionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("patrol_assigned"), cell, plannedMinutes: z.number().int().min(1, "must be at least 1").max(1440, "must be at most 1440 (a day)") }).strict(),
  z.object({ kind: z.literal("not_acted"), cell, reason }).strict(),
  z.object({ kind: z.literal("extra_cell"), cell, reason }).strict(),
]);

export const patrolOutcomeSchema = z
  .object({
    incidentFound: z.boolean(),
    arrests: z.number().int().min(0).max(1000),
    stops: z.number().int().min(0).max(1000),
    note: z.string().trim().max(500, "is longer than 500 characters").optional(),
  })
  .strict();


/**
 * Records what an officer decided for a cell of a forecast they viewed: a patrol for a flagged
 * cell, not acting on a flagged cell (with why), or a cell the model did not flag (with why).
 * The decision and its ledger entry commit together.
 */
export async function recordPatrolAction(actor: Actor, forecastId: string, input: unknown): Promise<PatrolAction> {
  assertCan(actor, "forecasts.act");
  const action = parseOrThrow(patrolActionSchema, input);
  if (!z.string().uuid().safeParse(forecastId).success) throw new AppError("not_found", "No such forecast.");
  const db = await getDb();
  const [viewed] = await db.select({ id: forecastViews.id }).from(forecastViews).where(and(eq(forecastViews.forecastId, forecastId), eq(forecastViews.viewerId, actor.userId))).limit(1);
  if (!viewed) throw new AppError("not_found", "No such forecast among those you have viewed.");
  const [target] = await db.select().from(forecastCells).where(and(eq(forecastCells.forecastId, forecastId), eq(forecastCells.cell, action.cell)));
  const mine = await jurisdictionCodes(db, actor);
  if (!target || !mine.includes(target.areaCode)) throw new AppError("invalid_input", `cell: ${action.cell} is not a cell of this forecast in your jurisdiction`);
  if (action.kind === "extra_cell" && target.flagged) throw new AppError("invalid_input", "kind: this cell is flagged; record a patrol or not acting instead of an extra cell");
  if (action.kind !== "extra_cell" && !target.flagged) throw new AppError("invalid_input", "kind: this cell is not flagged; record it as an extra cell with a reason");
  const record = { forecastId, ...action, areaCode: target.areaCode, officer: actor.pseudonym };
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: patrolActions.id }).from(patrolActions).where(and(eq(patrolActions.forecastId, forecastId), eq(patrolActions.cell, action.cell), eq(patrolActions.recordedBy, actor.userId)));
    if (existing) throw new AppError("conflict", `You already recorded a decision for cell ${action.cell} of this forecast.`);
    const receipt = await appendToLedger(tx, {
      kind: "patrol.recorded",
      actor: actor.pseudonym,
      subjects: [{ type: "forecast", id: forecastId }, { type: "cell", id: String(action.cell) }, { type: "decision", id: action.kind }],
      payloadHash: sha256Hex(canonicalJson(record)),
    });
    const [stored] = await tx
      .insert(patrolActions)
      .values({
        forecastId,
        cell: action.cell,
        areaCode: target.areaCode,
        kind: action.kind,
        plannedMinutes: action.kind === "patrol_assigned" ? action.plannedMinutes : null,
        reason: action.kind === "patrol_assigned" ? null : action.reason,
        recordedBy: actor.userId,
        ledgerSeq: receipt.seq,
      })
      .returning();
    if (!stored) throw new Error("patrol action insert returned nothing");
    return stored;
  });
}

/** Adds, once, what happened on a recorded action: the officer who recorded it, nobody else. */
export async function recordPatrolOutcome(actor: Actor, forecastId: string, actionId: string, input: unknown): Promise<PatrolAction> {
  assertCan(actor, "forecasts.act");
  const outcome = parseOrThrow(patrolOutcomeSchema, input);
  if (!z.string().uuid().safeParse(actionId).success || !z.string().uuid().safeParse(forecastId).success) throw new AppError("not_found", "No such patrol action.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [action] = await tx.select().from(patrolActions).where(and(eq(patrolActions.id, actionId), eq(patrolActions.forecastId, forecastId), eq(patrolActions.recordedBy, actor.userId)));
    if (!action) throw new AppError("not_found", "No such patrol action of yours.");
    if (action.outcomeRecordedAt) throw new AppError("conflict", "The outcome of this action is already recorded.");
    const receipt = await appendToLedger(tx, {
      kind: "patrol.outcome",
      actor: actor.pseudonym,
      subjects: [{ type: "patrol_action", id: actionId }, { type: "forecast", id: action.forecastId }],
      payloadHash: sha256Hex(canonicalJson({ actionId, ...outcome })),
    });
    const [updated] = await tx
      .update(patrolActions)
      .set({ outcomeIncidentFound: outcome.incidentFound, outcomeArrests: outcome.arrests, outcomeStops: outcome.stops, outcomeNote: outcome.note ?? null, outcomeRecordedAt: new Date(), outcomeLedgerSeq: receipt.seq })
      .where(and(eq(patrolActions.id, actionId), isNull(patrolActions.outcomeRecordedAt)))
      .returning();
    if (!updated) throw new AppError("conflict", "The outcome of this action is already recorded.");
    return updated;
  });
}

/** Decisions recorded on a forecast within the officer's jurisdiction, by cell. */
export async function listPatrolActions(actor: Actor, forecastId: string): Promise<PatrolAction[]> {
  assertCan(actor, "forecasts.act");
  if (!z.string().uuid().safeParse(forecastId).success) return [];
  const db = await getDb();
  const mine = await jurisdictionCodes(db, actor);
  if (mine.length === 0) return [];
  return db
    .select()
    .from(patrolActions)
    .where(and(eq(patrolActions.forecastId, forecastId), inArray(patrolActions.areaCode, mine)))
    .orderBy(asc(patrolActions.cell), asc(patrolActions.recordedAt));
}
