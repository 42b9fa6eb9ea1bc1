/**
 * The life of an objection case: received → in_review (assigned) ⇄ awaiting_information →
 * decided → (appealed → appeal_decided). Pure: the data-access layer loads the facts, asks
 * `decideCase`, and writes the patch, the event and its ledger entry in one transaction.
 *
 * Decisions where the issue is silent:
 * - Deciding without an assignment assigns the decider; a case assigned to someone else is theirs.
 * - The clock stops while the citizen owes requested information (when the policy says so) and
 *   restarts, moved by the whole days taken, when they answer; a case may be decided while waiting.
 * - One extension per case, before the deadline passes, up to the policy's maximum.
 * - The citizen may appeal once, within the appeal window; the appeal gets a fresh deadline and
 *   is decided by an officer other than the one who decided the case.
 * - Only rectification and exclusion cases naming an incident change data: an upheld
 *   rectification states its correction, an upheld exclusion excludes; a rejection changes nothing.
 */
import { dueAfter, extendDeadline, resumeClock } from "./deadlines";
import { DATA_CHANGING_KINDS, type CaseStatus, type ObjectionKind, type Outcome } from "./kinds";
import type { DeadlinePolicy } from "./policy";
import type { DataAction, DecisionInput } from "./schemas";

export interface CaseFacts {
  kind: ObjectionKind;
  status: CaseStatus;
  hasIncident: boolean;
  dueAt: Date;
  pausedAt: Date | null;
  extended: boolean;
  assignedTo: string | null;
  decidedBy: string | null;
  appealUntil: Date | null;
}

/** An oversight officer, the citizen (holder of the tracking code, or the signed-in filer), or the system. */
export type CaseActor = { kind: "officer"; userId: string } | { kind: "citizen" } | { kind: "system" };

export type CaseEvent =
  | { type: "assign"; officerId: string }
  | { type: "request_information"; question: string }
  | { type: "answer_information"; answer: string }
  | { type: "extend"; days: number; reason: string }
  | { type: "decide"; decision: DecisionInput }
  | { type: "appeal"; reason: string }
  | { type: "decide_appeal"; decision: DecisionInput };

export interface CasePatch {
  status: CaseStatus;
  dueAt?: Date;
  pausedAt?: Date | null;
  extended?: true;
  assignedTo?: string | null;
  decidedBy?: string;
  decidedAt?: Date;
  decidedOnTime?: boolean;
  appealUntil?: Date;
  appealDecidedBy?: string;
  appealDecidedAt?: Date;
  appealDecidedOnTime?: boolean;
  /** When the case is closed for good (retention of contact details counts from here); null reopens. */
  closesAt?: Date | null;
}

export type CaseDecision = { ok: true; patch: CasePatch } | { ok: false; code: "forbidden" | "conflict" | "invalid_input"; message: string };

const refuse = (code: "forbidden" | "conflict" | "invalid_input", message: string): CaseDecision => ({ ok: false, code, message });

/** Statuses with a running (or paused) deadline. */
export const OPEN_STATUSES: readonly CaseStatus[] = ["received", "in_review", "awaiting_information", "appealed"];

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Closed for good: the appeal is decided, or the appeal window passed unused. */
export function isClosed(facts: { status: CaseStatus; appealUntil: Date | null }, now: Date): boolean {
  return facts.status === "appeal_decided" || (facts.status === "decided" && facts.appealUntil !== null && now.getTime() > facts.appealUntil.getTime());
}

/**
 * What a decision may do to data for this kind of case, or the problem with it (field named).
 *
 * @example actionProblem("rectification", "upheld", undefined, true, now) // "action: an upheld rectification states the correction"
 */
export function actionProblem(kind: ObjectionKind, outcome: Outcome, action: DataAction | undefined, hasIncident: boolean, now: Date): string | null {
  if (action === undefined) {
    if (outcome === "upheld" && hasIncident && kind === "rectification") return "action: an upheld rectification states the correction";
    if (outcome === "upheld" && hasIncident && kind === "exclusion") return "action: an upheld exclusion excludes the record";
    return null;
  }
  if (outcome === "rejected") return "action: a rejected objection changes no data";
  if (!DATA_CHANGING_KINDS.includes(kind)) return "action: only rectification and exclusion cases change incident data";
  if (!hasIncident) return "action: the case names no incident";
  if (kind === "rectification" && action.type !== "correct") return "action.type: a rectification corrects the record";
  if (kind === "exclusion" && outcome === "upheld" && action.type !== "exclude") return "action.type: an upheld exclusion excludes the record";
  if (action.type === "correct" && action.occurredAt !== undefined && Date.parse(action.occurredAt) > now.getTime()) return "action.occurredAt: must not be in the future";
  return null;
}

/** The due date in force at `now`: a paused clock counts the days it has been paused. */
export function effectiveDueAt(facts: Pick<CaseFacts, "dueAt" | "pausedAt">, now: Date, policy: DeadlinePolicy): Date {
  return facts.pausedAt === null ? facts.dueAt : resumeClock(facts.dueAt, facts.pausedAt, now, policy.timeZone);
}

/**
 * Whether `actor` may apply `event` to the case at `now`, and what changes.
 *
 * @example decideCase(facts, { type: "assign", officerId: "o1" }, { kind: "officer", userId: "o1" }, now, policy) // { ok: true, patch: { status: "in_review", assignedTo: "o1" } }
 */
