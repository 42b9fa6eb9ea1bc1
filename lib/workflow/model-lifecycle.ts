/**
 * The life of a model version: draft → submitted → audited → approved → (expired | suspended |
 * retired), plus rejected. Pure: the database layer loads the facts, asks `decide`, and writes
 * the outcome (and its ledger entry) in one transaction; database constraints enforce the same
 * rules again.
 *
 * Decisions where the issue is silent:
 * - Approvals are only given to an audited version: nobody approves what was not measured.
 * - A suspended, expired or rejected version is never reinstated; a fixed model is a new version,
 *   and a renewal is a new version with the same definition, audited and approved afresh.
 * - The approved scope is the intersection of both approvals' scopes, and it expires at the
 *   earlier of the two valid-until dates: each officer vouches only for what they approved.
 */
import type { Role } from "../auth/permissions";

export const VERSION_STATES = ["draft", "submitted", "audited", "approved", "expired", "suspended", "retired", "rejected"] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const DEFAULT_APPROVAL_DAYS = 90;
export const MAX_APPROVAL_DAYS = 180;
export const REQUIRED_APPROVALS = 2;
const MAX_REASON = 2_000;
const DAY_MS = 86_400_000;

export interface Approval {
  approverId: string;
  areaCodes: string[];
  categories: string[];
  validUntil: Date;
  reason: string;
  /** Required when the latest audit failed a policy criterion: the approver owns the override. */
  override: string | null;
  at: Date;
}

export interface VersionFacts {
  state: VersionState;
  registrantId: string;
  areaCodes: readonly string[];
  categories: readonly string[];
  approvals: readonly Approval[];
  auditVerdict: "pass" | "fail" | null;
}

export type LifecycleEvent =
  | { type: "submit" }
  | { type: "record_audit"; verdict: "pass" | "fail" }
  | { type: "approve"; areaCodes: string[]; categories: string[]; validUntil?: Date; reason: string; override?: string }
  | { type: "reject"; reason: string }
  | { type: "suspend"; reason: string }
  | { type: "expire" }
  | { type: "retire"; reason: string };

/** Who acts; `null` is the system itself (audit jobs, the expiry sweep). */
export type LifecycleActor = { userId: string; role: Role } | null;

export type Decision =
  | { ok: true; next: VersionState; approval?: Approval; validUntil?: Date; approvedScope?: { areaCodes: string[]; categories: string[] } }
  | { ok: false; code: "forbidden" | "conflict" | "invalid_input"; message: string };

const refuse = (code: "forbidden" | "conflict" | "invalid_input", message: string): Decision => ({ ok: false, code, message });

function reasonProblem(reason: string | undefined, field = "reason"): string | null {
  const text = reason?.trim() ?? "";
  if (text.length === 0) return `${field}: give a reason`;
  if (text.length > MAX_REASON) return `${field}: at most ${MAX_REASON} characters`;
  return null;
}

const isOfficer = (actor: LifecycleActor) => actor?.role === "oversight_officer";

/**
 * Whether `actor` may apply `event` to the version at `now`, and what follows.
 *
 * @example decide(version, { type: "suspend", reason: "harm reported" }, officer, now) // { ok: true, next: "suspended" }
 */
export function decide(version: VersionFacts, event: LifecycleEvent, actor: LifecycleActor, now: Date): Decision {
  const state = effectiveState(version, now);
  switch (event.type) {
    case "submit":
      if (actor?.role !== "model_developer" || actor.userId !== version.registrantId) return refuse("forbidden", "Only the developer who registered a version submits it.");
      return state === "draft" ? { ok: true, next: "submitted" } : refuse("conflict", `A ${state} version cannot be submitted.`);
    case "record_audit":
      if (actor !== null && !isOfficer(actor)) return refuse("forbidden", "Audits are launched by oversight officers.");
      return state === "submitted" || state === "audited" ? { ok: true, next: "audited" } : refuse("conflict", `A ${state} version cannot be audited.`);
    case "approve":
      return approve(version, state, event, actor, now);
    case "reject": {
      if (!isOfficer(actor) || actor?.userId === version.registrantId) return refuse("forbidden", "Only an oversight officer other than the registrant rejects a version.");
      const problem = reasonProblem(event.reason);
      if (problem) return refuse("invalid_input", problem);
      return state === "submitted" || state === "audited" ? { ok: true, next: "rejected" } : refuse("conflict", `A ${state} version cannot be rejected.`);
    }
    case "suspend": {
      if (!isOfficer(actor)) return refuse("forbidden", "Only an oversight officer suspends a version.");
      const problem = reasonProblem(event.reason);
      if (problem) return refuse("invalid_input", problem);
      return state === "approved" ? { ok: true, next: "suspended" } : refuse("conflict", `A ${state} version is not in use and cannot be suspended.`);
    }
    case "expire":
      if (actor !== null) return refuse("forbidden", "Expiry is applied by the system at valid-until.");
      return version.state === "approved" && state === "expired" ? { ok: true, next: "expired" } : refuse("conflict", "The version is not due to expire.");
    case "retire": {
      const mayRetire = isOfficer(actor) || (actor?.role === "model_developer" && actor.userId === version.registrantId);
      if (!mayRetire) return refuse("forbidden", "Only the registrant or an oversight officer retires a version.");
      const problem = reasonProblem(event.reason);
      if (problem) return refuse("invalid_input", problem);
      return ["approved", "suspended", "expired"].includes(state) ? { ok: true, next: "retired" } : refuse("conflict", `A ${state} version cannot be retired.`);
    }
  }
}

