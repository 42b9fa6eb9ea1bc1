import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { discoverActions, discoverRoutes } from "@/tests/security/discover";
import { ACTION_RULES, CALLERS, isAllowed, ROUTE_RULES, type Caller } from "@/tests/security/endpoints";
import { apiToken, callAction, DEMO_EMAILS, fillPattern, ledgerHead, REFUSAL, serverActionIds, signedInContext, type ActionArguments } from "@/tests/security/http";

/**
 * Deny by default over HTTP, against the production build: every route handler method and every
 * server action of the access table, called without a session and with each role's API token.
 * Everyone the table leaves out is refused (401/403/404; an action answers with its refusal) and
 * the ledger head and the listings stay as they were; everyone it lets in is not refused.
 */
test.describe.configure({ mode: "serial" });

interface Fixtures {
  approvedVersionId: string;
  auditId: string;
  modelId: string;
  draftVersionId: string;
  forecastId: string;
  flaggedCells: number[];
  actionId: string;
  trackingCode: string;
  caseId: string;
  policeUserId: string;
  adminTokenId: string;
  spareAdminTokenId: string;
  objectionPolicy: unknown;
  auditPolicy: unknown;
}

let anonymous: APIRequestContext;
const as: Partial<Record<Role, APIRequestContext>> = {};
let fx: Fixtures;
const callerContext = (caller: Caller) => (caller === "anonymous" ? anonymous : as[caller]!);
const json = async <T>(response: { json(): Promise<unknown>; status(): number; url(): string }, status = 200): Promise<T> => {
  expect(response.status(), response.url()).toBe(status);
  return (await response.json()) as T;
};

const definition = { algorithm: "naive", parameters: {}, categories: ["burglary"], trainingWindow: { from: "2024-01-01", to: "2025-06-30" }, cellSizeM: 200, areaCodes: ["D01"], engineVersion: "0.1.0" };
const modelCard = { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "team@models.example" };

/**
 * The test server trusts one proxy (SIGHTLINE_TRUSTED_PROXIES=1 in playwright.config.ts), which this
 * header stands in for, so this file's calls count against the intake and sign-in limits of their
 * own test address, not those of the other browser tests sharing the server.
 */
const ADDRESS = { "X-Forwarded-For": "198.51.100.77" };

test.beforeAll(async ({}, info) => {
  const baseURL = info.project.use.baseURL!;
  anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: ADDRESS });
  const tokens: Partial<Record<Role, { token: string; id: string }>> = {};
  for (const role of ROLES) {
    const session = await signedInContext(baseURL, DEMO_EMAILS[role]);
    tokens[role] = await apiToken(session);
    if (role === "admin") fx = { spareAdminTokenId: (await apiToken(session, "spare")).id } as Fixtures;
    await session.dispose();
    as[role] = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { ...ADDRESS, Authorization: `Bearer ${tokens[role]!.token}` } });
  }
  fx.adminTokenId = tokens.admin!.id;
  const register = await json<{ entries: { id: string; state: string; audit: { auditId: string } | null }[] }>(await anonymous.get("/api/v1/register"));
  const approved = register.entries.find((entry) => entry.state === "approved" && entry.audit)!;
  fx.approvedVersionId = approved.id;
  fx.auditId = approved.audit!.auditId;
  fx.modelId = (await json<{ model: { id: string } }>(await as.model_developer!.post("/api/v1/models", { data: { name: `Sweep ${randomUUID().slice(0, 8)}`, purpose: "Probing the guards" } }), 201)).model.id;
  fx.draftVersionId = (await json<{ version: { id: string } }>(await as.model_developer!.post(`/api/v1/models/${fx.modelId}/versions`, { data: { definition, modelCard } }), 201)).version.id;
  const served = await json<{ forecast: { id: string }; cells: { cell: number; flagged: boolean }[] }>(await as.police_staff!.get("/api/v1/forecasts?purpose=briefing"));
  fx.forecastId = served.forecast.id;
  fx.flaggedCells = served.cells.filter((cell) => cell.flagged).map((cell) => cell.cell);
  const action = await json<{ action: { id: string } }>(
    await as.police_staff!.post(`/api/v1/forecasts/${fx.forecastId}/actions`, { data: { kind: "not_acted", cell: fx.flaggedCells.pop(), reason: "Officers were needed at an incident." } }),
    201,
  );
  fx.actionId = action.action.id;
  fx.trackingCode = (await json<{ trackingCode: string }>(await anonymous.post("/api/v1/objections", { data: { kind: "objection", description: "Please stop using data about our street.", areaCode: "D01" } }), 201)).trackingCode;
  const [filing] = (await json<{ entries: { subjects: { type: string; id: string }[] }[] }>(await anonymous.get("/api/v1/ledger/entries?kind=objection.event&limit=1"))).entries;
  fx.caseId = filing!.subjects.find((subject) => subject.type === "objection")!.id;
  const users = await json<{ users: { id: string; email: string }[] }>(await as.admin!.get("/api/v1/users"));
  fx.policeUserId = users.users.find((user) => user.email === DEMO_EMAILS.police_staff)!.id;
  fx.objectionPolicy = await json(await anonymous.get("/api/v1/objections/policy"));
  fx.auditPolicy = (await json<{ policy: unknown }>(await as.admin!.get("/api/v1/policy"))).policy;
});

