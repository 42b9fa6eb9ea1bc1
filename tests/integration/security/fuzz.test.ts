import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, rowsOf } from "@/db";
import { currentPolicy } from "@/db/queries/audits";
import { readObjectionPolicy } from "@/db/queries/objections-maintenance";
import { createApiToken } from "@/db/queries/tokens";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { definition, modelCard, prepareFixtures, rowCounts, seriousIncidentInput, type Fixtures } from "@/tests/security/dal-probes";
import { ACTION_RULES, ROUTE_RULES } from "@/tests/security/endpoints";
import { aroundValid, aroundValidForm, FUZZ_RUNS, FUZZ_SEED, HOSTILE_STRINGS } from "@/tests/security/fuzz";

/**
 * Every JSON endpoint and form that takes input, fed FUZZ_RUNS fast-check inputs each, through
 * the real route handler (JSON parsing, the route's own checks, apiRoute's error mapping) or the
 * real server action (FormData in, state out), with Next's request boundary replaced: headers()
 * carries the caller's API token. An input must be answered with 2xx or 4xx — never a 500, nor an
 * action that throws — and a refused input must leave the tables the endpoint writes, and the
 * ledger, as they were; over a whole run no other table may change.
 */
const request = vi.hoisted(() => {
  // The fuzzer stands in for one reverse proxy, sending each call's address in X-Forwarded-For.
  process.env.SIGHTLINE_TRUSTED_PROXIES = "1";
  return { headers: new Headers() };
});
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`redirect ${to}`), { redirectTo: to });
  },
  forbidden: () => {
    throw new Error("forbidden()");
  },
  notFound: () => {
    throw new Error("notFound()");
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, SESSION_LIFETIME_SECONDS: 12 * 60 * 60, signIn: async () => undefined, signOut: async () => undefined }));

const routes = {
  objections: await import("@/app/api/v1/objections/route"),
  objectionRef: await import("@/app/api/v1/objections/[ref]/route"),
  decision: await import("@/app/api/v1/objections/[ref]/decision/route"),
  objectionPolicy: await import("@/app/api/v1/objections/policy/route"),
  register: await import("@/app/api/v1/register/[id]/route"),
  models: await import("@/app/api/v1/models/route"),
  versions: await import("@/app/api/v1/models/[id]/versions/route"),
  approvals: await import("@/app/api/v1/versions/[id]/approvals/route"),
  suspend: await import("@/app/api/v1/versions/[id]/suspend/route"),
  audits: await import("@/app/api/v1/versions/[id]/audits/route"),
  generate: await import("@/app/api/v1/versions/[id]/forecasts/route"),
  forecasts: await import("@/app/api/v1/forecasts/route"),
  patrols: await import("@/app/api/v1/forecasts/[id]/actions/route"),
  outcome: await import("@/app/api/v1/forecasts/[id]/actions/[actionId]/outcome/route"),
  incidents: await import("@/app/api/v1/incidents/route"),
  policy: await import("@/app/api/v1/policy/route"),
  tokens: await import("@/app/api/v1/tokens/route"),
  users: await import("@/app/api/v1/users/route"),
  consistency: await import("@/app/api/v1/ledger/consistency/route"),
  entries: await import("@/app/api/v1/ledger/entries/route"),
  acknowledge: await import("@/app/api/v1/monitoring/alerts/[id]/acknowledgement/route"),
  monitor: await import("@/app/api/v1/versions/[id]/monitoring/route"),
  regional: await import("@/app/api/v1/regional/route"),
};
const actions = {
  objections: await import("@/app/(public)/objections/actions"),
  users: await import("@/app/(admin)/admin/users/actions"),
  cases: await import("@/app/(oversight)/oversight/objections/actions"),
  incidents: await import("@/app/(oversight)/oversight/serious-incidents/actions"),
  police: await import("@/app/(police)/forecasts/actions"),
  registry: await import("@/app/(registry)/models/actions"),
  account: await import("@/app/(signed-in)/account/actions"),
  generate: await import("@/app/(oversight)/oversight/forecasts/actions"),
  monitoring: await import("@/app/(oversight)/oversight/monitoring/actions"),
};

type Outcome = { refused: boolean; detail: string };
type Send = (input: unknown) => Promise<Outcome>;
interface Target {
  covers: string[];
  /** Tables an accepted input writes (besides the ledger). */
  writes: string[];
  input: fc.Arbitrary<unknown>;
  send: Send;
}

