import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getAudit } from "@/db/queries/audits";
import { cellProof, openLoggedView, viewForecast } from "@/db/queries/forecasts";
import { findLiveIdentity } from "@/db/queries/identity";
import { listIncidents, streamIncidents } from "@/db/queries/incidents";
import { getJobStatus } from "@/db/queries/jobs";
import { getVersion, listVersions, registerModel, registerVersion } from "@/db/queries/models";
import { answerInformationRequest, appealDecision, getMyCase, listMyCases } from "@/db/queries/objections";
import { assignObjection, getCaseForOfficer, listObjectionQueue } from "@/db/queries/objections-handling";
import { listPatrolActions, recordPatrolOutcome } from "@/db/queries/patrols";
import { fileSeriousIncident } from "@/db/queries/serious-incidents";
import { revokeApiToken } from "@/db/queries/tokens";
import { createUserAsSystem } from "@/db/queries/users";
import type { Actor, Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { definition, modelCard, prepareFixtures, seriousIncidentInput, type Fixtures } from "@/tests/security/dal-probes";

/** What a refusal says: its code and message, which must not tell "exists elsewhere" from "does not exist". */
async function answer(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "answered";
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}${error.details === undefined ? "" : ` ${JSON.stringify(error.details)}`}`;
    return `unexpected ${String(error)}`;
  }
}

/**
 * The out-of-scope call is refused with not-found, word for word as for a record that does not
 * exist. (Equal answers alone would pass if both calls simply answered.)
 */
async function expectAnswersAsMissing(outOfScope: () => Promise<unknown>, missing: () => Promise<unknown>): Promise<void> {
  const [hidden, absent] = [await answer(outOfScope), await answer(missing)];
  expect(hidden).toMatch(/^not_found/);
  expect(hidden).toBe(absent);
}

async function person(role: Role, areaCodes: string[] = []): Promise<Actor> {
  const user = await createUserAsSystem({ email: `${role}-${randomUUID().slice(0, 8)}@example.test`, displayName: role, role, password: "a long enough password", areaCodes });
  return (await findLiveIdentity(user.id))!.actor;
}

describe("no cross-scope reads: outside one's jurisdiction or ownership, a record answers exactly as one that does not exist", () => {
  let fx: Fixtures;
  let police5: Actor, officer5: Actor, otherCitizen: Actor, otherDeveloper: Actor;
  let viewId: string;
  beforeAll(async () => {
    fx = await prepareFixtures();
    [police5, officer5, otherCitizen, otherDeveloper] = await Promise.all([person("police_staff", ["D05"]), person("oversight_officer", ["D05"]), person("citizen"), person("model_developer")]);
    viewId = (await viewForecast(fx.actors.police_staff, { purpose: "briefing", horizon: "7" })).viewId;
  });

  it("police of D05 get not-found for D01–D04's forecast, views, decisions and cells", async () => {
    const nowhere = await answer(() => viewForecast(police5, { purpose: "briefing", area: "D99" }));
    expect(nowhere).toMatch(/^not_found/);
    expect(await answer(() => viewForecast(police5, { purpose: "briefing", area: "D01" }))).toBe(nowhere);
    await expectAnswersAsMissing(() => openLoggedView(police5, viewId), () => openLoggedView(police5, randomUUID()));
    expect(await answer(() => recordPatrolOutcome(police5, fx.forecastId, fx.actionId, { incidentFound: false, arrests: 0, stops: 0 }))).toMatch(/^not_found/);
    // answer() drops a result, so the listing is looked at itself: refused, or without the action.
    expect(JSON.stringify(await listPatrolActions(fx.actors.police_staff, fx.forecastId))).toContain(fx.actionId);
    const patrols = await listPatrolActions(police5, fx.forecastId).catch((error: unknown) => error);
    if (patrols instanceof AppError) expect(patrols.code).toBe("not_found");
    else expect(JSON.stringify(patrols)).not.toContain(fx.actionId);
    await expectAnswersAsMissing(() => cellProof(police5, fx.forecastId, fx.freeFlaggedCells[0]!), () => cellProof(police5, randomUUID(), 0));
    // Their own district stays open to them.
    expect((await viewForecast(police5, { purpose: "briefing", area: "D05" })).cells.every((cell) => cell.areaCode === "D05")).toBe(true);
  });

  it("an officer of D05 sees neither D01's objection cases nor its incidents, and cannot act on them", async () => {
    await expectAnswersAsMissing(() => getCaseForOfficer(officer5, fx.caseId), () => getCaseForOfficer(officer5, randomUUID()));
    expect(await answer(() => assignObjection(officer5, fx.openCaseId))).toMatch(/^not_found/);
    expect((await listObjectionQueue(officer5, { status: "all" })).map((row) => row.id)).not.toContain(fx.caseId);
    const page = await listIncidents(officer5, {}, { offset: 0, limit: 500 });
    expect(page.total).toBeGreaterThan(0);
    expect(new Set(page.rows.map((row) => row.areaCode))).toEqual(new Set(["D05"]));
    for await (const batch of streamIncidents(officer5, {})) expect(batch.every((row) => row.areaCode === "D05")).toBe(true);
    const filtered = await listIncidents(officer5, { areaCode: "D01" }, { offset: 0, limit: 5 });
    expect(filtered.total).toBe(0);
    await expectAnswersAsMissing(() => fileSeriousIncident(officer5, fx.suspendableVersionId, seriousIncidentInput()), () => fileSeriousIncident(officer5, randomUUID(), seriousIncidentInput()));
  });

  it("a citizen holding another citizen's case id gets not-found, as for an id that was never issued", async () => {
    const never = randomUUID();
    await expectAnswersAsMissing(() => getMyCase(otherCitizen, fx.caseId), () => getMyCase(otherCitizen, never));
    await expectAnswersAsMissing(() => answerInformationRequest({ actor: otherCitizen, caseId: fx.caseId }, { answer: "Mine now." }), () => answerInformationRequest({ actor: otherCitizen, caseId: never }, { answer: "Mine now." }));
    await expectAnswersAsMissing(() => appealDecision({ actor: otherCitizen, caseId: fx.caseId }, { reason: "Mine now." }), () => appealDecision({ actor: otherCitizen, caseId: never }, { reason: "Mine now." }));
    expect(await listMyCases(otherCitizen)).toEqual([]);
    expect((await listMyCases(fx.actors.citizen)).map((row) => row.id)).toContain(fx.caseId);
  });

  it("someone else's job, token or draft is not found", async () => {
    await expectAnswersAsMissing(() => getJobStatus(otherCitizen, fx.jobId), () => getJobStatus(otherCitizen, randomUUID()));
    await expectAnswersAsMissing(() => revokeApiToken(fx.actors.oversight_officer, fx.adminTokenId), () => revokeApiToken(fx.actors.oversight_officer, randomUUID()));
    const model = await registerModel(otherDeveloper, { name: `Someone else's ${randomUUID().slice(0, 6)}`, purpose: "Private draft" });
    const draft = await registerVersion(otherDeveloper, model.id, { definition: definition(["D01"]), modelCard });
    await expectAnswersAsMissing(() => getVersion(fx.actors.model_developer, draft.id), () => getVersion(fx.actors.model_developer, randomUUID()));
    expect((await listVersions(fx.actors.model_developer)).map((v) => v.id)).not.toContain(draft.id);
    expect(await answer(() => getAudit(fx.actors.model_developer, randomUUID()))).toMatch(/^not_found/);
  });
});
