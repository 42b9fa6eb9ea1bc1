import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { areas, forecastCells, forecasts, incidents, loginThrottle, objectionCases, objectionContacts, objectionIdempotency, type ObjectionCase } from "@/db/schema";
import { afterFailure, retryAfterSeconds } from "@/lib/auth/throttle-policy";
import { assertCan, can, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import type { CaseEvent } from "@/lib/objections/case-machine";
import { initialDueAt } from "@/lib/objections/deadlines";
import type { CaseStatus, ObjectionKind, Outcome } from "@/lib/objections/kinds";
import { deadlinePolicyFor, INTAKE_RULE } from "@/lib/objections/policy";
import { appealSchema, informationAnswerSchema, intakeSchema, type IntakeInput } from "@/lib/objections/schemas";
import { objectionStats, type ObjectionStats } from "@/lib/objections/stats";
import { generateTrackingCode, parseTrackingCode, TRACKING_CODE_RANDOM_BYTES, trackingCodeHash, trackingCodeHint } from "@/lib/objections/tracking-code";
import type { LedgerReceipt } from "./ledger";
import { advisoryLock, applyCaseEvent, citizenView, clockFor, isUuid, ledgerEvent, parseOrThrow, storeEvent, type CitizenCaseView, type EventInput } from "./objections-core";
import { getObjectionPolicy, INTAKE_THROTTLE_PREFIX } from "./objections-maintenance";

const IDEMPOTENCY_HOURS = 24;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** What the citizen is given once: the code, the due date and the ledger receipt of the filing. */
export interface FilingReceipt {
  trackingCode: string;
  dueAt: string;
  receipt: LedgerReceipt;
}

export interface Submission {
  input: unknown;
  /** The Idempotency-Key header: a retry with the same key and body returns the same case. */
  idempotencyKey?: string | null;
  /** The client's address, for the per-address rate limit (hashed before it is stored). */
  clientIp: string | null;
  /** The signed-in citizen filing, so the case appears in their list; anyone else files anonymously. */
  submitter?: Actor | null;
  now?: Date;
}

/**
 * Files an objection. Public: no account needed. Validation names each bad field and creates
 * nothing; an unknown incident, area, forecast or cell is a 422 naming the field. With an
 * Idempotency-Key the work is serialised on that key, so any number of concurrent retries create
 * one case and all get its receipt; a reused key with a different body is refused. New cases are
 * limited per client address (INTAKE_RULE); replays do not count.
 */
export async function submitObjection(submission: Submission): Promise<FilingReceipt & { replayed: boolean }> {
  const now = submission.now ?? new Date();
  const input = parseOrThrow(intakeSchema, submission.input);
  const key = submission.idempotencyKey ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new AppError("invalid_input", "Idempotency-Key: 1 to 200 visible ASCII characters");
  const { website: _honeypot, ...request } = input;
  const requestHash = sha256Hex(canonicalJson(JSON.parse(JSON.stringify(request))));
  const submitterId = submission.submitter && can(submission.submitter, "objections.read_own") ? submission.submitter.userId : null;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const keyHash = key === null ? null : sha256Hex(`sightline.objection.idempotency:${key}`);
    if (keyHash !== null) {
      await advisoryLock(tx, `sightline.objection.idempotency:${keyHash}`);
      const [earlier] = await tx.select().from(objectionIdempotency).where(and(eq(objectionIdempotency.keyHash, keyHash), gt(objectionIdempotency.expiresAt, now)));
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw new AppError("invalid_input", "Idempotency-Key: already used for a different submission");
        return { ...(earlier.response as unknown as FilingReceipt), replayed: true };
      }
      await tx.delete(objectionIdempotency).where(eq(objectionIdempotency.keyHash, keyHash));
    }
    await countAgainstRateLimit(tx, submission.clientIp, now);
    const references = await resolveReferences(tx, input);
    const policy = deadlinePolicyFor(await getObjectionPolicy(tx), references.areaCode);
    const trackingCode = generateTrackingCode(randomBytes(TRACKING_CODE_RANDOM_BYTES));
    const caseId = randomUUID();
    const dueAt = initialDueAt(now, policy);
    const trackingHash = trackingCodeHash(trackingCode);
    const receipt = await recordFiling(tx, { caseId, input, references, trackingHash, dueAt, now, insert: async (ledgerSeq) => {
      await tx.insert(objectionCases).values({
        id: caseId,
        trackingHash,
        trackingHint: trackingCodeHint(trackingCode),
        kind: input.kind,
        description: input.description,
        incidentId: references.incidentId,
        areaId: references.areaId,
        forecastId: references.forecastId,
        cell: input.cell ?? null,
        submitterId,
        policy,
        receivedAt: now,
        dueAt,
        ledgerSeq,
        updatedAt: now,
      });
      if (input.contactEmail) await tx.insert(objectionContacts).values({ caseId, email: input.contactEmail.toLowerCase(), createdAt: now });
    } });
    const response: FilingReceipt = { trackingCode, dueAt: dueAt.toISOString(), receipt };
    if (keyHash !== null) {
      await tx.insert(objectionIdempotency).values({ keyHash, requestHash, caseId, response: { ...response }, createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_HOURS * 3_600_000) });
    }
    return { ...response, replayed: false };
  });
}