function approve(version: VersionFacts, state: VersionState, event: Extract<LifecycleEvent, { type: "approve" }>, actor: LifecycleActor, now: Date): Decision {
  if (!isOfficer(actor) || !actor) return refuse("forbidden", "Only oversight officers approve versions.");
  if (actor.userId === version.registrantId) return refuse("forbidden", "Whoever registered a version may not approve it.");
  if (state !== "audited") return refuse("conflict", state === "approved" ? "The version is already approved." : `A ${state} version cannot be approved; it must be audited first.`);
  if (version.approvals.some((approval) => approval.approverId === actor.userId)) return refuse("conflict", "You have already approved this version; a second officer must approve it.");
  const problem =
    reasonProblem(event.reason) ??
    (version.auditVerdict === "fail" ? reasonProblem(event.override, "override") : null) ??
    scopeProblem(event.areaCodes, version.areaCodes, "areaCodes") ??
    scopeProblem(event.categories, version.categories, "categories");
  if (problem) return refuse("invalid_input", problem);
  const validUntil = event.validUntil ?? new Date(now.getTime() + DEFAULT_APPROVAL_DAYS * DAY_MS);
  if (Number.isNaN(validUntil.getTime()) || validUntil.getTime() <= now.getTime()) return refuse("invalid_input", "validUntil: must be in the future");
  if (validUntil.getTime() > now.getTime() + MAX_APPROVAL_DAYS * DAY_MS) return refuse("invalid_input", `validUntil: at most ${MAX_APPROVAL_DAYS} days ahead`);
  const approval: Approval = {
    approverId: actor.userId,
    areaCodes: [...new Set(event.areaCodes)].sort(),
    categories: [...new Set(event.categories)].sort(),
    validUntil,
    reason: event.reason.trim(),
    override: event.override?.trim() || null,
    at: now,
  };
  const approvals = [...version.approvals, approval];
  if (approvals.length < REQUIRED_APPROVALS) return { ok: true, next: "audited", approval };
  return {
    ok: true,
    next: "approved",
    approval,
    validUntil: new Date(Math.min(...approvals.map((a) => a.validUntil.getTime()))),
    approvedScope: {
      areaCodes: approvals.map((a) => a.areaCodes).reduce((acc, codes) => acc.filter((code) => codes.includes(code))),
      categories: approvals.map((a) => a.categories).reduce((acc, cats) => acc.filter((cat) => cats.includes(cat))),
    },
  };
}

function scopeProblem(requested: readonly string[], allowed: readonly string[], field: string): string | null {
  if (requested.length === 0) return `${field}: name at least one`;
  const outside = requested.filter((value) => !allowed.includes(value));
  return outside.length > 0 ? `${field}: ${outside.join(", ")} outside the version's scope` : null;
}

/**
 * The state as of `now`: an approval past its valid-until is expired even before the sweep has
 * written it, so no one is ever shown a stale approval.
 */
export function effectiveState(version: Pick<VersionFacts, "state" | "approvals">, now: Date): VersionState {
  if (version.state !== "approved") return version.state;
  const until = Math.min(...version.approvals.map((approval) => approval.validUntil.getTime()));
  return Number.isFinite(until) && now.getTime() >= until ? "expired" : "approved";
}
