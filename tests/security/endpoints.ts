/**
 * Who may call each endpoint: every route handler method and every server action, written out.
 * Deny by default — tests/unit/security/endpoint-table.test.ts fails when the app has an endpoint
 * this table does not list (or the table lists one that no longer exists), and the sweeps in
 * tests/integration/security and tests/e2e/security-access.spec.ts call each one as nobody and as
 * every role, expecting a refusal and an unchanged database from everyone the table leaves out.
 *
 * Roles come from lib/auth/permissions.ts: an entry names the permission(s) the endpoint's
 * data-access function asks for, so changing the permission table changes the expected outcome.
 */
import { PERMISSIONS, ROLES, type Permission, type Role } from "@/lib/auth/permissions";

/**
 * `public`: anyone, signed in or not. `signed_in`: any signed-in role, acting only on its own
 * records (ownership is checked in the data-access layer). A list of permissions: a role holding
 * any of them.
 */
export type Access = "public" | "signed_in" | readonly Permission[];

export interface EndpointRule {
  access: Access;
  /** Why an endpoint is public or open to every signed-in role, or what narrows it further. */
  note?: string;
}

/** The caller of a sweep: nobody, or a signed-in demo account of a role. */
export type Caller = "anonymous" | Role;
export const CALLERS: readonly Caller[] = ["anonymous", ...ROLES];

const pub = (note: string): EndpointRule => ({ access: "public", note });
const signedIn = (note: string): EndpointRule => ({ access: "signed_in", note });
const needs = (...permissions: Permission[]): EndpointRule => ({ access: permissions });

/** Route handlers: `METHOD /api/...` with Next's folder names for dynamic segments. */
export const ROUTE_RULES: Record<string, EndpointRule> = {
  "GET /api/auth/[...nextauth]": pub("Auth.js: CSRF token, session and provider list"),
  "POST /api/auth/[...nextauth]": pub("Auth.js: sign-in (throttled) and sign-out"),
  "GET /api/health": pub("liveness probe, answers only the database kind"),
  "GET /api/v1/audits/[id]": needs("models.read"),
  "POST /api/v1/forecasts/[id]/actions/[actionId]/outcome": needs("forecasts.act"),
  "GET /api/v1/forecasts/[id]/actions": needs("forecasts.act"),
  "POST /api/v1/forecasts/[id]/actions": needs("forecasts.act"),
  "GET /api/v1/forecasts/[id]/cells/[cell]/proof": { access: ["forecasts.oversee", "forecasts.view"], note: "officers only for forecasts they viewed, in their own areas" },
  "GET /api/v1/forecasts": needs("forecasts.view"),
  "GET /api/v1/incidents": needs("incidents.read", "incidents.export"),
  "GET /api/v1/jobs/[id]": signedIn("the job's starter, or a role holding jobs.read; anyone else gets not-found"),
  "GET /api/v1/ledger/checkpoint": pub("the ledger holds pseudonyms and hashes only; anyone may verify it"),
  "GET /api/v1/ledger/checkpoints": pub("signed checkpoints are published"),
  "GET /api/v1/ledger/consistency": pub("consistency proofs are public"),
  "GET /api/v1/ledger/entries/[seq]/proof": pub("inclusion proofs are public"),
  "GET /api/v1/ledger/entries": pub("entries hold pseudonyms and hashes only"),
  "GET /api/v1/me": needs("profile.read_own"),
  "POST /api/v1/monitoring/alerts/[id]/acknowledgement": needs("monitoring.acknowledge"),
  "GET /api/v1/monitoring": needs("monitoring.read"),
  "POST /api/v1/models/[id]/versions": needs("models.register"),
  "POST /api/v1/models": needs("models.register"),
  "POST /api/v1/objections/[ref]/decision": needs("objections.handle"),
  "GET /api/v1/objections/[ref]": pub("a case's minimal status to the holder of its tracking code"),
  "GET /api/v1/objections/policy": pub("the deadlines citizens are owed"),
  "PUT /api/v1/objections/policy": needs("policies.manage"),
  "POST /api/v1/objections": pub("anyone may object, without an account (rate-limited per address)"),
  "GET /api/v1/objections/stats": pub("public statistics, counts and durations only"),
  "GET /api/v1/openapi.json": pub("the API description"),
  "GET /api/v1/policy": needs("models.read"),
  "PUT /api/v1/policy": needs("policies.manage"),
  "GET /api/v1/regional": pub("the public regional view: district × month aggregates only"),
  "GET /api/v1/register/[id]": pub("the public algorithm register"),
  "GET /api/v1/register/atrs/[id]": pub("the public algorithm register as ATRS"),
  "GET /api/v1/register/atrs": pub("the public algorithm register as ATRS"),
  "GET /api/v1/register": pub("the public algorithm register"),
  "DELETE /api/v1/tokens/[id]": needs("tokens.manage_own"),
  "GET /api/v1/tokens": needs("tokens.manage_own"),
  "POST /api/v1/tokens": needs("tokens.manage_own"),
  "GET /api/v1/users": needs("users.read"),
  "POST /api/v1/users": needs("users.manage"),
  "POST /api/v1/versions/[id]/approvals": needs("versions.decide"),
  "POST /api/v1/versions/[id]/audits": needs("versions.decide"),
  "POST /api/v1/versions/[id]/forecasts": needs("forecasts.generate"),
  "GET /api/v1/versions/[id]": needs("models.read"),
  "POST /api/v1/versions/[id]/monitoring": needs("monitoring.run"),
  "POST /api/v1/versions/[id]/submit": needs("models.register"),
  "POST /api/v1/versions/[id]/suspend": needs("versions.decide"),
};