/** The filing's ledger entry first (its sequence number is stored on the case), then the case and its event. */
async function recordFiling(
  tx: Executor,
  input: { caseId: string; input: IntakeInput; references: References; trackingHash: string; dueAt: Date; now: Date; insert: (ledgerSeq: number) => Promise<void> },
): Promise<LedgerReceipt> {
  const event: EventInput = {
    caseId: input.caseId,
    type: "filed",
    actor: { kind: "citizen" },
    actorPseudonym: null,
    body: null,
    data: { kind: input.input.kind, trackingHash: input.trackingHash, descriptionHash: sha256Hex(input.input.description), incidentId: input.references.incidentId, areaId: input.references.areaId, forecastId: input.references.forecastId, cell: input.input.cell ?? null, dueAt: input.dueAt.toISOString() },
    now: input.now,
  };
  const receipt = await ledgerEvent(tx, event);
  await input.insert(receipt.seq);
  await storeEvent(tx, event, receipt.seq);
  return receipt;
}

interface References {
  incidentId: string | null;
  areaId: string | null;
  areaCode: string | null;
  forecastId: string | null;
}

/** Resolves the named incident, area, forecast and cell, or 422 naming the field; the case's area decides its jurisdiction and policy. */
async function resolveReferences(tx: Executor, input: IntakeInput): Promise<References> {
  const found: References = { incidentId: null, areaId: null, areaCode: null, forecastId: null };
  let incidentArea: { id: string | null; code: string | null } | null = null;
  if (input.incidentExternalId !== undefined) {
    const [incident] = await tx.select({ id: incidents.id, areaId: incidents.areaId, areaCode: areas.code }).from(incidents).leftJoin(areas, eq(areas.id, incidents.areaId)).where(eq(incidents.externalId, input.incidentExternalId));
    if (!incident) throw new AppError("invalid_input", "incidentExternalId: no incident has this id", { fields: { incidentExternalId: "no incident has this id" } });
    found.incidentId = incident.id;
    incidentArea = { id: incident.areaId, code: incident.areaCode };
  }
  let namedArea: { id: string; code: string } | null = null;
  if (input.areaCode !== undefined) {
    const [area] = await tx.select({ id: areas.id, code: areas.code }).from(areas).where(eq(areas.code, input.areaCode));
    if (!area) throw new AppError("invalid_input", "areaCode: no area has this code", { fields: { areaCode: "no area has this code" } });
    namedArea = area;
  }
  let cellArea: { id: string | null; code: string } | null = null;
  if (input.forecastId !== undefined) {
    const [forecast] = await tx.select({ id: forecasts.id }).from(forecasts).where(eq(forecasts.id, input.forecastId));
    if (!forecast) throw new AppError("invalid_input", "forecastId: no forecast has this id", { fields: { forecastId: "no forecast has this id" } });
    found.forecastId = forecast.id;
    if (input.cell !== undefined) {
      const [cell] = await tx.select({ areaCode: forecastCells.areaCode }).from(forecastCells).where(and(eq(forecastCells.forecastId, forecast.id), eq(forecastCells.cell, input.cell)));
      if (!cell) throw new AppError("invalid_input", "cell: not a cell of this forecast", { fields: { cell: "not a cell of this forecast" } });
      const [area] = await tx.select({ id: areas.id }).from(areas).where(eq(areas.code, cell.areaCode));
      cellArea = { id: area?.id ?? null, code: cell.areaCode };
    }
  }
  const area = incidentArea?.id ? incidentArea : (namedArea ?? cellArea);
  found.areaId = area?.id ?? null;
  found.areaCode = area?.code ?? null;
  return found;
}

