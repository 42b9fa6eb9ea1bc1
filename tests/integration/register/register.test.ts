import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { createCheckpoint } from "@/db/queries/ledger-checkpoints";
import { applyVersionEvent, registerModel, registerVersion } from "@/db/queries/models";
import { submitObjection } from "@/db/queries/objections";
import { getRegister, getRegisterEntry } from "@/db/queries/register";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { fileSeriousIncident, listFileableVersions, listSeriousIncidents, recordIncidentReport } from "@/db/queries/serious-incidents";
import { createUserAsSystem } from "@/db/queries/users";
import { audits, ledgerEntries, modelVersions, seriousIncidents, users } from "@/db/schema";
import type { Actor, Role } from "@/lib/auth/permissions";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { atrsRecordSchema, atrsRegisterSchema } from "@/lib/register/atrs-schema";
import { atrsRecord, atrsRegister } from "@/lib/register/to-atrs";

const NOW = new Date();

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    return (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
  }
  return "no error";
}
const DAY = 86_400_000;
const actorOf = async (email: string): Promise<Actor> => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;
let dev: Actor, o1: Actor, o2: Actor, admin: Actor, police: Actor, citizen: Actor;
let demoVersionId: string;

const definition = { algorithm: "naive", parameters: {}, categories: ["burglary"], trainingWindow: { from: "2024-01-01", to: "2025-06-30" }, cellSizeM: 200, areaCodes: ["D01", "D02"], engineVersion: "0.1.0" };
const modelCard = { intendedUse: "Weekly advice.", outOfScopeUses: "No individual-level prediction.", dataSources: "Synthetic city.", knownBiases: "Discovery follows patrols.", limitations: "Stationary.", humanOversight: "Advisory.", contact: "team@models.example" };

async function version(state: "draft" | "submitted" | "audited" | "rejected" | "approved"): Promise<string> {
  const model = await registerModel(dev, { name: `Register test ${state} ${Math.random().toString(36).slice(2, 8)}`, purpose: "Testing the register" });
  const { id } = await registerVersion(dev, model.id, { definition, modelCard });
  if (state === "draft") return id;
  await applyVersionEvent(dev, id, { type: "submit" });
  if (state === "submitted") return id;
  await applyVersionEvent(null, id, { type: "record_audit", verdict: "pass" });
  if (state === "audited") return id;
  if (state === "rejected") {
    await applyVersionEvent(o1, id, { type: "reject", reason: "Not needed." });
    return id;
  }
  const approve = (reason: string) => ({ type: "approve" as const, areaCodes: ["D01"], categories: ["burglary"], reason });
  await applyVersionEvent(o1, id, approve("first"));
  await applyVersionEvent(o2, id, approve("second"));
  return id;
}

const incident = (overrides: Record<string, unknown> = {}) => ({
  harmCategory: "fundamental_rights_infringement",
  affectedGroups: ["Residents of district D01"],
  description: "Flags fell on one neighbourhood for six weeks although reported crime did not rise.",
  actionsTaken: "Version suspended and patrol allocations reviewed.",
  awareAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
  timeZone: "UTC",
  ...overrides,
});

