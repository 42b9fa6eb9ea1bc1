/**
 * The data-access call behind each endpoint of tests/security/endpoints.ts, with real records of a
 * seeded demo city as input, so the deny-by-default sweep can call every endpoint's guard as each
 * role and count rows before and after. Used by integration tests only (it writes).
 */
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/db";
import { getAudit, startAudit, currentPolicy, updatePolicy } from "@/db/queries/audits";
import { listJurisdiction } from "@/db/queries/areas";
import { requestForecasts } from "@/db/queries/forecast-generation";
import { cellProof, viewForecast } from "@/db/queries/forecasts";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { startImport } from "@/db/queries/imports";
import { listIncidents, streamIncidents } from "@/db/queries/incidents";
import { requestMonitoring } from "@/db/queries/monitoring";
import { acknowledgeAlert, listMonitoring, listMonitoringAlerts } from "@/db/queries/monitoring-read";
import { getPublicRegionalView } from "@/db/queries/regional";
import { getJobStatus } from "@/db/queries/jobs";
import { consistencyProofFor, inclusionProofFor, ledgerSize, listLedgerEntries } from "@/db/queries/ledger";
import { createCheckpoint, latestCheckpoint, listPublishedCheckpoints } from "@/db/queries/ledger-checkpoints";
import { startLedgerVerification } from "@/db/queries/ledger-integrity";
import { applyVersionEvent, getVersion, registerModel, registerVersion } from "@/db/queries/models";
import { answerInformationRequest, appealDecision, getObjectionStatistics, getPublicStatus, listMyCases, submitObjection } from "@/db/queries/objections";
import { assignObjection, decideObjection, listObjectionQueue, requestInformation } from "@/db/queries/objections-handling";
import { readObjectionPolicy, updateObjectionPolicy } from "@/db/queries/objections-maintenance";
import { listPatrolActions, recordPatrolAction, recordPatrolOutcome } from "@/db/queries/patrols";
import { getRegister, getRegisterEntry } from "@/db/queries/register";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { fileSeriousIncident, recordIncidentReport } from "@/db/queries/serious-incidents";
import { createApiToken, listOwnApiTokens, revokeApiToken } from "@/db/queries/tokens";
import { createUser, createUserAsSystem, listUsers, updateUser } from "@/db/queries/users";
import { can, ROLES, type Actor, type Role } from "@/lib/auth/permissions";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const actorOf = async (email: string): Promise<Actor> => {
  const candidate = await findLoginCandidate(email);
  const identity = candidate && (await findLiveIdentity(candidate.id));
  if (!identity) throw new Error(`no live account ${email}`);
  return identity.actor;
};

export const DEMO_EMAILS: Record<Role, string> = {
  admin: "admin@demo.test",
  model_developer: "developer@demo.test",
  oversight_officer: "oversight1@demo.test",
  police_staff: "police@demo.test",
  citizen: "citizen@demo.test",
};

export interface Fixtures {
  actors: Record<Role, Actor>;
  secondOfficer: Actor;
  modelId: string;
  approvedVersionId: string;
  /** A second approved version, for suspending without taking the demo's forecasts away. */
  suspendableVersionId: string;
  draftVersionId: string;
  auditedVersionId: string;
  auditId: string;
  forecastId: string;
  /** Flagged cells of the forecast in the police officer's jurisdiction, not yet decided. */
  freeFlaggedCells: number[];
  actionId: string;
  /** A second decision, for the outcome form. */
  secondActionId: string;
  jobId: string;
  caseCode: string;
  caseId: string;
  /** An unassigned case for the officer's assign action. */
  openCaseId: string;
  /** A case whose officer asked the citizen for information. */
  awaitingCode: string;
  adminTokenId: string;
  secondAdminTokenId: string;
  throwawayUserId: string;
  seriousIncidentId: string;
  /** Two open monitoring alerts of the demo version (one for the route, one for the form). */
  alertIds: [string, string];
}