/** Counts a new case against the client's address; 429 with Retry-After past the limit. */
async function countAgainstRateLimit(tx: Executor, clientIp: string | null, now: Date): Promise<void> {
  // Without an address (a misconfigured proxy) all such clients share one bucket: fail closed.
  const key = `${INTAKE_THROTTLE_PREFIX}${sha256Hex(`sightline.objection.ip:${clientIp ?? "unknown"}`)}`;
  await tx.insert(loginThrottle).values({ key, failures: 0, windowStart: now }).onConflictDoNothing();
  const [current] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
  const fresh = current && current.failures > 0 ? current : null;
  const wait = retryAfterSeconds(fresh, now);
  if (wait > 0) throw new AppError("too_many_requests", `Too many objections from this address; try again in ${Math.ceil(wait / 60)} minutes.`, undefined, wait);
  const next = afterFailure(fresh, INTAKE_RULE, now);
  await tx.update(loginThrottle).set(next).where(eq(loginThrottle.key, key));
}

/** The case behind a tracking code, locked, or not_found (a malformed code: 422 naming it). */
async function caseByCode(tx: Executor, code: string, lock: boolean): Promise<ObjectionCase> {
  const canonical = parseTrackingCode(code);
  if (canonical === null) throw new AppError("invalid_input", "trackingCode: not a valid tracking code (check it for typing mistakes)");
  const query = tx.select().from(objectionCases).where(eq(objectionCases.trackingHash, trackingCodeHash(canonical)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found", "No case has this tracking code.");
  return row;
}

/** The public status of a case by its tracking code: no contact details, no officer names, not the text filed. */
export async function getCaseByCode(code: string, now: Date = new Date()): Promise<CitizenCaseView> {
  const db = await getDb();
  return citizenView(db, await caseByCode(db, code, false), now);
}

/** A citizen's own case: by code (anyone holding it) or by id (the signed-in citizen who filed it). */
export type CaseRef = { code: string } | { actor: Actor; caseId: string };

async function lockOwnCase(tx: Executor, ref: CaseRef): Promise<ObjectionCase> {
  if ("code" in ref) return caseByCode(tx, ref.code, true);
  assertCan(ref.actor, "objections.read_own");
  const [row] = isUuid(ref.caseId) ? await tx.select().from(objectionCases).where(and(eq(objectionCases.id, ref.caseId), eq(objectionCases.submitterId, ref.actor.userId))).for("update") : [];
  if (!row) throw new AppError("not_found", "No such case of yours.");
  return row;
}

async function citizenAct(ref: CaseRef, event: (row: ObjectionCase) => CaseEvent, now: Date): Promise<CitizenCaseView> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const row = await lockOwnCase(tx, ref);
    await applyCaseEvent(tx, row, event(row), { kind: "citizen" }, null, now);
    const [updated] = await tx.select().from(objectionCases).where(eq(objectionCases.id, row.id));
    return citizenView(tx, updated!, now);
  });
}

/** The citizen answers a request for information; the clock restarts. */
export async function answerInformationRequest(ref: CaseRef, input: unknown, now: Date = new Date()): Promise<CitizenCaseView> {
  const { answer } = parseOrThrow(informationAnswerSchema, input);
  return citizenAct(ref, () => ({ type: "answer_information", answer }), now);
}

/** The citizen appeals the decision, once, within the appeal window. */
export async function appealDecision(ref: CaseRef, input: unknown, now: Date = new Date()): Promise<CitizenCaseView> {
  const { reason } = parseOrThrow(appealSchema, input);
  return citizenAct(ref, () => ({ type: "appeal", reason }), now);
}

