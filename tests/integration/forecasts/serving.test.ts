import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { listForecastsForOversight, realisedAccuracyByVersion } from "@/db/queries/forecast-outcomes";
import { cellProof, openLoggedView, viewForecast } from "@/db/queries/forecasts";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { applyVersionEvent } from "@/db/queries/models";
import { listPatrolActions, recordPatrolAction, recordPatrolOutcome } from "@/db/queries/patrols";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { createUserAsSystem } from "@/db/queries/users";
import type { Actor } from "@/lib/auth/permissions";
import { fromHex, leafHash, verifyInclusion } from "@/lib/ledger";

const NOW = new Date();
const actorOf = async (email: string): Promise<Actor> => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;
const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number | string }>(await (await getDb()).execute(query))[0]!.n);

describe("approved forecasts for police staff", () => {
  let police: Actor, otherPolice: Actor, oversight: Actor;
  let versionId: string;

  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 11, now: NOW, city: { districts: 6, targetIncidents: 6_000 } });
    expect(await seedDemoModel(NOW)).toBe(true);
    await createUserAsSystem({ email: "police5@demo.test", displayName: "Five", role: "police_staff", password: "a long enough password", areaCodes: ["D05"] });
    [police, otherPolice, oversight] = (await Promise.all(["police@demo.test", "police5@demo.test", "oversight1@demo.test"].map(actorOf))) as [Actor, Actor, Actor];
    versionId = rowsOf<{ id: string }>(await (await getDb()).execute(sql`select id from model_versions`))[0]!.id;
  });

  it("the demo walk stored 1- and 7-day forecasts for today and two past weeks, each with its ledger entry", async () => {
    expect(await count(sql`select count(*) as n from forecasts`)).toBe(6);
    expect(await count(sql`select count(*) as n from ledger_entries where kind = 'forecast.generated'`)).toBe(6);
    expect(await count(sql`select count(*) as n from forecasts f join ledger_entries e on e.seq = f.ledger_seq where e.entry::text like '%' || f.merkle_root || '%'`)).toBe(6);
  });

  it("gives oversight the realised accuracy of finished forecasts, pooled per version", async () => {
    const rows = await listForecastsForOversight(oversight, 60, NOW);
    const finished = rows.filter((row) => row.realised !== null);
    // The two past weeks' 7-day forecasts and their 1-day ones are over; today's are not.
    expect(finished).toHaveLength(4);
    for (const row of finished) {
      expect(row.realised!.hits).toBeLessThanOrEqual(row.realised!.incidents);
      if (row.realised!.incidents > 0) expect(row.realised!.pai).toBeCloseTo(row.realised!.hitRate! / (row.flaggedCount / row.cellCount), 9);
    }
    const [pooled] = await realisedAccuracyByVersion(oversight, NOW);
    expect(pooled).toMatchObject({ versionId, forecasts: 2 });
    const weekly = finished.filter((row) => row.horizonDays === 7);
    expect(pooled!.incidents).toBe(weekly.reduce((sum, row) => sum + row.realised!.incidents, 0));
    expect(pooled!.pai!).toBeGreaterThan(1);
    await expect(listForecastsForOversight(police)).rejects.toMatchObject({ name: "PermissionDeniedError" });
  });

  it("shows an officer their own districts' cells, logging the view once on the ledger with its purpose", async () => {
    const before = await count(sql`select count(*) as n from ledger_entries where kind = 'forecast.viewed'`);
    const view = await viewForecast(police, { purpose: "patrol_planning", horizon: 7 }, NOW);
    expect(view.areaCodes).toEqual(["D01", "D02", "D03", "D04"]);
    expect(new Set(view.cells.map((c) => c.areaCode))).toEqual(new Set(["D01", "D02", "D03", "D04"]));
    expect(view.cells.some((c) => c.flagged && c.explanation)).toBe(true);
    expect(await count(sql`select count(*) as n from ledger_entries where kind = 'forecast.viewed'`)).toBe(before + 1);
    expect(await count(sql`select count(*) as n from forecast_views where id = ${view.viewId}`)).toBe(1);
    const [entry] = rowsOf<{ entry: { subjects: { type: string; id: string }[] }; leaf_hash: string }>(await (await getDb()).execute(sql`select entry, leaf_hash from ledger_entries where seq = ${view.receipt.seq}`));
    expect(entry!.leaf_hash).toBe(view.receipt.leafHash);
    expect(entry!.entry.subjects).toEqual(expect.arrayContaining([{ type: "purpose", id: "patrol_planning" }, { type: "view", id: view.viewId }]));
    // Reopening the logged view shows it again without a second log entry.
    const again = await openLoggedView(police, view.viewId, NOW);
    expect(again.cells).toEqual(view.cells);
    expect(await count(sql`select count(*) as n from ledger_entries where kind = 'forecast.viewed'`)).toBe(before + 1);
  });

  it("proves any stored cell's prediction against the Merkle root published on the ledger", async () => {
    const view = await viewForecast(police, { purpose: "briefing" }, NOW);
    const flagged = view.cells.find((c) => c.flagged)!;
    const proof = await cellProof(police, view.forecast.id, flagged.cell);
    expect(JSON.parse(proof.leaf)).toMatchObject({ cell: flagged.cell, flagged: true, rank: flagged.rank });
    expect(verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(proof.leaf), proof.auditPath.map(fromHex), fromHex(proof.merkleRoot))).toEqual({ ok: true });
    const [published] = rowsOf<{ entry: { subjects: { type: string; hash?: string }[] } }>(await (await getDb()).execute(sql`select entry from ledger_entries where seq = ${proof.ledgerSeq}`));
    expect(published!.entry.subjects.find((s) => s.type === "forecast")!.hash).toBe(proof.merkleRoot);
    // Oversight may check any cell; an officer neither another district's cell nor an unviewed forecast's.
    const elsewhere = rowsOf<{ cell: number }>(await (await getDb()).execute(sql`select cell from forecast_cells where forecast_id = ${view.forecast.id} and area_code = 'D05' limit 1`))[0]!;
    await expect(cellProof(oversight, view.forecast.id, elsewhere.cell)).resolves.toMatchObject({ cell: elsewhere.cell });
    await expect(cellProof(police, view.forecast.id, elsewhere.cell)).rejects.toMatchObject({ code: "not_found" });
  });

  it("does not find another district's forecast, and reveals nothing about it", async () => {
    await expect(viewForecast(police, { purpose: "briefing", area: "D05" }, NOW)).rejects.toMatchObject({ code: "not_found", details: undefined });
    const theirs = await viewForecast(otherPolice, { purpose: "briefing", area: "D05" }, NOW);
    expect(new Set(theirs.cells.map((c) => c.areaCode))).toEqual(new Set(["D05"]));
    const mine = await viewForecast(police, { purpose: "briefing" }, NOW);
    await expect(openLoggedView(otherPolice, mine.viewId, NOW)).rejects.toMatchObject({ code: "not_found" });
  });

  it("names why there is no approved forecast: a category never approved, a date not generated, an expired approval", async () => {
    await expect(viewForecast(police, { purpose: "briefing", category: "assault" }, NOW)).rejects.toMatchObject({ details: { code: "no_approved_forecast", reason: "none_approved" } });
    const nextMonth = new Date(NOW.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    await expect(viewForecast(police, { purpose: "briefing", date: nextMonth }, NOW)).rejects.toMatchObject({ details: { reason: "not_generated" } });
    const afterExpiry = new Date(NOW.getTime() + 91 * 86_400_000);
    await expect(viewForecast(police, { purpose: "briefing", date: NOW.toISOString().slice(0, 10) }, afterExpiry)).rejects.toMatchObject({ details: { reason: "expired" } });
  });

  it("refuses a missing or unknown purpose, and roles other than police", async () => {
    await expect(viewForecast(police, {}, NOW)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("purpose") });
    await expect(viewForecast(police, { purpose: "curiosity" }, NOW)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(viewForecast(oversight, { purpose: "briefing" }, NOW)).rejects.toMatchObject({ name: "PermissionDeniedError" });
  });

  it("fails closed: when the ledger refuses the view's entry, no forecast is returned and no view is stored", async () => {
    const db = await getDb();
    const views = await count(sql`select count(*) as n from forecast_views`);
    await db.execute(sql`alter table ledger_entries add constraint test_refuse_views check (kind <> 'forecast.viewed') not valid`);
    try {
      await expect(viewForecast(police, { purpose: "briefing" }, NOW)).rejects.toMatchObject({ code: "unavailable" });
    } finally {
      await db.execute(sql`alter table ledger_entries drop constraint test_refuse_views`);
    }
    expect(await count(sql`select count(*) as n from forecast_views`)).toBe(views);
  });

  it("records patrol decisions and their outcomes on the ledger, validating each", async () => {
    const view = await viewForecast(police, { purpose: "patrol_planning" }, NOW);
    const flagged = view.cells.filter((c) => c.flagged);
    const unflagged = view.cells.find((c) => !c.flagged)!;
    const forecastId = view.forecast.id;
    const patrol = await recordPatrolAction(police, forecastId, { kind: "patrol_assigned", cell: flagged[0]!.cell, plannedMinutes: 45 });
    expect(patrol).toMatchObject({ kind: "patrol_assigned", plannedMinutes: 45 });
    await recordPatrolAction(police, forecastId, { kind: "not_acted", cell: flagged[1]!.cell, reason: "Officers committed to a public event." });
    await recordPatrolAction(police, forecastId, { kind: "extra_cell", cell: unflagged.cell, reason: "Residents reported cars being tried." });
    await expect(recordPatrolAction(police, forecastId, { kind: "patrol_assigned", cell: flagged[0]!.cell, plannedMinutes: 30 })).rejects.toMatchObject({ code: "conflict" });
    await expect(recordPatrolAction(police, forecastId, { kind: "not_acted", cell: flagged[2]!.cell })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("reason") });
    await expect(recordPatrolAction(police, forecastId, { kind: "extra_cell", cell: flagged[2]!.cell, reason: "already flagged" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("kind") });
    await expect(recordPatrolAction(police, forecastId, { kind: "patrol_assigned", cell: flagged[2]!.cell, plannedMinutes: 0 })).rejects.toMatchObject({ message: expect.stringContaining("plannedMinutes") });
    await expect(recordPatrolAction(police, forecastId, { kind: "patrol_assigned", cell: 99_999_999, plannedMinutes: 10 })).rejects.toMatchObject({ message: expect.stringContaining("cell") });
    // The D05 officer viewed this forecast too, but a D01–D04 cell answers exactly like a cell that does not exist.
    await expect(recordPatrolAction(otherPolice, forecastId, { kind: "patrol_assigned", cell: flagged[2]!.cell, plannedMinutes: 10 })).rejects.toMatchObject({
      code: "invalid_input",
      message: `cell: ${flagged[2]!.cell} is not a cell of this forecast in your jurisdiction`,
    });

    await recordPatrolOutcome(police, forecastId, patrol.id, { incidentFound: true, arrests: 0, stops: 2 });
    await expect(recordPatrolOutcome(police, forecastId, patrol.id, { incidentFound: false, arrests: 0, stops: 0 })).rejects.toMatchObject({ code: "conflict" });
    await expect(recordPatrolOutcome(otherPolice, forecastId, patrol.id, { incidentFound: false, arrests: 0, stops: 0 })).rejects.toMatchObject({ code: "not_found" });
    const actions = await listPatrolActions(police, forecastId);
    expect(actions.map((a) => a.kind).sort()).toEqual(["extra_cell", "not_acted", "patrol_assigned"]);
    expect(await count(sql`select count(*) as n from ledger_entries where kind = 'patrol.recorded'`)).toBe(3);
    expect(await count(sql`select count(*) as n from ledger_entries where kind = 'patrol.outcome'`)).toBe(1);
    // The database keeps the decision as recorded, even against direct SQL.
    await expect((await getDb()).execute(sql`update patrol_actions set planned_minutes = 5 where id = ${patrol.id}`)).rejects.toThrow();
  });

  it("never serves a suspended version's forecast, not even a view logged before the suspension", async () => {
    const before = await viewForecast(police, { purpose: "briefing" }, NOW);
    await applyVersionEvent(oversight, versionId, { type: "suspend", reason: "Complaint under review." });
    await expect(viewForecast(police, { purpose: "briefing" })).rejects.toMatchObject({ details: { code: "no_approved_forecast", reason: "suspended" } });
    await expect(openLoggedView(police, before.viewId)).rejects.toMatchObject({ details: { reason: "suspended" } });
  });

  it("keeps stored forecasts and views unchangeable", async () => {
    const db = await getDb();
    await expect(db.execute(sql`update forecast_cells set flagged = not flagged`)).rejects.toThrow();
    await expect(db.execute(sql`delete from forecast_views`)).rejects.toThrow();
    await expect(db.execute(sql`delete from forecasts`)).rejects.toThrow();
  });

  it("refuses at commit a cell whose forecast was never stored (the reference is checked late, not dropped)", async () => {
    const db = await getDb();
    const before = await count(sql`select count(*) as n from forecast_cells`);
    const refused: unknown = await db
      .execute(sql`insert into forecast_cells (forecast_id, cell, area_code, risk, expected, rank, flagged) values (gen_random_uuid(), 1, 'D01', 0.5, 0.5, 1, false)`)
      .then(() => null, (error: unknown) => error);
    expect(String((refused as { cause?: Error } | null)?.cause?.message)).toMatch(/foreign key/);
    expect(await count(sql`select count(*) as n from forecast_cells`)).toBe(before);
  });
});
