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
 * - An approval vouches for the audit it was given on: once one is recorded, the version cannot
 *   be audited again (reject it and register a new version instead), and when the audit failed,
 *   every approval, earlier ones included, must carry an override. A first approval that lapses
 *   before the second arrives blocks approval: both must be in force at once.
 * - Any officer other than the registrant may reject a submitted or audited version, even after
 *   another officer approved it: one veto is enough, as one suspension is.
 * - Registering and editing are not transitions (there is no prior state, and an edit keeps the
 *   state): `decideRegistration` and `decideEdit` guard them.
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

/** Who acts; `null` is the system itself (audit jobs, the expiry sweep, monitoring's automatic suspension). */
export type LifecycleActor = { userId: string; role: Role } | null;

export type Decision =
  | { ok: true; next: VersionState; approval?: Approval; validUntil?: Date; approvedScope?: { areaCodes: string[]; categories: string[] } }
  | { ok: false; code: "forbidden" | "conflict" | "invalid_input"; message: string };

export type Refusal = Extract<Decision, { ok: false }>;

const refuse = (code: Refusal["code"], message: string): Refusal => ({ ok: false, code, message });

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
      if (state !== "submitted" && state !== "audited") return refuse("conflict", `A ${state} version cannot be audited.`);
      if (version.approvals.length > 0) return refuse("conflict", "An approval was given on the current audit; a new audit would change what it vouched for. Reject the version and register a new one.");
      return { ok: true, next: "audited" };
    case "approve":
      return approve(version, state, event, actor, now);
    case "reject": {
      if (!isOfficer(actor) || actor?.userId === version.registrantId) return refuse("forbidden", "Only an oversight officer other than the registrant rejects a version.");
      const problem = reasonProblem(event.reason);
      if (problem) return refuse("invalid_input", problem);
      return state === "submitted" || state === "audited" ? { ok: true, next: "rejected" } : refuse("conflict", `A ${state} version cannot be rejected.`);
    }
    case "suspend": {
      // The system (null) suspends when post-deployment monitoring finds a breach and the policy says so.
      if (actor !== null && !isOfficer(actor)) return refuse("forbidden", "Only an oversight officer, or monitoring on a breach, suspends a version.");
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
  if (version.auditVerdict === "fail" && version.approvals.some((earlier) => !earlier.override?.trim())) {
    return refuse("conflict", "The audit failed, but an earlier approval carries no override; reject the version and register a new one.");
  }
  const lapsed = version.approvals.find((earlier) => earlier.validUntil.getTime() <= now.getTime());
  if (lapsed) return refuse("conflict", `An earlier approval lapsed at ${lapsed.validUntil.toISOString()}; reject the version and register a new one.`);
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
  // Counted as distinct non-registrant approvers, not rows, so inconsistent facts never approve.
  const approvers = new Set(approvals.map((a) => a.approverId).filter((id) => id !== version.registrantId));
  if (approvers.size < REQUIRED_APPROVALS) return { ok: true, next: "audited", approval };
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

/** What expiry depends on: the state and each approval's valid-until (a stored version's own valid-until is their minimum). */
export type ExpiryFacts = Pick<VersionFacts, "state"> & { approvals: readonly Pick<Approval, "validUntil">[] };

/**
 * Whether an approved version has reached its valid-until (the earliest of its approvals') at
 * `now`. An approved version with no valid approval date counts as expired: it fails closed.
 *
 * @example isExpired({ state: "approved", approvals: [a30days, b60days] }, in31days) // true
 */
export function isExpired(version: ExpiryFacts, now: Date): boolean {
  if (version.state === "expired") return true;
  if (version.state !== "approved") return false;
  const until = Math.min(...version.approvals.map((approval) => approval.validUntil.getTime()));
  return !Number.isFinite(until) || now.getTime() >= until;
}

/**
 * The state as of `now`: an approval past its valid-until is expired even before the sweep has
 * written it, so police never see a stale approval.
 *
 * @example effectiveState(approvedUntilMarch, aprilFirst) // "expired"
 */
export function effectiveState(version: ExpiryFacts, now: Date): VersionState {
  return isExpired(version, now) ? "expired" : version.state;
}

type Permit = { ok: true } | Refusal;

/**
 * Whether `actor` may register a new version (it starts as a draft they own).
 *
 * @example decideRegistration({ userId: "u1", role: "model_developer" }) // { ok: true }
 */
export function decideRegistration(actor: LifecycleActor): Permit {
  return actor?.role === "model_developer" ? { ok: true } : refuse("forbidden", "Only a model developer registers versions.");
}

/**
 * Whether `actor` may change a version's definition or model card: only its registrant, and only
 * while it is a draft. Once submitted a version is immutable; a change is a new version.
 */
export function decideEdit(version: Pick<VersionFacts, "state" | "registrantId">, actor: LifecycleActor): Permit {
  if (actor?.role !== "model_developer" || actor.userId !== version.registrantId) return refuse("forbidden", "Only the developer who registered a version edits it.");
  return version.state === "draft" ? { ok: true } : refuse("conflict", `A ${version.state} version is immutable; register a new version instead.`);
}