/** Server actions: `file#exportedName`. Each is a public POST endpoint whatever page uses it. */
export const ACTION_RULES: Record<string, EndpointRule> = {
  "app/(admin)/admin/imports/actions.ts#startImportAction": needs("imports.run"),
  "app/(admin)/admin/users/actions.ts#createUserAction": needs("users.manage"),
  "app/(admin)/admin/users/actions.ts#updateUserAction": needs("users.manage"),
  "app/(oversight)/oversight/forecasts/actions.ts#generateForecastsAction": needs("forecasts.generate"),
  "app/(oversight)/oversight/ledger/actions.ts#verifyLedgerAction": needs("ledger.audit"),
  "app/(oversight)/oversight/monitoring/actions.ts#acknowledgeAlertAction": needs("monitoring.acknowledge"),
  "app/(oversight)/oversight/monitoring/actions.ts#runMonitoringAction": needs("monitoring.run"),
  "app/(oversight)/oversight/objections/actions.ts#caseAction": needs("objections.handle"),
  "app/(oversight)/oversight/serious-incidents/actions.ts#fileIncidentAction": needs("serious_incidents.file"),
  "app/(oversight)/oversight/serious-incidents/actions.ts#recordReportAction": needs("serious_incidents.file"),
  "app/(police)/forecasts/actions.ts#openForecastAction": needs("forecasts.view"),
  "app/(police)/forecasts/actions.ts#recordDecisionAction": needs("forecasts.act"),
  "app/(police)/forecasts/actions.ts#recordOutcomeAction": needs("forecasts.act"),
  "app/(public)/objections/actions.ts#fileObjectionAction": pub("anyone may object, without an account"),
  "app/(public)/objections/actions.ts#answerAction": pub("by tracking code; by case id only the filing citizen (objections.read_own)"),
  "app/(public)/objections/actions.ts#appealAction": pub("by tracking code; by case id only the filing citizen (objections.read_own)"),
  "app/(registry)/models/actions.ts#registerAction": needs("models.register"),
  "app/(registry)/models/actions.ts#versionAction": { access: ["models.register", "versions.decide"], note: "submit: the registrant; audit, approve, reject, suspend: oversight officers" },
  "app/(signed-in)/account/actions.ts#createTokenAction": needs("tokens.manage_own"),
  "app/(signed-in)/account/actions.ts#revokeTokenAction": needs("tokens.manage_own"),
  "app/_actions/session.ts#setLocaleAction": pub("sets the language cookie"),
  "app/_actions/session.ts#signInAction": pub("sign-in (throttled)"),
  "app/_actions/session.ts#signOutAction": pub("ends the caller's own session"),
};

/** The callers an access rule lets through. */
export function allowedCallers(access: Access): Caller[] {
  if (access === "public") return [...CALLERS];
  if (access === "signed_in") return [...ROLES];
  return ROLES.filter((role) => access.some((permission) => (PERMISSIONS[permission] as readonly Role[]).includes(role)));
}

export function isAllowed(access: Access, caller: Caller): boolean {
  return allowedCallers(access).includes(caller);
}