let tokens: Record<Role, string>;
let address = 0;
/** Every call comes from its own address, so the per-address intake limit does not turn the run into 429s. */
const as = (role: Role | null) => {
  request.headers = new Headers({ "x-forwarded-for": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}`, ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}) });
  return request.headers;
};

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** Calls a route handler; a string input is sent as the raw body (JSON or not), anything else as JSON. */
function route(handler: unknown, method: string, role: Role | null, params: Record<string, string> = {}, query?: (input: unknown) => string): Send {
  return async (input) => {
    const headers = as(role);
    const url = `http://localhost/api/x${query ? `?${query(input)}` : ""}`;
    const body = query || method === "GET" ? undefined : typeof input === "string" ? input : JSON.stringify(input);
    if (body !== undefined) headers.set("content-type", "application/json");
    const response = await (handler as RouteHandler)(new NextRequest(url, { method, headers, body }), { params: Promise.resolve(params) });
    const text = await response.text();
    if (response.status >= 500) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    return { refused: response.status >= 400, detail: `${response.status}${response.status >= 400 ? ` ${(JSON.parse(text) as { error: { code: string } }).error.code}` : ""}` };
  };
}

type Action = (previous: never, form: FormData) => Promise<unknown>;
/** Calls a server action with the input as its form; a returned error or message is a refusal. */
function action(run: unknown, role: Role | null, fixed: Record<string, string> = {}): Send {
  return async (input) => {
    as(role);
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...fixed, ...(input as Record<string, string>) })) form.append(key, value);
    try {
      const state = (await (run as Action)(null as never, form)) as Record<string, unknown> | null;
      const refused = state !== null && (state.ok === false || Boolean(state.error) || Boolean(state.message) || Boolean(state.noForecast));
      return { refused, detail: refused ? "refused" : "accepted" };
    } catch (error) {
      if ((error as { redirectTo?: string }).redirectTo) return { refused: false, detail: "redirect" };
      throw error;
    }
  };
}

/** A path segment as Next hands it over: percent-encoded, or left raw where it cannot be (a lone surrogate). */
function segment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

