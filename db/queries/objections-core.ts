import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db";
import { objectionCases, objectionEvents, type ObjectionCase } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { decideCase, effectiveDueAt, isClosed, isOpen, type CaseActor, type CaseEvent, type CaseFacts, type CasePatch } from "@/lib/objections/case-machine";
import { clockOf, type ClockState } from "@/lib/objections/deadlines";
import type { CaseStatus, ObjectionKind, Outcome } from "@/lib/objections/kinds";
import type { DeadlinePolicy } from "@/lib/objections/policy";
import type { ChangeSummary } from "@/lib/objections/propagation";
import { parseFields } from "@/lib/objections/schemas";
import { appendToLedger, type LedgerReceipt } from "./ledger";

/**
 * The machinery every objection action shares: lock the case, ask the pure state machine, write
 * the patch, the event and its ledger entry in one transaction. Not called from pages directly:
 * objections.ts (citizens) and objections-handling.ts (officers) check who is asking first.
 */

export const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** Validates input, or throws 422 naming every bad field (the first one leads the message). */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = parseFields(schema, input);
  if (!parsed.ok) throw new AppError("invalid_input", parsed.message, { fields: parsed.fields });
  return parsed.data;
}

/** The case row, locked for this transaction. */
export async function lockCase(tx: Executor, caseId: string): Promise<ObjectionCase | null> {
  if (!isUuid(caseId)) return null;
  const [row] = await tx.select().from(objectionCases).where(eq(objectionCases.id, caseId)).for("update");
  return row ?? null;
}

export function factsOf(row: ObjectionCase): CaseFacts {
  return {
    kind: row.kind as ObjectionKind,
    status: row.status as CaseStatus,
    hasIncident: row.incidentId !== null,
    dueAt: row.dueAt,
    pausedAt: row.pausedAt,
    extended: row.extended,
    assignedTo: row.assignedTo,
    decidedBy: row.decidedBy,
    appealUntil: row.appealUntil,
  };
}

/** Plain JSON of a value for hashing: dates as ISO strings, undefined as null. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

export interface EventInput {
  caseId: string;
  type: string;
  actor: CaseActor;
  actorPseudonym: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  now: Date;
}

/**
 * An event's ledger entry: it names the case by its random id and vouches for the event by hash
 * only. The citizen acts as "public": a signed-in citizen's pseudonym would tie their objections
 * together on a public log that can never be erased.
 */
export async function ledgerEvent(tx: Executor, input: EventInput): Promise<LedgerReceipt> {
  const payload = { case: input.caseId, event: input.type, at: input.now.toISOString(), bodyHash: input.body === null ? null : sha256Hex(input.body), data: plain(input.data) };
  const payloadHash = sha256Hex(canonicalJson(payload));
  const actor = input.actor.kind === "officer" ? (input.actorPseudonym ?? "system") : input.actor.kind === "citizen" ? "public" : "system";
  return appendToLedger(tx, { kind: "objection.event", actor, subjects: [{ type: "objection", id: input.caseId, hash: payloadHash }], payloadHash }, input.now);
}

/** The event's row, naming its ledger entry. */
export async function storeEvent(tx: Executor, input: EventInput, ledgerSeq: number): Promise<void> {
  await tx.insert(objectionEvents).values({
    caseId: input.caseId,
    type: input.type,
    actorKind: input.actor.kind,
    actorId: input.actor.kind === "officer" ? input.actor.userId : null,
    body: input.body,
    data: input.data,
    ledgerSeq,
    at: input.now,
  });
}

/** Records one event on an existing case: its ledger entry, then its row. */
export async function recordEvent(tx: Executor, input: EventInput): Promise<LedgerReceipt> {
  const receipt = await ledgerEvent(tx, input);
  await storeEvent(tx, input, receipt.seq);
  return receipt;
}