export interface MyCaseRow {
  id: string;
  trackingHint: string;
  kind: ObjectionKind;
  status: CaseStatus;
  receivedAt: Date;
  dueAt: Date;
  clock: string;
  outcome: Outcome | null;
}

/** The signed-in citizen's own cases, newest first. */
export async function listMyCases(actor: Actor, now: Date = new Date()): Promise<MyCaseRow[]> {
  assertCan(actor, "objections.read_own");
  const db = await getDb();
  const rows = await db.select().from(objectionCases).where(eq(objectionCases.submitterId, actor.userId)).orderBy(desc(objectionCases.receivedAt)).limit(500);
  return rows.map((row) => {
    const { dueAt, clock } = clockFor(row, now);
    return { id: row.id, trackingHint: row.trackingHint, kind: row.kind as ObjectionKind, status: row.status as CaseStatus, receivedAt: row.receivedAt, dueAt, clock: clock.state, outcome: (row.appealOutcome ?? row.outcome) as Outcome | null };
  });
}

/** One of the signed-in citizen's own cases; another's is not found. */
export async function getMyCase(actor: Actor, caseId: string, now: Date = new Date()): Promise<CitizenCaseView> {
  assertCan(actor, "objections.read_own");
  const db = await getDb();
  const [row] = isUuid(caseId) ? await db.select().from(objectionCases).where(and(eq(objectionCases.id, caseId), eq(objectionCases.submitterId, actor.userId))) : [];
  if (!row) throw new AppError("not_found", "No such case of yours.");
  return citizenView(db, row, now);
}

/** Area codes and names for the public form (the same names the public register shows). */
export async function listAreasForIntake(): Promise<{ code: string; name: string }[]> {
  const db = await getDb();
  return db.select({ code: areas.code, name: areas.name }).from(areas).orderBy(areas.code);
}

/** Public statistics: counts by kind and outcome, median days to decision and the share on time, per month. */
export async function getObjectionStatistics(): Promise<ObjectionStats> {
  const db = await getDb();
  const rows = await db
    .select({ kind: objectionCases.kind, receivedAt: objectionCases.receivedAt, decidedAt: objectionCases.decidedAt, outcome: objectionCases.outcome, decidedOnTime: objectionCases.decidedOnTime })
    .from(objectionCases);
  return objectionStats(rows.map((row) => ({ ...row, kind: row.kind as ObjectionKind, outcome: row.outcome as Outcome | null })));
}

/** The minimal public answer of `GET /api/v1/objections/{trackingCode}`: the clock, the open question, decisions and what changed. */
export interface PublicStatus {
  kind: ObjectionKind;
  status: CaseStatus;
  receivedAt: string;
  dueAt: string;
  clock: string;
  daysLeft: number | null;
  extended: boolean;
  openQuestion: string | null;
  decision: { outcome: Outcome; reasons: string; decidedAt: string } | null;
  appeal: { appealedAt: string; decision: { outcome: Outcome; reasons: string; decidedAt: string } | null } | null;
  appealUntil: string | null;
  changes: CitizenCaseView["changes"];
}

export async function getPublicStatus(code: string, now: Date = new Date()): Promise<PublicStatus> {
  const view = await getCaseByCode(code, now);
  const decision = (d: CitizenCaseView["decision"]) => (d ? { outcome: d.outcome, reasons: d.reasons, decidedAt: d.decidedAt.toISOString() } : null);
  return {
    kind: view.kind,
    status: view.status,
    receivedAt: view.receivedAt.toISOString(),
    dueAt: view.dueAt.toISOString(),
    clock: view.clock.state,
    daysLeft: view.clock.daysLeft,
    extended: view.extension !== null,
    openQuestion: view.canAnswer ? (view.requests.at(-1)?.question ?? null) : null,
    decision: decision(view.decision),
    appeal: view.appeal ? { appealedAt: view.appeal.appealedAt.toISOString(), decision: decision(view.appeal.decision) } : null,
    appealUntil: view.appealUntil?.toISOString() ?? null,
    changes: view.changes,
  };
}