const LEDGER = ["ledger_entries", "ledger_nodes", "ledger_head", "ledger_tree"];
async function countsOf(tables: string[]): Promise<Record<string, number>> {
  const select = tables.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(", ");
  const [row] = rowsOf<Record<string, number>>(await (await getDb()).execute(sql.raw(`select ${select}`)));
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

describe(`fuzzing every input with fast-check (seed ${FUZZ_SEED}, ${FUZZ_RUNS} inputs each)`, () => {
  let fx: Fixtures;
  const targets: Record<string, Target> = {};

  beforeAll(async () => {
    console.log(`fuzz: seed ${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED}), ${FUZZ_RUNS} inputs per target`);
    fx = await prepareFixtures();
    tokens = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, (await createApiToken(fx.actors[role], "fuzz")).token]))) as Record<Role, string>;
    const intake = { kind: "objection", description: "Please stop using data about our street for patrol forecasts.", areaCode: "D02", contactEmail: "resident@example.org" };
    const objectionForm = { kind: "rectification", description: "The date of this incident is wrong.", incidentExternalId: "X-1", areaCode: "D02", contactEmail: "resident@example.org", idempotencyKey: "k" };
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const raw = <T>(valid: T) => fc.oneof({ weight: 9, arbitrary: aroundValid(valid) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "{", "[]", "null", "{\"a\":", "\u0000")) });
    const params = (valid: Record<string, string>) => aroundValidForm(valid).map((p) => new URLSearchParams(p).toString());
    Object.assign(targets, {
      "POST /api/v1/objections": { covers: ["POST /api/v1/objections"], writes: ["objection_cases", "objection_events", "objection_contacts", "objection_idempotency", "login_throttle"], input: raw(intake), send: route(routes.objections.POST, "POST", null) },
      "GET /api/v1/objections/[ref]": { covers: ["GET /api/v1/objections/[ref]"], writes: [], input: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, fx.caseCode, "%", "%E0%A4%A", "%ED%A0%80"), fc.string({ maxLength: 40 })), send: (i) => route(routes.objectionRef.GET, "GET", null, { ref: segment(String(i)) })(i) },
      "POST /api/v1/objections/[ref]/decision": { covers: ["POST /api/v1/objections/[ref]/decision"], writes: ["objection_cases", "objection_events", "incident_revisions", "incidents", "version_data_changes", "forecast_annotations", "data_snapshots"], input: raw({ outcome: "rejected", reasons: "The data is accurate and needed." }), send: route(routes.decision.POST, "POST", "oversight_officer", { ref: fx.caseId }) },
      "PUT /api/v1/objections/policy": { covers: ["PUT /api/v1/objections/policy"], writes: ["settings"], input: raw(await readObjectionPolicy()), send: route(routes.objectionPolicy.PUT, "PUT", "admin") },
      "GET /api/v1/register/[id]": { covers: ["GET /api/v1/register/[id]"], writes: [], input: fc.record({ id: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, fx.approvedVersionId), fc.uuid()), format: fc.oneof(fc.constantFrom("json", "csv"), fc.string({ maxLength: 8 })) }), send: (i) => { const { id, format } = i as { id: string; format: string }; return route(routes.register.GET, "GET", null, { id }, () => `format=${encodeURIComponent(format)}`)(i); } },
      "POST /api/v1/models": { covers: ["POST /api/v1/models"], writes: ["models"], input: raw({ name: "Fuzzed model", purpose: "Fuzzing" }), send: route(routes.models.POST, "POST", "model_developer") },
      "POST /api/v1/models/[id]/versions": { covers: ["POST /api/v1/models/[id]/versions"], writes: ["model_versions"], input: raw({ definition: definition(["D01", "D02"]), modelCard }), send: route(routes.versions.POST, "POST", "model_developer", { id: fx.modelId }) },
      "POST /api/v1/versions/[id]/approvals": { covers: ["POST /api/v1/versions/[id]/approvals"], writes: ["model_versions", "version_approvals", "version_transitions"], input: raw({ decision: "approve", scope: { areaCodes: ["D01"], categories: ["burglary"] }, validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: "Reviewed." }), send: route(routes.approvals.POST, "POST", "oversight_officer", { id: fx.auditedVersionId }) },
      "POST /api/v1/versions/[id]/suspend": { covers: ["POST /api/v1/versions/[id]/suspend"], writes: ["model_versions", "version_transitions"], input: raw({ reason: "Harm reported." }), send: route(routes.suspend.POST, "POST", "oversight_officer", { id: fx.suspendableVersionId }) },
      "POST /api/v1/versions/[id]/audits": { covers: ["POST /api/v1/versions/[id]/audits"], writes: ["audits", "jobs", "data_snapshots"], input: raw({ from: day(-120), to: day(-1), horizonDays: 7, coverage: 0.05 }), send: route(routes.audits.POST, "POST", "oversight_officer", { id: fx.auditedVersionId }) },
      "POST /api/v1/versions/[id]/forecasts": { covers: ["POST /api/v1/versions/[id]/forecasts"], writes: ["jobs"], input: raw({ periodStart: day(0) }), send: route(routes.generate.POST, "POST", "oversight_officer", { id: fx.approvedVersionId }) },
      "GET /api/v1/forecasts": { covers: ["GET /api/v1/forecasts"], writes: ["forecast_views"], input: params({ purpose: "briefing", area: "D01", category: "burglary", horizon: "7", date: day(0) }), send: (i) => route(routes.forecasts.GET, "GET", "police_staff", {}, () => String(i))(i) },
      "POST /api/v1/forecasts/[id]/actions": { covers: ["POST /api/v1/forecasts/[id]/actions"], writes: ["patrol_actions"], input: raw({ kind: "not_acted", cell: fx.freeFlaggedCells[0] ?? 0, reason: "Officers were needed at an incident." }), send: route(routes.patrols.POST, "POST", "police_staff", { id: fx.forecastId }) },
      "POST /api/v1/forecasts/[id]/actions/[actionId]/outcome": { covers: ["POST /api/v1/forecasts/[id]/actions/[actionId]/outcome"], writes: ["patrol_actions"], input: raw({ incidentFound: false, arrests: 0, stops: 1, note: "Quiet." }), send: route(routes.outcome.POST, "POST", "police_staff", { id: fx.forecastId, actionId: fx.secondActionId }) },
      "GET /api/v1/incidents": { covers: ["GET /api/v1/incidents"], writes: [], input: params({ category: "burglary", area: "D01", status: "active", from: "2025-01-01", to: "2026-01-01", q: "x", sort: "category", order: "asc", offset: "0", limit: "5", format: "json" }), send: (i) => route(routes.incidents.GET, "GET", "oversight_officer", {}, () => String(i))(i) },
      "PUT /api/v1/policy": { covers: ["PUT /api/v1/policy"], writes: ["audit_policies"], input: raw((await currentPolicy(await getDb())).policy), send: route(routes.policy.PUT, "PUT", "admin") },
      "POST /api/v1/tokens": { covers: ["POST /api/v1/tokens"], writes: ["api_tokens"], input: raw({ name: "fuzzed token" }), send: route(routes.tokens.POST, "POST", "citizen") },
      "POST /api/v1/users": { covers: ["POST /api/v1/users"], writes: ["users", "user_areas"], input: raw({ email: "fuzzed@example.org", displayName: "Fuzzed", role: "police_staff", password: "correct horse battery", areaCodes: ["D01"] }), send: route(routes.users.POST, "POST", "admin") },
      "GET /api/v1/ledger/consistency": { covers: ["GET /api/v1/ledger/consistency"], writes: [], input: params({ from: "1", to: "5" }), send: (i) => route(routes.consistency.GET, "GET", null, {}, () => String(i))(i) },
      "GET /api/v1/ledger/entries": { covers: ["GET /api/v1/ledger/entries"], writes: [], input: params({ kind: "objection.event", actor: "public", subject: fx.caseId, afterSeq: "3", limit: "5" }), send: (i) => route(routes.entries.GET, "GET", null, {}, () => String(i))(i) },
      "POST /api/v1/monitoring/alerts/[id]/acknowledgement": { covers: ["POST /api/v1/monitoring/alerts/[id]/acknowledgement"], writes: ["monitoring_alerts"], input: raw({ note: "Reviewed with the district commander." }), send: route(routes.acknowledge.POST, "POST", "oversight_officer", { id: fx.alertIds[0] }) },
      "POST /api/v1/versions/[id]/monitoring": { covers: ["POST /api/v1/versions/[id]/monitoring"], writes: ["monitoring_runs", "jobs"], input: raw({ month: day(0).slice(0, 7) }), send: route(routes.monitor.POST, "POST", "oversight_officer", { id: fx.approvedVersionId }) },
      "GET /api/v1/regional": { covers: ["GET /api/v1/regional"], writes: [], input: params({ from: day(-150).slice(0, 7), to: day(0).slice(0, 7) }), send: (i) => route(routes.regional.GET, "GET", null, {}, () => String(i))(i) },
      runMonitoringAction: { covers: ["app/(oversight)/oversight/monitoring/actions.ts#runMonitoringAction"], writes: ["monitoring_runs", "jobs"], input: aroundValidForm({ versionId: fx.approvedVersionId, month: day(-40).slice(0, 7) }), send: action(actions.monitoring.runMonitoringAction, "oversight_officer") },
      acknowledgeAlertAction: { covers: ["app/(oversight)/oversight/monitoring/actions.ts#acknowledgeAlertAction"], writes: ["monitoring_alerts"], input: aroundValidForm({ alertId: fx.alertIds[1], note: "Reviewed with the district commander." }), send: action(actions.monitoring.acknowledgeAlertAction, "oversight_officer") },

      fileObjectionAction: { covers: ["app/(public)/objections/actions.ts#fileObjectionAction"], writes: ["objection_cases", "objection_events", "objection_contacts", "objection_idempotency", "login_throttle"], input: aroundValidForm({ ...objectionForm, kind: "objection", incidentExternalId: "" }), send: action(actions.objections.fileObjectionAction, null) },
      answerAction: { covers: ["app/(public)/objections/actions.ts#answerAction"], writes: ["objection_cases", "objection_events"], input: aroundValidForm({ code: fx.awaitingCode, answer: "North of the park." }), send: action(actions.objections.answerAction, null) },
      appealAction: { covers: ["app/(public)/objections/actions.ts#appealAction"], writes: ["objection_cases", "objection_events"], input: aroundValidForm({ caseId: fx.caseId, reason: "Training is not the only use." }), send: action(actions.objections.appealAction, "citizen") },
      createUserAction: { covers: ["app/(admin)/admin/users/actions.ts#createUserAction"], writes: ["users", "user_areas"], input: aroundValidForm({ email: "form@example.org", displayName: "Form", role: "oversight_officer", password: "correct horse battery", areaCodes: "D01, D02" }), send: action(actions.users.createUserAction, "admin") },
      updateUserAction: { covers: ["app/(admin)/admin/users/actions.ts#updateUserAction"], writes: ["users", "user_areas", "api_tokens"], input: aroundValidForm({ userId: fx.throwawayUserId, change: "access", role: "police_staff", areaCodes: "D01" }), send: action(actions.users.updateUserAction, "admin") },
      caseAction: { covers: ["app/(oversight)/oversight/objections/actions.ts#caseAction"], writes: ["objection_cases", "objection_events", "incident_revisions", "incidents", "version_data_changes", "forecast_annotations", "data_snapshots"], input: aroundValidForm({ caseId: fx.openCaseId, action: "extend", days: "10", reason: "Archive records.", question: "Which streets?", outcome: "rejected", reasons: "Accurate.", actionType: "correct", lat: "38.6", lon: "-90.2", occurredAt: "2025-01-01T10:00" }), send: action(actions.cases.caseAction, "oversight_officer") },
      fileIncidentAction: { covers: ["app/(oversight)/oversight/serious-incidents/actions.ts#fileIncidentAction"], writes: ["serious_incidents"], input: aroundValidForm({ versionId: fx.approvedVersionId, harmCategory: seriousIncidentInput().harmCategory, widespread: "on", affectedGroups: "Residents of D01\nVisitors", description: "Flags fell on one street.", actionsTaken: "Suspended.", occurredAt: "2026-01-01T10:00", awareAt: "2026-01-02T10:00", timeZone: "Europe/London" }), send: action(actions.incidents.fileIncidentAction, "oversight_officer") },
      recordReportAction: { covers: ["app/(oversight)/oversight/serious-incidents/actions.ts#recordReportAction"], writes: ["serious_incidents"], input: aroundValidForm({ incidentId: fx.seriousIncidentId, reportedAt: "2026-01-03T10:00", timeZone: "UTC", authorityReference: "REF-1" }), send: action(actions.incidents.recordReportAction, "oversight_officer") },
      openForecastAction: { covers: ["app/(police)/forecasts/actions.ts#openForecastAction"], writes: ["forecast_views"], input: aroundValidForm({ purpose: "briefing", area: "D02", category: "theft", date: day(0), horizon: "1" }), send: action(actions.police.openForecastAction, "police_staff") },
      recordDecisionAction: { covers: ["app/(police)/forecasts/actions.ts#recordDecisionAction"], writes: ["patrol_actions"], input: aroundValidForm({ forecastId: fx.forecastId, viewId: randomUUID(), kind: "patrol_assigned", cell: String(fx.freeFlaggedCells[1] ?? 0), plannedMinutes: "30", reason: "Needed elsewhere." }), send: action(actions.police.recordDecisionAction, "police_staff") },
      recordOutcomeAction: { covers: ["app/(police)/forecasts/actions.ts#recordOutcomeAction"], writes: ["patrol_actions"], input: aroundValidForm({ forecastId: fx.forecastId, viewId: randomUUID(), actionId: fx.actionId, incidentFound: "on", arrests: "0", stops: "2", note: "Quiet." }), send: action(actions.police.recordOutcomeAction, "police_staff") },
      registerAction: { covers: ["app/(registry)/models/actions.ts#registerAction"], writes: ["models", "model_versions"], input: aroundValidForm({ name: "Form model", purpose: "Forms", algorithm: "kde", categories: "burglary, theft", trainingFrom: "2024-01-01", trainingTo: "2025-06-30", cellSizeM: "150", areaCodes: "D01", intendedUse: "Advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "City.", knownBiases: "Patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "m@example.org" }), send: action(actions.registry.registerAction, "model_developer") },
      versionAction: { covers: ["app/(registry)/models/actions.ts#versionAction"], writes: ["model_versions", "version_approvals", "version_transitions", "audits", "jobs", "data_snapshots"], input: aroundValidForm({ versionId: fx.auditedVersionId, action: "approve", areaCodes: "D01", categories: "burglary", validUntil: day(30), reason: "Reviewed.", from: day(-120), to: day(-1), horizonDays: "7", coverage: "0.05" }), send: action(actions.registry.versionAction, "oversight_officer") },
      createTokenAction: { covers: ["app/(signed-in)/account/actions.ts#createTokenAction"], writes: ["api_tokens"], input: aroundValidForm({ name: "form token" }), send: action(actions.account.createTokenAction, "model_developer") },
      generateForecastsAction: { covers: ["app/(oversight)/oversight/forecasts/actions.ts#generateForecastsAction"], writes: ["jobs"], input: aroundValidForm({ versionId: fx.approvedVersionId }), send: action(actions.generate.generateForecastsAction, "oversight_officer") },
    } satisfies Record<string, Target>);
  });

  it("covers every endpoint and form that takes a body or a free-form parameter", () => {
    const covered = new Set(Object.values(targets).flatMap((t) => t.covers));
    const all = { ...ROUTE_RULES, ...ACTION_RULES };
    for (const key of covered) expect(all, key).toHaveProperty([key]);
    // No body, or only an id: submit, revocation, ledger verification, sign-in/out, locale (tested in the
    // access sweeps); the import upload is covered by the malformed CSV fixtures.
    const noBody = ["POST /api/v1/versions/[id]/submit", "DELETE /api/v1/tokens/[id]", "POST /api/auth/[...nextauth]", "app/(signed-in)/account/actions.ts#revokeTokenAction", "app/(oversight)/oversight/ledger/actions.ts#verifyLedgerAction", "app/_actions/session.ts#signInAction", "app/_actions/session.ts#signOutAction", "app/_actions/session.ts#setLocaleAction", "app/(admin)/admin/imports/actions.ts#startImportAction"];
    expect(Object.keys(all).filter((key) => (/^(POST|PUT|PATCH|DELETE) /.test(key) || key.includes("#")) && !covered.has(key) && !noBody.includes(key))).toEqual([]);
  });

  it("answers 413 to a body past 256 KiB on every JSON endpoint that takes one, writing nothing", async () => {
    // Streamed without a Content-Length, so the cap must stop reading it; a route reading the
    // body some other way (request.json()) would parse it and answer something else.
    const oversized = JSON.stringify({ padding: "x".repeat(300 * 1024) });
    const failures: string[] = [];
    const tried: string[] = [];
    for (const [name, target] of Object.entries(targets).filter(([n]) => /^(POST|PUT|PATCH|DELETE) \/api\//.test(n))) {
      const watched = [...new Set([...target.writes, "ledger_entries"])];
      const before = await countsOf(watched);
      const outcome = await target.send(oversized).catch((error: unknown): Outcome => ({ refused: false, detail: `threw ${String(error).slice(0, 200)}` }));
      tried.push(name);
      if (!outcome.detail.startsWith("413 ")) failures.push(`${name}: ${outcome.detail}`);
      const after = await countsOf(watched);
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${name} wrote on an oversized body: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    }
    expect(tried.length).toBeGreaterThanOrEqual(15);
    expect(failures).toEqual([]);
  });

  it("answers every input with 2xx or 4xx, never a 500, and writes nothing on refusal", async () => {
    const failures: string[] = [];
    const tally: string[] = [];
    // FUZZ_ONLY=<part of a name> replays some targets (with FUZZ_SEED) while fixing what they found.
    for (const [name, target] of Object.entries(targets).filter(([n]) => !process.env.FUZZ_ONLY || n.includes(process.env.FUZZ_ONLY))) {
      const watched = [...new Set([...target.writes, "ledger_entries"])];
      const before = await rowCounts();
      const outcomes: Record<string, number> = {};
      // The counts after one input are the counts before the next: one query per input.
      let start = await countsOf(watched);
      await fc.assert(
        fc.asyncProperty(target.input, async (input) => {
          let outcome: Outcome;
          try {
            outcome = await target.send(input);
          } catch (error) {
            failures.push(`${name}: ${String((error as Error).cause ?? error).slice(0, 240)} for ${JSON.stringify(input)?.slice(0, 600)}`);
            start = await countsOf(watched);
            return true;
          }
          outcomes[outcome.detail] = (outcomes[outcome.detail] ?? 0) + 1;
          const end = await countsOf(watched);
          if (outcome.refused && JSON.stringify(end) !== JSON.stringify(start)) failures.push(`${name} wrote on a refused input (${outcome.detail}) ${JSON.stringify(input)?.slice(0, 200)}: ${JSON.stringify(start)} → ${JSON.stringify(end)}`);
          start = end;
          return true;
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
      );
      const after = await rowCounts();
      const allowed = new Set([...target.writes, ...LEDGER]);
      const elsewhere = Object.keys(after).filter((table) => after[table] !== before[table] && !allowed.has(table));
      if (elsewhere.length > 0) failures.push(`${name} changed ${elsewhere.join(", ")}, which it never writes`);
      const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
      tally.push(`  ${name.padEnd(55)} ${String(total).padStart(5)}  ${Object.entries(outcomes).sort().map(([k, v]) => `${k}: ${v}`).join(", ")}`);
      if (total < FUZZ_RUNS && !process.env.FUZZ_ONLY) failures.push(`${name}: only ${total} inputs answered`);
    }
    console.log(`fuzz: inputs per endpoint and form (seed ${FUZZ_SEED}), by answer:\n${tally.join("\n")}`);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 60 * 60_000);
});