/** The columns a machine patch (and the event's own words) set. */
function columnsOf(patch: CasePatch, event: CaseEvent, now: Date): Partial<typeof objectionCases.$inferInsert> {
  const columns: Partial<typeof objectionCases.$inferInsert> = { status: patch.status, updatedAt: now };
  if (patch.dueAt !== undefined) columns.dueAt = patch.dueAt;
  if (patch.pausedAt !== undefined) columns.pausedAt = patch.pausedAt;
  if (patch.extended) columns.extended = true;
  if (patch.assignedTo !== undefined) columns.assignedTo = patch.assignedTo;
  if (patch.decidedBy !== undefined) columns.decidedBy = patch.decidedBy;
  if (patch.decidedAt !== undefined) columns.decidedAt = patch.decidedAt;
  if (patch.decidedOnTime !== undefined) columns.decidedOnTime = patch.decidedOnTime;
  if (patch.appealUntil !== undefined) columns.appealUntil = patch.appealUntil;
  if (patch.appealDecidedBy !== undefined) columns.appealDecidedBy = patch.appealDecidedBy;
  if (patch.appealDecidedAt !== undefined) columns.appealDecidedAt = patch.appealDecidedAt;
  if (patch.appealDecidedOnTime !== undefined) columns.appealDecidedOnTime = patch.appealDecidedOnTime;
  if (patch.closesAt !== undefined) columns.closesAt = patch.closesAt;
  if (event.type === "decide") Object.assign(columns, { outcome: event.decision.outcome, reasons: event.decision.reasons });
  if (event.type === "decide_appeal") Object.assign(columns, { appealOutcome: event.decision.outcome, appealReasons: event.decision.reasons });
  if (event.type === "appeal") Object.assign(columns, { appealReason: event.reason.trim(), appealedAt: now });
  return columns;
}

const EVENT_BODY: { [K in CaseEvent["type"]]: (event: Extract<CaseEvent, { type: K }>) => string | null } = {
  assign: () => null,
  request_information: (e) => e.question.trim(),
  answer_information: (e) => e.answer.trim(),
  extend: (e) => e.reason.trim(),
  decide: (e) => e.decision.reasons,
  appeal: (e) => e.reason.trim(),
  decide_appeal: (e) => e.decision.reasons,
};

function eventData(event: CaseEvent, patch: CasePatch): Record<string, unknown> | null {
  switch (event.type) {
    case "assign":
      return { officerId: event.officerId };
    case "extend":
      return { days: event.days, dueAt: patch.dueAt?.toISOString() ?? null };
    case "decide":
    case "decide_appeal":
      return { outcome: event.decision.outcome, action: event.decision.action ?? null };
    case "appeal":
      return { dueAt: patch.dueAt?.toISOString() ?? null };
    default:
      return null;
  }
}

/**
 * Applies one event to a locked case: the pure machine decides, then the row, the event and its
 * ledger entry are written. `afterPatch` runs in the same transaction (the propagation of a decision).
 */
export async function applyCaseEvent(
  tx: Executor,
  row: ObjectionCase,
  event: CaseEvent,
  actor: CaseActor,
  actorPseudonym: string | null,
  now: Date,
  afterPatch?: () => Promise<ChangeSummary | null>,
): Promise<{ receipt: LedgerReceipt; patch: CasePatch; change: ChangeSummary | null }> {
  const decision = decideCase(factsOf(row), event, actor, now, row.policy);
  if (!decision.ok) throw new AppError(decision.code, decision.message);
  const columns = columnsOf(decision.patch, event, now);
  const change = afterPatch ? await afterPatch() : null;
  if (change) columns.changes = [...row.changes, change];
  await tx.update(objectionCases).set(columns).where(eq(objectionCases.id, row.id));
  const body = (EVENT_BODY[event.type] as (e: CaseEvent) => string | null)(event);
  const receipt = await recordEvent(tx, { caseId: row.id, type: event.type, actor, actorPseudonym, body, data: eventData(event, decision.patch), now });
  return { receipt, patch: decision.patch, change };
}