test.afterAll(async () => {
  await Promise.all([anonymous, ...Object.values(as)].map((context) => context?.dispose()));
});

type Phase = "denied" | "allowed";
interface RouteCall {
  params: Record<string, string>;
  query?: string;
  body?: unknown;
}

/**
 * What to send. Refused callers get a request that would change something real if the guard
 * were missing (suspend the demo's approved version, disable the police account…); allowed
 * callers get one that leaves the shared demo usable for the other browser tests.
 */
function routeCall(key: string, phase: Phase): RouteCall {
  const version = phase === "denied" ? fx.approvedVersionId : fx.draftVersionId;
  const calls: Record<string, RouteCall> = {
    "GET /api/auth/[...nextauth]": { params: { nextauth: "session" } },
    "POST /api/auth/[...nextauth]": { params: { nextauth: "signout" } },
    "GET /api/health": { params: {} },
    "GET /api/v1/audits/[id]": { params: { id: fx.auditId } },
    "POST /api/v1/forecasts/[id]/actions/[actionId]/outcome": { params: { id: fx.forecastId, actionId: fx.actionId }, body: { incidentFound: false, arrests: 0, stops: 0 } },
    "GET /api/v1/forecasts/[id]/actions": { params: { id: fx.forecastId } },
    "POST /api/v1/forecasts/[id]/actions": { params: { id: fx.forecastId }, body: { kind: "not_acted", cell: fx.flaggedCells.at(-1) ?? 0, reason: "Officers were needed at an incident." } },
    "GET /api/v1/forecasts/[id]/cells/[cell]/proof": { params: { id: fx.forecastId, cell: String(fx.flaggedCells[0] ?? 0) } },
    "GET /api/v1/forecasts": { params: {}, query: "purpose=briefing" },
    "GET /api/v1/incidents": { params: {}, query: "limit=5" },
    "GET /api/v1/jobs/[id]": { params: { id: randomUUID() } },
    "GET /api/v1/ledger/checkpoint": { params: {} },
    "GET /api/v1/ledger/checkpoints": { params: {} },
    "GET /api/v1/ledger/consistency": { params: {}, query: "from=1&to=2" },
    "GET /api/v1/ledger/entries/[seq]/proof": { params: { seq: "1" } },
    "GET /api/v1/ledger/entries": { params: {}, query: "limit=5" },
    "GET /api/v1/me": { params: {} },
    "POST /api/v1/monitoring/alerts/[id]/acknowledgement": { params: { id: randomUUID() }, body: { note: "Probing the guards." } },
    "GET /api/v1/monitoring": { params: {} },
    "POST /api/v1/models/[id]/versions": { params: { id: fx.modelId }, body: { definition, modelCard } },
    "POST /api/v1/models": { params: {}, body: { name: `Sweep ${randomUUID().slice(0, 8)}`, purpose: "Probing the guards" } },
    "POST /api/v1/objections/[ref]/decision": { params: { ref: fx.caseId }, body: { outcome: "rejected", reasons: "The data is accurate and needed." } },
    "GET /api/v1/objections/[ref]": { params: { ref: fx.trackingCode } },
    "GET /api/v1/objections/policy": { params: {} },
    "PUT /api/v1/objections/policy": { params: {}, body: fx.objectionPolicy },
    "POST /api/v1/objections": { params: {}, body: { kind: "objection", description: "Please stop using data about our street.", areaCode: "D02" } },
    "GET /api/v1/objections/stats": { params: {} },
    "GET /api/v1/openapi.json": { params: {} },
    "GET /api/v1/policy": { params: {} },
    "PUT /api/v1/policy": { params: {}, body: fx.auditPolicy },
    "GET /api/v1/regional": { params: {} },
    "GET /api/v1/register/[id]": { params: { id: fx.approvedVersionId } },
    "GET /api/v1/register/atrs/[id]": { params: { id: fx.approvedVersionId } },
    "GET /api/v1/register/atrs": { params: {} },
    "GET /api/v1/register": { params: {} },
    "DELETE /api/v1/tokens/[id]": { params: { id: phase === "denied" ? fx.adminTokenId : fx.spareAdminTokenId } },
    "GET /api/v1/tokens": { params: {} },
    "POST /api/v1/tokens": { params: {}, body: { name: "sweep" } },
    "GET /api/v1/users": { params: {} },
    "POST /api/v1/users": { params: {}, body: { email: `sweep-${randomUUID().slice(0, 8)}@example.org`, displayName: "Sweep", role: "admin", password: "correct horse battery" } },
    "POST /api/v1/versions/[id]/approvals": { params: { id: version }, body: { decision: "reject", reason: "Probing the guards." } },
    "POST /api/v1/versions/[id]/audits": { params: { id: version }, body: { from: "2025-07-01", to: "2025-12-31" } },
    "POST /api/v1/versions/[id]/forecasts": { params: { id: version } },
    "GET /api/v1/versions/[id]": { params: { id: version } },
    "POST /api/v1/versions/[id]/monitoring": { params: { id: version }, body: {} },
    "POST /api/v1/versions/[id]/submit": { params: { id: fx.draftVersionId } },
    "POST /api/v1/versions/[id]/suspend": { params: { id: version }, body: { reason: "Probing the guards." } },
  };
  const call = calls[key];
  if (!call) throw new Error(`no request written for ${key}: add one to routeCall in tests/e2e/security-access.spec.ts`);
  return call;
}