export function decideCase(facts: CaseFacts, event: CaseEvent, actor: CaseActor, now: Date, policy: DeadlinePolicy): CaseDecision {
  const officer = actor.kind === "officer" ? actor.userId : null;
  switch (event.type) {
    case "assign": {
      if (!officer) return refuse("forbidden", "Only oversight officers assign cases.");
      if (!isOpen(facts.status)) return refuse("conflict", `A ${facts.status} case cannot be assigned.`);
      if (facts.status === "appealed" && event.officerId === facts.decidedBy) return refuse("conflict", "An appeal is decided by an officer other than the one who decided the case.");
      return { ok: true, patch: { status: facts.status === "received" ? "in_review" : facts.status, assignedTo: event.officerId } };
    }
    case "request_information": {
      if (!officer) return refuse("forbidden", "Only oversight officers request information.");
      if (facts.assignedTo !== officer) return refuse("forbidden", "Only the officer handling the case requests information.");
      if (facts.status !== "in_review") return refuse("conflict", `A ${facts.status} case cannot ask for information.`);
      if (event.question.trim() === "") return refuse("invalid_input", "question: required");
      return { ok: true, patch: { status: "awaiting_information", pausedAt: policy.pauseOnInformationRequest ? now : null } };
    }
    case "answer_information": {
      if (actor.kind !== "citizen") return refuse("forbidden", "Only the citizen who filed the case answers a request for information.");
      if (facts.status !== "awaiting_information") return refuse("conflict", "No information is being asked for.");
      if (event.answer.trim() === "") return refuse("invalid_input", "answer: required");
      return { ok: true, patch: { status: "in_review", pausedAt: null, dueAt: effectiveDueAt(facts, now, policy) } };
    }
    case "extend": {
      if (!officer) return refuse("forbidden", "Only oversight officers extend a deadline.");
      if (facts.assignedTo !== officer) return refuse("forbidden", "Only the officer handling the case extends its deadline.");
      if (!isOpen(facts.status) || facts.status === "received") return refuse("conflict", `A ${facts.status} case cannot be extended.`);
      const extended = extendDeadline({ dueAt: effectiveDueAt(facts, now, policy), extended: facts.extended }, event, now, policy);
      if (!extended.ok) return refuse(extended.field === "case" ? "conflict" : "invalid_input", extended.field === "case" ? extended.message : `${extended.field}: ${extended.message}`);
      return { ok: true, patch: { status: facts.status, dueAt: extended.dueAt, extended: true, ...(facts.pausedAt ? { pausedAt: now } : {}) } };
    }
    case "decide": {
      if (!officer) return refuse("forbidden", "Only oversight officers decide cases.");
      if (!["received", "in_review", "awaiting_information"].includes(facts.status)) return refuse("conflict", facts.status === "appealed" ? "The case is under appeal: decide the appeal instead." : `A ${facts.status} case cannot be decided again.`);
      if (facts.assignedTo !== null && facts.assignedTo !== officer) return refuse("forbidden", "The case is assigned to another officer.");
      const problem = actionProblem(facts.kind, event.decision.outcome, event.decision.action, facts.hasIncident, now);
      if (problem) return refuse("invalid_input", problem);
      const due = effectiveDueAt(facts, now, policy);
      const appealUntil = dueAfter(now, policy.appealWindowDays, policy.timeZone);
      return {
        ok: true,
        patch: { status: "decided", assignedTo: officer, decidedBy: officer, decidedAt: now, decidedOnTime: now.getTime() <= due.getTime(), dueAt: due, pausedAt: null, appealUntil, closesAt: appealUntil },
      };
    }
    case "appeal": {
      if (actor.kind !== "citizen") return refuse("forbidden", "Only the citizen who filed the case appeals its decision.");
      if (facts.status === "appealed" || facts.status === "appeal_decided") return refuse("conflict", "A case can be appealed once.");
      if (facts.status !== "decided") return refuse("conflict", "Only a decided case can be appealed.");
      if (facts.appealUntil !== null && now.getTime() > facts.appealUntil.getTime()) return refuse("conflict", "The time to appeal has passed.");
      if (event.reason.trim() === "") return refuse("invalid_input", "reason: required");
      return { ok: true, patch: { status: "appealed", dueAt: dueAfter(now, policy.responseDays, policy.timeZone), assignedTo: null, pausedAt: null, closesAt: null } };
    }
    case "decide_appeal": {
      if (!officer) return refuse("forbidden", "Only oversight officers decide appeals.");
      if (facts.status !== "appealed") return refuse("conflict", "There is no appeal to decide.");
      if (officer === facts.decidedBy) return refuse("forbidden", "An appeal is decided by an officer other than the one who decided the case.");
      if (facts.assignedTo !== null && facts.assignedTo !== officer) return refuse("forbidden", "The appeal is assigned to another officer.");
      const problem = actionProblem(facts.kind, event.decision.outcome, event.decision.action, facts.hasIncident, now);
      if (problem) return refuse("invalid_input", problem);
      return { ok: true, patch: { status: "appeal_decided", assignedTo: officer, appealDecidedBy: officer, appealDecidedAt: now, appealDecidedOnTime: now.getTime() <= facts.dueAt.getTime(), closesAt: now } };
    }
  }
}
