import "server-only";
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Executor } from "@/db";
import { areas, incidents, objectionCases, objectionContacts, userAreas, users, type ObjectionCase } from "@/db/schema";
import { assertCan, isScoped, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { CaseEvent } from "@/lib/objections/case-machine";
import type { ClockState } from "@/lib/objections/deadlines";
import type { DeadlinePolicy } from "@/lib/objections/policy";
import { isCaseStatus, isObjectionKind, type CaseStatus, type ObjectionKind, type Outcome } from "@/lib/objections/kinds";
import type { ChangeSummary } from "@/lib/objections/propagation";
import { decisionSchema, extensionSchema, informationRequestSchema } from "@/lib/objections/schemas";
import type { LedgerReceipt } from "./ledger";
import { applyCaseEvent, citizenView, clockFor, isUuid, loadEvents, lockCase, parseOrThrow, type CitizenCaseView } from "./objections-core";
import { annotationRows, applyDataAction, type AnnotationRow } from "./objections-propagation";

/** Cases an officer may see: those about an area of their jurisdiction, and those about no area. */
function inJurisdiction(actor: Actor): SQL | undefined {
  if (!isScoped(actor.role)) return undefined;
  return actor.areaIds.length > 0 ? or(isNull(objectionCases.areaId), inArray(objectionCases.areaId, [...actor.areaIds])) : isNull(objectionCases.areaId);
}

const covers = (actor: Actor, row: Pick<ObjectionCase, "areaId">) => !isScoped(actor.role) || row.areaId === null || actor.areaIds.includes(row.areaId);

export interface QueueFilter {
  /** "open" (default): received, in review, awaiting information or appealed; "all"; or one status. */
  status?: string;
  kind?: string;
  clock?: string;
  /** "me" or "unassigned". */
  assigned?: string;
}

export interface QueueRow {
  id: string;
  trackingHint: string;
  kind: ObjectionKind;
  status: CaseStatus;
  areaCode: string | null;
  incidentExternalId: string | null;
  receivedAt: Date;
  dueAt: Date;
  /** The jurisdiction's time zone: the due date is the end of a day there. */
  timeZone: string;
  clock: ClockState;
  daysLeft: number | null;
  assignee: string | null;
  outcome: Outcome | null;
}

const OPEN: CaseStatus[] = ["received", "in_review", "awaiting_information", "appealed"];
const assignee = alias(users, "assignee");

/** The oversight queue within the officer's jurisdiction, soonest due first (a paused clock counted to now). */
export async function listObjectionQueue(actor: Actor, filter: QueueFilter = {}, now: Date = new Date()): Promise<QueueRow[]> {
  assertCan(actor, "objections.handle");
  const db = await getDb();
  const status = filter.status ?? "open";
  const conditions: (SQL | undefined)[] = [
    inJurisdiction(actor),
    status === "open" ? inArray(objectionCases.status, OPEN) : isCaseStatus(status) ? eq(objectionCases.status, status) : undefined,
    isObjectionKind(filter.kind) ? eq(objectionCases.kind, filter.kind) : undefined,
    filter.assigned === "me" ? eq(objectionCases.assignedTo, actor.userId) : filter.assigned === "unassigned" ? isNull(objectionCases.assignedTo) : undefined,
  ];
  const rows = await db
    .select({ row: objectionCases, areaCode: areas.code, incidentExternalId: incidents.externalId, assignee: assignee.displayName })
    .from(objectionCases)
    .leftJoin(areas, eq(areas.id, objectionCases.areaId))
    .leftJoin(incidents, eq(incidents.id, objectionCases.incidentId))
    .leftJoin(assignee, eq(assignee.id, objectionCases.assignedTo))
    .where(and(...conditions))
    .orderBy(asc(objectionCases.dueAt))
    .limit(2_000);
  const queue = rows.map(({ row, areaCode, incidentExternalId, assignee: name }): QueueRow => {
    const { dueAt, clock } = clockFor(row, now);
    return {
      id: row.id,
      trackingHint: row.trackingHint,
      kind: row.kind as ObjectionKind,
      status: row.status as CaseStatus,
      areaCode,
      incidentExternalId,
      receivedAt: row.receivedAt,
      dueAt,
      timeZone: row.policy.timeZone,
      clock: clock.state,
      daysLeft: clock.daysLeft,
      assignee: name,
      outcome: (row.appealOutcome ?? row.outcome) as Outcome | null,
    };
  });
  const wanted = filter.clock === "overdue" || filter.clock === "due_soon" || filter.clock === "paused" ? filter.clock : null;
  return queue.filter((row) => wanted === null || row.clock === wanted).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export interface OfficerCaseView extends CitizenCaseView {
  id: string;
  policy: DeadlinePolicy;
  extended: boolean;
  description: string;
  areaCode: string | null;
  incident: { externalId: string; category: string; occurredAt: Date; lat: number; lon: number; status: string; revision: number; areaCode: string | null } | null;
  forecastId: string | null;
  cell: number | null;
  assignedTo: { id: string; name: string } | null;
  decidedBy: { id: string; name: string } | null;
  appealDecidedBy: { id: string; name: string } | null;
  events: { type: string; actorKind: string; actorName: string | null; body: string | null; data: Record<string, unknown> | null; at: Date; ledgerSeq: number }[];
  /** Shown only to the officers handling the case (assigned, or who decided it). */
  contact: { visible: true; email: string | null } | { visible: false; onFile: boolean };
  annotations: AnnotationRow[];
  /** Officers who may be assigned: oversight officers whose jurisdiction covers the case. */
  officers: { id: string; name: string }[];
}

/** A case as an officer handles it: everything filed, its history and the propagation of its decisions. */
export async function getCaseForOfficer(actor: Actor, caseId: string, now: Date = new Date()): Promise<OfficerCaseView> {
  assertCan(actor, "objections.handle");
  const db = await getDb();
  const [found] = isUuid(caseId) ? await db.select().from(objectionCases).where(eq(objectionCases.id, caseId)) : [];
  if (!found || !covers(actor, found)) throw new AppError("not_found", "No such case.");
  const row = found;
  const [view, events, officers, annotations] = await Promise.all([citizenView(db, row, now), loadEvents(db, row.id), eligibleOfficers(db, row.areaId), annotationRows(db, { objectionId: row.id })]);
  const [area] = row.areaId ? await db.select({ code: areas.code }).from(areas).where(eq(areas.id, row.areaId)) : [];
  const [incident] = row.incidentId
    ? await db
        .select({ externalId: incidents.externalId, category: incidents.category, occurredAt: incidents.occurredAt, lat: incidents.lat, lon: incidents.lon, status: incidents.status, revision: incidents.revision, areaCode: areas.code })
        .from(incidents)
        .leftJoin(areas, eq(areas.id, incidents.areaId))
        .where(eq(incidents.id, row.incidentId))
    : [];
  const people = await namesOf(db, [row.assignedTo, row.decidedBy, row.appealDecidedBy, ...events.map((e) => e.actorId)]);
  const person = (id: string | null) => (id ? { id, name: people.get(id) ?? "?" } : null);
  const handling = [row.assignedTo, row.decidedBy, row.appealDecidedBy].includes(actor.userId);
  const [contact] = await db.select({ email: objectionContacts.email }).from(objectionContacts).where(eq(objectionContacts.caseId, row.id));
  return {
    ...view,
    id: row.id,
    policy: row.policy,
    extended: row.extended,
    description: row.description,
    areaCode: area?.code ?? null,
    incident: incident ?? null,
    forecastId: row.forecastId,
    cell: row.cell,
    assignedTo: person(row.assignedTo),
    decidedBy: person(row.decidedBy),
    appealDecidedBy: person(row.appealDecidedBy),
    events: events.map((e) => ({ type: e.type, actorKind: e.actorKind, actorName: e.actorId ? (people.get(e.actorId) ?? null) : null, body: e.body, data: e.data, at: e.at, ledgerSeq: e.ledgerSeq })),
    contact: handling ? { visible: true, email: contact?.email ?? null } : { visible: false, onFile: contact !== undefined },
    annotations,
    officers,
  };
}

async function namesOf(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Live oversight officers whose jurisdiction covers an area (any of them for a case about no area). */
async function eligibleOfficers(db: Executor, areaId: string | null): Promise<{ id: string; name: string }[]> {
  const covering = areaId === null ? sql`true` : sql`exists (select 1 from ${userAreas} ua where ua.user_id = ${users.id} and ua.area_id = ${areaId})`;
  return db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(eq(users.role, "oversight_officer"), isNull(users.disabledAt), covering))
    .orderBy(asc(users.displayName));
}

export interface CaseActionResult {
  status: CaseStatus;
  ledgerSeq: number;
  receipt: LedgerReceipt;
  change: ChangeSummary | null;
}

/** Runs an officer's event on a case in their jurisdiction; decisions carry their data action through. */
async function officerAct(actor: Actor, caseId: string, event: (row: ObjectionCase) => CaseEvent, now: Date): Promise<CaseActionResult> {
  assertCan(actor, "objections.handle");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    if (!row || !covers(actor, row)) throw new AppError("not_found", "No such case.");
    const chosen = event(row);
    const action = chosen.type === "decide" || chosen.type === "decide_appeal" ? chosen.decision.action : undefined;
    const { receipt, patch, change } = await applyCaseEvent(tx, row, chosen, { kind: "officer", userId: actor.userId }, actor.pseudonym, now, action ? () => applyDataAction(tx, { caseRow: row, action, officer: actor, now }) : undefined);
    return { status: patch.status, ledgerSeq: receipt.seq, receipt, change };
  });
}