function sendRoute(context: APIRequestContext, key: string, phase: Phase) {
  const [method, pattern] = key.split(" ") as [string, string];
  const call = routeCall(key, phase);
  const url = fillPattern(pattern, call.params) + (call.query ? `?${call.query}` : "");
  return context.fetch(url, { method, maxRedirects: 0, failOnStatusCode: false, ...(call.body !== undefined ? { data: call.body } : {}) });
}

function actionArguments(key: string, phase: Phase, caller: Caller): ActionArguments {
  const version = phase === "denied" ? fx.approvedVersionId : fx.draftVersionId;
  const form = (fields: Record<string, string>, state: unknown = { ok: false, message: null }): ActionArguments => ({ kind: "state+form", state, form: fields });
  const args: Record<string, ActionArguments> = {
    "app/(admin)/admin/imports/actions.ts#startImportAction": {
      kind: "state+form",
      state: { jobId: null, error: null },
      form: { kind: "incidents", preset: "sightline", file: { name: "sweep.csv", mimeType: "text/csv", buffer: Buffer.from("external_id,category,occurred_at,lat,lon\nS-1,theft,2024-03-01T10:00:00Z,38.62,-90.28\n") } },
    },
    "app/(admin)/admin/users/actions.ts#createUserAction": form({ email: `sweep-${randomUUID().slice(0, 8)}@example.org`, displayName: "Sweep", role: "admin", password: "correct horse battery" }),
    "app/(admin)/admin/users/actions.ts#updateUserAction": form({ userId: phase === "denied" ? fx.policeUserId : randomUUID(), change: "status", disabled: "true" }),
    "app/(oversight)/oversight/forecasts/actions.ts#generateForecastsAction": form({ versionId: version }, { jobId: null, message: null }),
    "app/(oversight)/oversight/ledger/actions.ts#verifyLedgerAction": { kind: "none" },
    "app/(oversight)/oversight/monitoring/actions.ts#acknowledgeAlertAction": form({ alertId: randomUUID(), note: "Probing the guards." }, { ok: false, jobId: null, message: null }),
    "app/(oversight)/oversight/monitoring/actions.ts#runMonitoringAction": form({ versionId: version }, { ok: false, jobId: null, message: null }),
    "app/(oversight)/oversight/objections/actions.ts#caseAction": form({ caseId: fx.caseId, action: "assign" }),
    "app/(oversight)/oversight/serious-incidents/actions.ts#fileIncidentAction": form(
      { versionId: version, harmCategory: "fundamental_rights_infringement", affectedGroups: "Residents of D01", description: "Probing the guards.", actionsTaken: "None.", occurredAt: "2026-01-01T10:00", awareAt: "2026-01-01T11:00", timeZone: "UTC" },
      { filed: null, error: null },
    ),
    "app/(oversight)/oversight/serious-incidents/actions.ts#recordReportAction": form({ incidentId: randomUUID(), reportedAt: "2026-01-02T10:00", timeZone: "UTC" }, { onTime: null, error: null }),
    "app/(police)/forecasts/actions.ts#openForecastAction": form({ purpose: "briefing" }, { noForecast: null, message: null }),
    "app/(police)/forecasts/actions.ts#recordDecisionAction": form({ forecastId: fx.forecastId, viewId: randomUUID(), kind: "not_acted", cell: String(fx.flaggedCells[0] ?? 0), reason: "Officers were needed at an incident." }),
    "app/(police)/forecasts/actions.ts#recordOutcomeAction": form({ forecastId: fx.forecastId, viewId: randomUUID(), actionId: fx.actionId, arrests: "0", stops: "0" }),
    "app/(public)/objections/actions.ts#fileObjectionAction": form({ kind: "objection", description: "Please stop using data about our street.", areaCode: "D03", idempotencyKey: randomUUID() }, { receipt: null, message: null, fields: {}, values: {} }),
    "app/(public)/objections/actions.ts#answerAction": form({ code: fx.trackingCode, answer: "North of the park." }),
    "app/(public)/objections/actions.ts#appealAction": form({ code: fx.trackingCode, reason: "Training is not the only use." }),
    "app/(registry)/models/actions.ts#registerAction": form({ name: `Sweep ${randomUUID().slice(0, 8)}`, purpose: "Probing", algorithm: "naive", categories: "burglary", trainingFrom: "2024-01-01", trainingTo: "2025-06-30", cellSizeM: "200", areaCodes: "D01", intendedUse: "x", outOfScopeUses: "No individual-level prediction.", dataSources: "x", knownBiases: "x", limitations: "x", humanOversight: "x", contact: "x" }),
    // The registrant submits; officers decide (here a suspension the draft's state refuses).
    "app/(registry)/models/actions.ts#versionAction": form({ versionId: version, action: caller === "model_developer" && phase === "allowed" ? "submit" : "suspend", reason: "Probing the guards." }),
    "app/(signed-in)/account/actions.ts#createTokenAction": form({ name: "sweep" }, { token: null, error: null }),
    "app/(signed-in)/account/actions.ts#revokeTokenAction": form({ tokenId: phase === "denied" ? fx.adminTokenId : randomUUID() }, null),
    "app/_actions/session.ts#setLocaleAction": { kind: "form", form: { locale: "en", returnTo: "/" } },
    "app/_actions/session.ts#signInAction": form({ email: "nobody-sweep@demo.test", password: "not the password", callbackUrl: "/home" }, { error: null }),
    "app/_actions/session.ts#signOutAction": { kind: "none" },
  };
  const call = args[key];
  if (!call) throw new Error(`no arguments written for ${key}: add them to actionArguments in tests/e2e/security-access.spec.ts`);
  return call;
}