export const definition = (areaCodes: string[]) => ({
  algorithm: "naive",
  parameters: {},
  categories: ["burglary"],
  trainingWindow: { from: isoDay(Date.now() - 700 * DAY), to: isoDay(Date.now() - 200 * DAY) },
  cellSizeM: 200,
  areaCodes,
  engineVersion: "0.1.0",
});
export const modelCard = { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "team@models.example" };

let serial = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}-${Math.random().toString(36).slice(2, 7)}`;

export const seriousIncidentInput = () => ({
  harmCategory: "fundamental_rights_infringement",
  affectedGroups: ["Residents of district D01"],
  description: "Flags fell on one neighbourhood for six weeks although reported crime did not rise.",
  actionsTaken: "Version suspended and patrol allocations reviewed.",
  awareAt: new Date(Date.now() - 3_600_000).toISOString(),
  timeZone: "UTC",
});

/**
 * A small demo city (6 districts: the police officer holds D01–D04, so D05–D06 lie outside) with
 * the demo's approved version and forecasts, plus one record of every kind an endpoint acts on.
 */
export async function prepareFixtures(now = new Date()): Promise<Fixtures> {
  const db = await getDb();
  await seedDemo(db, { seed: 11, now, city: { districts: 6, targetIncidents: 3_000 } });
  await seedDemoModel(now);
  await createCheckpoint();
  const actors = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await actorOf(DEMO_EMAILS[role])]))) as Record<Role, Actor>;
  const secondOfficer = await actorOf("oversight2@demo.test");
  const dev = actors.model_developer;
  const o1 = actors.oversight_officer;

  const [approved] = rowsOf<{ id: string; model_id: string }>(await db.execute(sql`select id, model_id from model_versions where state = 'approved' order by created_at limit 1`));
  if (!approved) throw new Error("the demo has no approved version");
  const [audit] = rowsOf<{ id: string }>(await db.execute(sql`select id from audits where version_id = ${approved.id} limit 1`));

  const version = async (state: "draft" | "audited" | "approved"): Promise<string> => {
    const { id } = await registerVersion(dev, approved.model_id, { definition: definition(["D01", "D02"]), modelCard });
    if (state === "draft") return id;
    await applyVersionEvent(dev, id, { type: "submit" });
    await applyVersionEvent(null, id, { type: "record_audit", verdict: "pass" });
    if (state === "audited") return id;
    const approve = (reason: string) => ({ type: "approve" as const, areaCodes: ["D01"], categories: ["burglary"], reason });
    await applyVersionEvent(o1, id, approve("first"));
    await applyVersionEvent(secondOfficer, id, approve("second"));
    return id;
  };

  const view = await viewForecast(actors.police_staff, { purpose: "patrol_planning", horizon: "7" });
  const flagged = view.cells.filter((cell) => cell.flagged).map((cell) => cell.cell);
  if (flagged.length < 4) throw new Error("the demo forecast has too few flagged cells");
  const first = flagged.shift()!;
  const action = await recordPatrolAction(actors.police_staff, view.forecast.id, { kind: "not_acted", cell: first, reason: "Officers were needed at an incident." });
  const secondAction = await recordPatrolAction(actors.police_staff, view.forecast.id, { kind: "patrol_assigned", cell: flagged.shift()!, plannedMinutes: 20 });

  const intake = (areaCode: string) => ({ kind: "objection", description: "Please stop using data about our street for patrol forecasts.", areaCode, contactEmail: "resident@example.org" });
  const filed = await submitObjection({ input: intake("D01"), clientIp: "192.0.2.10", submitter: actors.citizen });
  const caseId = (await listMyCases(actors.citizen)).find((row) => row.trackingHint === filed.trackingCode.slice(-5))!.id;
  await assignObjection(o1, caseId, o1.userId);
  await submitObjection({ input: intake("D02"), clientIp: "192.0.2.11", submitter: actors.citizen });
  const openCaseId = (await listMyCases(actors.citizen)).find((row) => row.id !== caseId)!.id;
  const awaiting = await submitObjection({ input: intake("D03"), clientIp: "192.0.2.12" });
  const awaitingId = (await listObjectionQueue(o1, { status: "all" })).find((row) => row.trackingHint === awaiting.trackingCode.slice(-5))!.id;
  await assignObjection(o1, awaitingId, o1.userId);
  await requestInformation(o1, awaitingId, { question: "Which streets do you mean?" });

  const throwaway = await createUserAsSystem({ email: `${unique("throwaway")}@example.org`, displayName: "Throwaway", role: "citizen", password: "correct horse battery" });
  const incident = await fileSeriousIncident(o1, approved.id, seriousIncidentInput());
  // A queued monitoring run and two alerts on it, as a breached threshold would raise them.
  const { runId } = await requestMonitoring(o1, approved.id, {});
  const alertIds = await Promise.all(
    [0, 1].map(async () => rowsOf<{ id: string }>(await db.execute(sql`insert into monitoring_alerts (run_id, version_id, metric, value, threshold) values (${runId}, ${approved.id}, 'pai', 0.5, 'at least 1') returning id`))[0]!.id),
  );
  return {
    actors,
    secondOfficer,
    modelId: approved.model_id,
    approvedVersionId: approved.id,
    suspendableVersionId: await version("approved"),
    draftVersionId: await version("draft"),
    auditedVersionId: await version("audited"),
    auditId: audit!.id,
    forecastId: view.forecast.id,
    freeFlaggedCells: flagged,
    actionId: action.id,
    secondActionId: secondAction.id,
    jobId: (await requestForecasts(o1, approved.id)).jobId,
    caseCode: filed.trackingCode,
    caseId,
    openCaseId,
    awaitingCode: awaiting.trackingCode,
    adminTokenId: (await createApiToken(actors.admin, "sweep")).summary.id,
    secondAdminTokenId: (await createApiToken(actors.admin, "sweep 2")).summary.id,
    throwawayUserId: throwaway.id,
    seriousIncidentId: incident.id,
    alertIds: alertIds as [string, string],
  };
}

/**
 * How an endpoint reaches the data-access layer. `dal`: the data-access function checks the
 * permission itself (the rule of this codebase). `route`: it does not take a permission (the
 * record is public or the caller's own profile) and the route's requireIdentity is the guard —
 * covered by the HTTP sweep. `http`: nothing behind it in db/queries (Auth.js, static documents).
 */
export type Probe =
  | { guard: "dal" | "route"; call: (actor: Actor | null, fx: Fixtures) => Promise<unknown>; /** a read that is logged on purpose */ logsRead?: boolean }
  | { guard: "http"; reason: string };

const dal = (call: (actor: Actor | null, fx: Fixtures) => Promise<unknown>, logsRead = false): Probe => ({ guard: "dal", call, logsRead });
const route = (call: (actor: Actor | null, fx: Fixtures) => Promise<unknown>): Probe => ({ guard: "route", call });
const http = (reason: string): Probe => ({ guard: "http", reason });
/** The actor of a non-public endpoint: the route has already refused anyone without one. */
const who = (actor: Actor | null): Actor => {
  if (!actor) throw new Error("probe of a signed-in endpoint called without an actor");
  return actor;
};
const nextCell = (fx: Fixtures) => fx.freeFlaggedCells.shift() ?? 0;

async function drain(actor: Actor): Promise<number> {
  let n = 0;
  for await (const batch of streamIncidents(actor, {})) n += batch.length;
  return n;
}

export const DAL_PROBES: Record<string, Probe> = {
  "GET /api/auth/[...nextauth]": http("Auth.js's own session, CSRF and provider routes"),
  "POST /api/auth/[...nextauth]": http("Auth.js sign-in and sign-out; throttling is tested in tests/integration/foundation/login-throttle.test.ts"),
  "GET /api/health": http("no records: a database ping"),
  "GET /api/v1/audits/[id]": dal((a, fx) => getAudit(who(a), fx.auditId)),
  "POST /api/v1/forecasts/[id]/actions/[actionId]/outcome": dal((a, fx) => recordPatrolOutcome(who(a), fx.forecastId, fx.actionId, { incidentFound: false, arrests: 0, stops: 0 })),
  "GET /api/v1/forecasts/[id]/actions": dal((a, fx) => listPatrolActions(who(a), fx.forecastId)),
  "POST /api/v1/forecasts/[id]/actions": dal((a, fx) => recordPatrolAction(who(a), fx.forecastId, { kind: "not_acted", cell: nextCell(fx), reason: "Officers were needed at an incident." })),
  "GET /api/v1/forecasts/[id]/cells/[cell]/proof": dal(async (a, fx) => {
    const [cell] = rowsOf<{ cell: number }>(await (await getDb()).execute(sql`select c.cell from forecast_cells c where c.forecast_id = ${fx.forecastId} and c.area_code = 'D01' limit 1`));
    return cellProof(who(a), fx.forecastId, cell!.cell);
  }),
  "GET /api/v1/forecasts": dal((a) => viewForecast(who(a), { purpose: "briefing", horizon: "7" }), true),
  "GET /api/v1/incidents": dal(async (a) => [await listIncidents(who(a), {}, { offset: 0, limit: 5 }), await drain(who(a))]),
  "GET /api/v1/jobs/[id]": dal((a, fx) => getJobStatus(who(a), fx.jobId)),
  "GET /api/v1/ledger/checkpoint": dal(() => latestCheckpoint()),
  "GET /api/v1/ledger/checkpoints": dal(() => listPublishedCheckpoints(10)),
  "GET /api/v1/ledger/consistency": dal(async () => consistencyProofFor(1, await ledgerSize(await getDb()))),
  "GET /api/v1/ledger/entries/[seq]/proof": dal(async () => inclusionProofFor(1, await ledgerSize(await getDb()))),
  "GET /api/v1/ledger/entries": dal(() => listLedgerEntries({ limit: 10 })),
  "GET /api/v1/me": route((a) => listJurisdiction(who(a))),
  "POST /api/v1/monitoring/alerts/[id]/acknowledgement": dal((a, fx) => acknowledgeAlert(who(a), fx.alertIds[0], { note: "Reviewed with the district commander." })),
  "GET /api/v1/monitoring": dal(async (a) => [await listMonitoring(who(a)), await listMonitoringAlerts(who(a), { open: true })]),
  "POST /api/v1/models/[id]/versions": dal((a, fx) => registerVersion(who(a), fx.modelId, { definition: definition(["D01"]), modelCard })),
  "POST /api/v1/models": dal((a) => registerModel(who(a), { name: unique("Sweep model"), purpose: "Probing the guard" })),
  "POST /api/v1/objections/[ref]/decision": dal((a, fx) => decideObjection(who(a), fx.caseId, { outcome: "rejected", reasons: "The data about this street is accurate and needed." })),
  "GET /api/v1/objections/[ref]": dal((_a, fx) => getPublicStatus(fx.caseCode)),
  "GET /api/v1/objections/policy": dal(() => readObjectionPolicy()),
  "PUT /api/v1/objections/policy": dal(async (a) => updateObjectionPolicy(who(a), await readObjectionPolicy())),
  "POST /api/v1/objections": dal((a) => submitObjection({ input: { kind: "objection", description: "Please stop using data about our area.", areaCode: "D03" }, clientIp: `198.51.100.${serial++ % 250}`, submitter: a })),
  "GET /api/v1/objections/stats": dal(() => getObjectionStatistics()),
  "GET /api/v1/openapi.json": http("a static document"),
  "GET /api/v1/policy": route(async () => currentPolicy(await getDb())),
  "PUT /api/v1/policy": dal(async (a) => updatePolicy(who(a), (await currentPolicy(await getDb())).policy)),
  "GET /api/v1/regional": dal(() => getPublicRegionalView({})),
  "GET /api/v1/register/[id]": dal((_a, fx) => getRegisterEntry(fx.approvedVersionId)),
  "GET /api/v1/register/atrs/[id]": dal((_a, fx) => getRegisterEntry(fx.approvedVersionId)),
  "GET /api/v1/register/atrs": dal(() => getRegister()),
  "GET /api/v1/register": dal(() => getRegister()),
  "DELETE /api/v1/tokens/[id]": dal((a, fx) => revokeApiToken(who(a), fx.adminTokenId)),
  "GET /api/v1/tokens": dal((a) => listOwnApiTokens(who(a))),
  "POST /api/v1/tokens": dal((a) => createApiToken(who(a), "sweep")),
  "GET /api/v1/users": dal((a) => listUsers(who(a))),
  "POST /api/v1/users": dal((a) => createUser(who(a), { email: `${unique("swept")}@example.org`, displayName: "Swept", role: "citizen", password: "correct horse battery" })),
  "POST /api/v1/versions/[id]/approvals": dal((a, fx) => applyVersionEvent(who(a), fx.auditedVersionId, { type: "approve", areaCodes: ["D01"], categories: ["burglary"], reason: "Reviewed." })),
  "POST /api/v1/versions/[id]/audits": dal((a, fx) => startAudit(who(a), fx.auditedVersionId, { from: isoDay(Date.now() - 120 * DAY), to: isoDay(Date.now() - DAY) })),
  "POST /api/v1/versions/[id]/forecasts": dal((a, fx) => requestForecasts(who(a), fx.approvedVersionId)),
  "GET /api/v1/versions/[id]": dal((a, fx) => getVersion(who(a), fx.approvedVersionId)),
  "POST /api/v1/versions/[id]/monitoring": dal((a, fx) => requestMonitoring(who(a), fx.approvedVersionId, {})),
  "POST /api/v1/versions/[id]/submit": dal((a, fx) => applyVersionEvent(who(a), fx.draftVersionId, { type: "submit" })),
  "POST /api/v1/versions/[id]/suspend": dal((a, fx) => applyVersionEvent(who(a), fx.suspendableVersionId, { type: "suspend", reason: "Probing the guard." })),

  "app/(admin)/admin/imports/actions.ts#startImportAction": dal((a) =>
    startImport(who(a), { kind: "incidents", fileName: "sweep.csv", content: new TextEncoder().encode("external_id,category,occurred_at,lat,lon\nS-1,theft,2024-03-01T10:00:00Z,38.62,-90.28\n"), options: { preset: "sightline", skipInvalid: false } }),
  ),
  "app/(admin)/admin/users/actions.ts#createUserAction": dal((a) => createUser(who(a), { email: `${unique("swept")}@example.org`, displayName: "Swept", role: "citizen", password: "correct horse battery" })),
  "app/(admin)/admin/users/actions.ts#updateUserAction": dal((a, fx) => updateUser(who(a), fx.throwawayUserId, { role: "admin" })),
  "app/(oversight)/oversight/forecasts/actions.ts#generateForecastsAction": dal((a, fx) => requestForecasts(who(a), fx.approvedVersionId)),
  "app/(oversight)/oversight/ledger/actions.ts#verifyLedgerAction": dal((a) => startLedgerVerification(who(a))),
  "app/(oversight)/oversight/monitoring/actions.ts#acknowledgeAlertAction": dal((a, fx) => acknowledgeAlert(who(a), fx.alertIds[1], { note: "Reviewed with the district commander." })),
  "app/(oversight)/oversight/monitoring/actions.ts#runMonitoringAction": dal((a, fx) => requestMonitoring(who(a), fx.approvedVersionId, {})),
  "app/(oversight)/oversight/objections/actions.ts#caseAction": dal((a, fx) => assignObjection(who(a), fx.openCaseId, who(a).userId)),
  "app/(oversight)/oversight/serious-incidents/actions.ts#fileIncidentAction": dal((a, fx) => fileSeriousIncident(who(a), fx.approvedVersionId, seriousIncidentInput())),
  "app/(oversight)/oversight/serious-incidents/actions.ts#recordReportAction": dal((a, fx) => recordIncidentReport(who(a), fx.seriousIncidentId, { reportedAt: new Date().toISOString() })),
  "app/(police)/forecasts/actions.ts#openForecastAction": dal((a) => viewForecast(who(a), { purpose: "patrol_planning", horizon: "1" }), true),
  "app/(police)/forecasts/actions.ts#recordDecisionAction": dal((a, fx) => recordPatrolAction(who(a), fx.forecastId, { kind: "patrol_assigned", cell: nextCell(fx), plannedMinutes: 30 })),
  "app/(police)/forecasts/actions.ts#recordOutcomeAction": dal((a, fx) => recordPatrolOutcome(who(a), fx.forecastId, fx.secondActionId, { incidentFound: true, arrests: 0, stops: 1 })),
  "app/(public)/objections/actions.ts#fileObjectionAction": dal((a) => submitObjection({ input: { kind: "objection", description: "Please stop using data about our area.", areaCode: "D04" }, clientIp: `198.51.100.${serial++ % 250}`, submitter: a })),
  "app/(public)/objections/actions.ts#answerAction": dal((_a, fx) => answerInformationRequest({ code: fx.awaitingCode }, { answer: "Everything north of the park." })),
  "app/(public)/objections/actions.ts#appealAction": dal((_a, fx) => appealDecision({ code: fx.caseCode }, { reason: "Training is not the only use." })),
  "app/(registry)/models/actions.ts#registerAction": dal(async (a) => {
    const model = await registerModel(who(a), { name: unique("Sweep model"), purpose: "Probing the guard" });
    return registerVersion(who(a), model.id, { definition: definition(["D01"]), modelCard });
  }),
  // As the action does: submit for the registrant's role, the officers' decisions otherwise.
  "app/(registry)/models/actions.ts#versionAction": dal((a, fx) =>
    can(who(a), "models.register") ? applyVersionEvent(who(a), fx.draftVersionId, { type: "submit" }) : applyVersionEvent(who(a), fx.auditedVersionId, { type: "reject", reason: "Probing the guard." }),
  ),
  "app/(signed-in)/account/actions.ts#createTokenAction": dal((a) => createApiToken(who(a), "sweep")),
  "app/(signed-in)/account/actions.ts#revokeTokenAction": dal((a, fx) => revokeApiToken(who(a), fx.secondAdminTokenId)),
  "app/_actions/session.ts#setLocaleAction": http("sets the language cookie; no records"),
  "app/_actions/session.ts#signInAction": http("Auth.js sign-in; see tests/integration/foundation/login-throttle.test.ts"),
  "app/_actions/session.ts#signOutAction": http("ends the caller's own session; no records"),
};

/**
 * Interior Merkle nodes: derived from the entries and stored lazily by whoever first needs them
 * (a proof, an append), so a read may add them without changing any record.
 */
export const DERIVED_TABLES = ["ledger_nodes"];

/** Row counts of every table of the public schema, in one statement. */
export async function rowCounts(): Promise<Record<string, number>> {
  const db = await getDb();
  const tables = rowsOf<{ name: string }>(await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)).map((t) => t.name);
  const select = tables.map((name) => `(select count(*) from "${name}")::int as "${name}"`).join(", ");
  const [row] = rowsOf<Record<string, number>>(await db.execute(sql.raw(`select ${select}`)));
  return Object.fromEntries(Object.entries(row ?? {}).map(([name, n]) => [name, Number(n)]));
}