/** Assigns the case to an officer (oneself by default) whose jurisdiction covers it. */
export async function assignObjection(actor: Actor, caseId: string, officerId: string = actor.userId, now: Date = new Date()): Promise<CaseActionResult> {
  assertCan(actor, "objections.handle");
  const db = await getDb();
  const [row] = isUuid(caseId) ? await db.select({ areaId: objectionCases.areaId }).from(objectionCases).where(eq(objectionCases.id, caseId)) : [];
  if (!row || !covers(actor, row)) throw new AppError("not_found", "No such case.");
  if (!(await eligibleOfficers(db, row.areaId)).some((officer) => officer.id === officerId)) {
    throw new AppError("invalid_input", "officerId: not an oversight officer whose jurisdiction covers this case");
  }
  return officerAct(actor, caseId, () => ({ type: "assign", officerId }), now);
}

/** Asks the citizen for more information; the clock stops until they answer (per policy). */
export async function requestInformation(actor: Actor, caseId: string, input: unknown, now: Date = new Date()): Promise<CaseActionResult> {
  const { question } = parseOrThrow(informationRequestSchema, input);
  return officerAct(actor, caseId, () => ({ type: "request_information", question }), now);
}

/** The case's one extension, with its reason. */
export async function extendObjection(actor: Actor, caseId: string, input: unknown, now: Date = new Date()): Promise<CaseActionResult> {
  const { days, reason } = parseOrThrow(extensionSchema, input);
  return officerAct(actor, caseId, () => ({ type: "extend", days, reason }), now);
}

/**
 * Decides the case — or its appeal, when it is under appeal (by another officer than the first
 * decider). An upheld rectification or exclusion carries its correction into the data.
 */
export async function decideObjection(actor: Actor, caseId: string, input: unknown, now: Date = new Date()): Promise<CaseActionResult> {
  const decision = parseOrThrow(decisionSchema, input);
  return officerAct(actor, caseId, (row) => (row.status === "appealed" ? { type: "decide_appeal", decision } : { type: "decide", decision }), now);
}