/** What the listings say: anything a refused call could have changed without a ledger entry shows here. */
async function observable(): Promise<string> {
  const users = await json<{ users: { id: string; role: string; disabled: boolean }[] }>(await as.admin!.get("/api/v1/users"));
  const tokens = await json<{ tokens: { id: string; revokedAt: string | null }[] }>(await as.admin!.get("/api/v1/tokens"));
  const versions = await Promise.all([fx.approvedVersionId, fx.draftVersionId].map(async (id) => (await json<{ version: { state: string } }>(await as.model_developer!.get(`/api/v1/versions/${id}`))).version.state));
  const status = await json<{ status: string }>(await anonymous.get(`/api/v1/objections/${fx.trackingCode}`));
  return JSON.stringify({
    users: users.users.map((u) => [u.id, u.role, u.disabled]).sort(),
    tokens: tokens.tokens.map((t) => [t.id, t.revokedAt]).sort(),
    versions,
    objection: status.status,
  });
}

test("lists every route and action of the build, and finds every listed action in the build", async () => {
  expect(discoverRoutes().map((r) => r.key).filter((key) => !(key in ROUTE_RULES))).toEqual([]);
  const built = serverActionIds();
  expect([...built.keys()].filter((key) => !(key in ACTION_RULES)), "actions in the build missing from the table").toEqual([]);
  expect(discoverActions().map((a) => a.key).filter((key) => !built.has(key)), "listed actions the build does not expose").toEqual([]);
});