describe("the public register, read live from the registry", () => {
  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 9, now: NOW, city: { districts: 4, targetIncidents: 2_500 } });
    await seedDemoModel(NOW);
    [dev, o1, o2, admin, police, citizen] = (await Promise.all(["developer@demo.test", "oversight1@demo.test", "oversight2@demo.test", "admin@demo.test", "police@demo.test", "citizen@demo.test"].map(actorOf))) as [Actor, Actor, Actor, Actor, Actor, Actor];
    const [demo] = await (await getDb()).select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.state, "approved"));
    demoVersionId = demo!.id;
    await createCheckpoint();
  });

  it("shows the approved version with its card, approvers by role, the stored audit's figures and the latest checkpoint", async () => {
    const register = await getRegister();
    const entry = register.entries.find((e) => e.id === demoVersionId)!;
    expect(entry).toMatchObject({ state: "approved", atrsPhase: "production", model: { name: "Property crime hotspots" } });
    expect(entry.approval.approvals.map((a) => a.role)).toEqual(["oversight_officer", "oversight_officer"]);
    const [stored] = await (await getDb()).select().from(audits).where(eq(audits.versionId, demoVersionId));
    const report = stored!.report as { accuracy: { model: { pai: unknown } }; policy: { verdict: string } };
    expect(entry.audit).toMatchObject({ auditId: stored!.id, verdict: report.policy.verdict, pai: report.accuracy.model.pai });
    expect(entry.audit!.criteria).toHaveLength(5);
    expect(entry.overrides.length > 0).toBe(report.policy.verdict === "fail");
    expect(entry.usage.forecasts).toBeGreaterThan(0);
    expect(register.checkpoint).toMatchObject({ origin: expect.any(String), rootHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(register.objections.totals).toMatchObject({ month: "all", received: 0, decided: 0 });
    await submitObjection({ input: { kind: "objection", description: "Please stop using data about our street for patrol forecasts.", areaCode: "D02" }, clientIp: "192.0.2.7" });
    expect((await getRegister()).objections.totals).toMatchObject({ received: 1, receivedByKind: { objection: 1 } });
  });

  it("lists no draft, submitted, audited or rejected version, and finds none of them by id", async () => {
    const hidden = await Promise.all((["draft", "submitted", "audited", "rejected"] as const).map(version));
    const register = await getRegister();
    const ids = new Set(register.entries.map((e) => e.id));
    for (const id of hidden) {
      expect(ids.has(id)).toBe(false);
      await expect(getRegisterEntry(id)).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(getRegisterEntry("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
    await expect(getRegisterEntry("not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
  });

  it("exposes no person: no user's name, e-mail, id or pseudonym appears anywhere in the register or its ATRS export", async () => {
    await fileSeriousIncident(o1, demoVersionId, incident());
    const register = await getRegister();
    const text = JSON.stringify(register) + JSON.stringify(atrsRegister(register, "http://localhost"));
    const people = await (await getDb()).select({ id: users.id, email: users.email, displayName: users.displayName, pseudonym: users.pseudonym }).from(users);
    expect(people.length).toBeGreaterThan(5);
    for (const person of people) for (const value of [person.id, person.email, person.displayName, person.pseudonym]) expect(text).not.toContain(value);
  });

  it("shows a version suspended a second ago as suspended, with its reason, in the register, the entry and the ATRS record", async () => {
    const id = await version("approved");
    expect((await getRegisterEntry(id)).entry.state).toBe("approved");
    await applyVersionEvent(o1, id, { type: "suspend", reason: "Harm reported in D01." });
    const register = await getRegister();
    const entry = register.entries.find((e) => e.id === id)!;
    expect(entry).toMatchObject({ state: "suspended", atrsPhase: "retired", suspensions: [{ reason: "Harm reported in D01.", role: "oversight_officer" }] });
    const single = await getRegisterEntry(id);
    expect(single.entry.state).toBe("suspended");
    const record = atrsRecord(single.entry, { organisation: single.register.organisation, baseUrl: "http://localhost", checkpoint: single.register.checkpoint });
    expect(atrsRecordSchema.safeParse(record).error?.issues ?? []).toEqual([]);
    expect(record).toMatchObject({ metadata: { phase: "retired" }, x_sightline: { state: "suspended", suspensions: [{ reason: "Harm reported in D01." }] } });
    expect(atrsRegisterSchema.safeParse(atrsRegister(register, "http://localhost")).success).toBe(true);
  });

  it("reads an approval past its valid-until as expired at once, before the expiry sweep writes it", async () => {
    const id = await version("approved");
    const [row] = await (await getDb()).select({ validUntil: modelVersions.validUntil, state: modelVersions.state }).from(modelVersions).where(eq(modelVersions.id, id));
    const justAfter = new Date(row!.validUntil!.getTime() + 1000);
    expect(row!.state).toBe("approved");
    expect((await getRegisterEntry(id, justAfter)).entry).toMatchObject({ state: "expired", stateSince: row!.validUntil });
    expect((await getRegister(justAfter)).entries.find((e) => e.id === id)!.state).toBe("expired");
  });
});

describe("filing a serious incident", () => {
  async function person(role: Role, areaCodes: string[]): Promise<Actor> {
    const user = await createUserAsSystem({ email: `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`, displayName: "Someone", role, password: "long enough pass", areaCodes });
    return (await findLiveIdentity(user.id))!.actor;
  }

  it("is for oversight officers only; an officer outside the version's jurisdiction finds nothing", async () => {
    for (const actor of [dev, admin, police, citizen]) await expect(fileSeriousIncident(actor, demoVersionId, incident())).rejects.toMatchObject({ name: "PermissionDeniedError" });
    await expect(listSeriousIncidents(police)).rejects.toMatchObject({ name: "PermissionDeniedError" });
    const elsewhere = await person("oversight_officer", ["D04"]);
    const id = await version("approved"); // approved for D01 only
    await expect(fileSeriousIncident(elsewhere, id, incident())).rejects.toMatchObject({ code: "not_found" });
    expect((await listFileableVersions(elsewhere)).map((v) => v.id)).not.toContain(id);
    expect((await listFileableVersions(o1)).map((v) => v.id)).toContain(id);
  });

  it("refuses a version that was never approved and bad input, naming the field, and stores nothing", async () => {
    const db = await getDb();
    const before = (await db.select({ n: sql<number>`count(*)::int` }).from(seriousIncidents))[0]!.n;
    await expect(fileSeriousIncident(o1, await version("audited"), incident())).rejects.toMatchObject({ code: "not_found" });
    await expect(fileSeriousIncident(o1, demoVersionId, incident({ affectedGroups: [] }))).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^affectedGroups/) });
    await expect(fileSeriousIncident(o1, demoVersionId, incident({ awareAt: new Date(NOW.getTime() + 2 * DAY).toISOString() }))).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^awareAt/) });
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(seriousIncidents))[0]!.n).toBe(before);
  });

  it("fixes the Art. 73 deadline, writes a ledger entry of hashes, shows on the register at once, and records the report once", async () => {
    const id = await version("approved");
    const filed = await fileSeriousIncident(o1, id, incident({ harmCategory: "death", awareAt: "2026-03-04T08:00:00Z" }), new Date("2026-03-05T00:00:00Z"));
    expect(filed).toMatchObject({ rule: "art73_4_death", dueAt: new Date("2026-03-16T23:59:59.999Z") });
    const db = await getDb();
    const [entry] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.seq, filed.ledgerSeq));
    expect(entry).toMatchObject({ kind: "serious_incident.filed", actor: o1.pseudonym });
    const [row] = await db.select().from(seriousIncidents).where(eq(seriousIncidents.id, filed.id));
    const recomputed = sha256Hex(canonicalJson({ id: row!.id, versionId: id, harmCategory: "death", widespread: false, affectedGroups: row!.affectedGroups, description: row!.description, actionsTaken: row!.actionsTaken, occurredAt: null, awareAt: "2026-03-04T08:00:00.000Z", timeZone: "UTC", reportingRule: "art73_4_death", dueAt: "2026-03-16T23:59:59.999Z", filedAt: "2026-03-05T00:00:00.000Z" }));
    expect((entry!.entry as { payloadHash: string }).payloadHash).toBe(recomputed);
    expect(JSON.stringify(entry!.entry)).not.toContain("neighbourhood");

    const shown = (await getRegisterEntry(id, new Date("2026-03-06T00:00:00Z"))).entry.seriousIncidents;
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ harmCategory: "death", filedByRole: "oversight_officer", clock: { state: "open", daysLeft: 11, overdue: false } });
    expect((await listSeriousIncidents(admin)).map((i) => i.id)).toContain(filed.id);

    await expect(recordIncidentReport(o2, filed.id, { reportedAt: "2026-03-03T00:00:00Z" }, new Date("2026-03-10T00:00:00Z"))).rejects.toMatchObject({ code: "invalid_input" });
    const report = await recordIncidentReport(o2, filed.id, { reportedAt: "2026-03-10T09:00:00Z", authorityReference: "MSA-2026-17" }, new Date("2026-03-10T10:00:00Z"));
    expect(report.onTime).toBe(true);
    await expect(recordIncidentReport(o2, filed.id, { reportedAt: "2026-03-10T09:00:00Z" }, new Date("2026-03-10T10:00:00Z"))).rejects.toMatchObject({ code: "conflict" });
    expect((await getRegisterEntry(id)).entry.seriousIncidents[0]!.clock).toMatchObject({ state: "reported", onTime: true });
  });

  it("cannot be rewritten or removed in the database itself", async () => {
    const id = await version("approved");
    const filed = await fileSeriousIncident(o1, id, incident());
    const db = await getDb();
    expect(await refusal(db.execute(sql`update serious_incidents set description = 'nothing happened' where id = ${filed.id}`))).toMatch(/never changed or removed/);
    expect(await refusal(db.execute(sql`update serious_incidents set due_at = due_at + interval '30 days' where id = ${filed.id}`))).toMatch(/never changed or removed/);
    expect(await refusal(db.execute(sql`delete from serious_incidents where id = ${filed.id}`))).toMatch(/never changed or removed/);
    expect(await refusal(db.execute(sql`truncate serious_incidents`))).toMatch(/never removed/);
    expect(await refusal(db.execute(sql`insert into serious_incidents (version_id, harm_category, widespread, affected_groups, description, actions_taken, aware_at, time_zone, reporting_rule, due_at, filed_by, ledger_seq) values (${id}, 'embarrassment', false, '["x"]', 'x', 'y', now(), 'UTC', 'art73_2_general', now() + interval '1 day', ${o1.userId}, 1)`))).toMatch(/serious_incidents_harm_known/);
    // Recording the report once is the one change the database admits; a second is refused.
    await recordIncidentReport(o1, filed.id, { reportedAt: new Date().toISOString() });
    expect(await refusal(db.execute(sql`update serious_incidents set authority_reference = 'changed' where id = ${filed.id}`))).toMatch(/never changed or removed/);
  });
});