export interface InformationRequest {
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export interface DecisionView {
  outcome: Outcome;
  reasons: string;
  decidedAt: Date;
  onTime: boolean | null;
}

/** What the citizen (holder of the code, or the signed-in filer) sees of their case. */
export interface CitizenCaseView {
  trackingHint: string;
  kind: ObjectionKind;
  status: CaseStatus;
  receivedAt: Date;
  /** The due date in force (a paused clock counted to now). */
  dueAt: Date;
  clock: { state: ClockState; daysLeft: number | null };
  timeZone: string;
  extension: { reason: string; at: Date } | null;
  requests: InformationRequest[];
  decision: DecisionView | null;
  appeal: { reason: string; appealedAt: Date; decision: DecisionView | null } | null;
  appealUntil: Date | null;
  canAnswer: boolean;
  canAppeal: boolean;
  changes: ChangeSummary[];
  closed: boolean;
}

export async function loadEvents(db: Executor, caseId: string) {
  return db.select().from(objectionEvents).where(eq(objectionEvents.caseId, caseId)).orderBy(asc(objectionEvents.id));
}

/** Requests for information paired with the answers that followed them. */
export function requestsOf(events: { type: string; body: string | null; at: Date }[]): InformationRequest[] {
  const requests: InformationRequest[] = [];
  for (const event of events) {
    if (event.type === "request_information") requests.push({ question: event.body ?? "", askedAt: event.at, answer: null, answeredAt: null });
    if (event.type === "answer_information") {
      const open = requests.findLast((r) => r.answer === null);
      if (open) Object.assign(open, { answer: event.body ?? "", answeredAt: event.at });
    }
  }
  return requests;
}

export function clockFor(row: ObjectionCase, now: Date): { dueAt: Date; clock: { state: ClockState; daysLeft: number | null } } {
  const policy: DeadlinePolicy = row.policy;
  const dueAt = effectiveDueAt(row, now, policy);
  return { dueAt, clock: clockOf({ open: isOpen(row.status as CaseStatus), dueAt, pausedAt: row.pausedAt }, now, policy) };
}

export async function citizenView(db: Executor, row: ObjectionCase, now: Date): Promise<CitizenCaseView> {
  const events = await loadEvents(db, row.id);
  const extension = events.find((e) => e.type === "extend");
  const { dueAt, clock } = clockFor(row, now);
  const decision = (outcome: string | null, reasons: string | null, at: Date | null, onTime: boolean | null): DecisionView | null =>
    outcome && at ? { outcome: outcome as Outcome, reasons: reasons ?? "", decidedAt: at, onTime } : null;
  return {
    trackingHint: row.trackingHint,
    kind: row.kind as ObjectionKind,
    status: row.status as CaseStatus,
    receivedAt: row.receivedAt,
    dueAt,
    clock,
    timeZone: row.policy.timeZone,
    extension: extension ? { reason: extension.body ?? "", at: extension.at } : null,
    requests: requestsOf(events),
    decision: decision(row.outcome, row.reasons, row.decidedAt, row.decidedOnTime),
    appeal: row.appealedAt ? { reason: row.appealReason ?? "", appealedAt: row.appealedAt, decision: decision(row.appealOutcome, row.appealReasons, row.appealDecidedAt, row.appealDecidedOnTime) } : null,
    appealUntil: row.appealUntil,
    canAnswer: row.status === "awaiting_information",
    canAppeal: row.status === "decided" && row.appealUntil !== null && now.getTime() <= row.appealUntil.getTime(),
    changes: row.changes,
    closed: isClosed({ status: row.status as CaseStatus, appealUntil: row.appealUntil }, now),
  };
}

/** Takes a transaction-scoped advisory lock on a text key (serialises work on one key across processes). */
export async function advisoryLock(tx: Executor, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}