test("refuses every caller the table leaves out, and nothing changes", async () => {
  test.setTimeout(300_000);
  const headBefore = await ledgerHead(anonymous);
  const before = await observable();
  const failures: string[] = [];
  let calls = 0;
  for (const [key, rule] of Object.entries(ROUTE_RULES)) {
    for (const caller of CALLERS.filter((c) => !isAllowed(rule.access, c))) {
      const response = await sendRoute(callerContext(caller), key, "denied");
      calls++;
      const allowedStatuses = caller === "anonymous" ? [401, 404] : [403, 404];
      if (!allowedStatuses.includes(response.status())) failures.push(`${key} as ${caller}: ${response.status()} ${(await response.text()).slice(0, 200)}`);
    }
  }
  const ids = serverActionIds();
  for (const [key, rule] of Object.entries(ACTION_RULES)) {
    const id = ids.get(key);
    if (!id) continue;
    for (const caller of CALLERS.filter((c) => !isAllowed(rule.access, c))) {
      const response = await callAction(callerContext(caller), id, actionArguments(key, "denied", caller));
      calls++;
      const body = await response.text();
      if (response.status() < 400 && !REFUSAL.test(body)) failures.push(`${key} as ${caller}: ${response.status()} ${body.slice(0, 300)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(calls).toBeGreaterThan(150);
  expect(await ledgerHead(anonymous), "ledger head after the refused calls").toBe(headBefore);
  expect(await observable()).toBe(before);
});

test("lets in every caller the table allows", async () => {
  test.setTimeout(300_000);
  const failures: string[] = [];
  for (const [key, rule] of Object.entries(ROUTE_RULES)) {
    for (const caller of CALLERS.filter((c) => isAllowed(rule.access, c))) {
      const response = await sendRoute(callerContext(caller), key, "allowed");
      if ([401, 403].includes(response.status()) || response.status() >= 500) failures.push(`${key} as ${caller}: ${response.status()} ${(await response.text()).slice(0, 200)}`);
    }
  }
  const ids = serverActionIds();
  for (const [key, rule] of Object.entries(ACTION_RULES)) {
    const id = ids.get(key);
    if (!id || key.endsWith("#signOutAction")) continue;
    for (const caller of CALLERS.filter((c) => isAllowed(rule.access, c))) {
      const response = await callAction(callerContext(caller), id, actionArguments(key, "allowed", caller));
      const body = await response.text();
      if (response.status() >= 500 || /Sign in or send a valid API token|Your role may not do this|This action needs the permission/.test(body)) failures.push(`${key} as ${caller}: ${response.status()} ${body.slice(0, 300)}`);
    }
  }
  expect(failures).toEqual([]);
});
