import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { assignObjection, getCaseForOfficer, listObjectionQueue, requestInformation } from "@/db/queries/objections-handling";
import { answerInformationRequest, getCaseByCode, getMyCase, listMyCases, submitObjection } from "@/db/queries/objections";
import { createUserAsSystem } from "@/db/queries/users";
import type { Actor } from "@/lib/auth/permissions";
import { sha256Hex } from "@/lib/ledger";
import { generateTrackingCode, parseTrackingCode, TRACKING_CODE_RANDOM_BYTES } from "@/lib/objections/tracking-code";
import { actorOf, countRows, seedSmallCity, someIncident } from "./support";

let ipCounter = 0;
/** A fresh client address per submission, so the rate limit only bites where a test wants it. */
const ip = () => `198.51.100.${++ipCounter}`;

describe("filing an objection", () => {
  let incident: Awaited<ReturnType<typeof someIncident>>;
  let citizen: Actor;
  beforeAll(async () => {
    await seedSmallCity();
    incident = await someIncident();
    citizen = await actorOf("citizen@demo.test");
  });

  it("answers with a tracking code, the due date and the ledger receipt, logged as a hashed public event", async () => {
    const now = new Date("2026-01-31T15:00:00Z");
    const filed = await submitObjection({ input: { kind: "rectification", description: "Wrong street.", incidentExternalId: incident.external_id }, clientIp: ip(), now });
    expect(parseTrackingCode(filed.trackingCode)).toBe(filed.trackingCode);
    expect(filed.dueAt).toBe("2026-03-02T23:59:59.999Z");
    expect(filed.replayed).toBe(false);
    const [entry] = rowsOf<{ entry: { kind: string; actor: string; subjects: { type: string; id: string }[] } }>(await (await getDb()).execute(sql`select entry from ledger_entries where seq = ${filed.receipt.seq}`));
    expect(entry?.entry).toMatchObject({ kind: "objection.event", actor: "public", subjects: [{ type: "objection" }] });
    expect(JSON.stringify(entry)).not.toContain(filed.trackingCode);
    const status = await getCaseByCode(filed.trackingCode.toLowerCase().replace(/-/g, " "), now);
    expect(status).toMatchObject({ kind: "rectification", status: "received", clock: { state: "on_time", daysLeft: 30 } });
    expect(JSON.stringify(status)).not.toContain("Wrong street.");
  });

  it.each([
    ["a missing kind", { description: "x", incidentExternalId: "any" }, "kind"],
    ["a missing description", { kind: "rectification", incidentExternalId: "any" }, "description"],
    ["an over-long text", { kind: "rectification", description: "x".repeat(5_001), incidentExternalId: "any" }, "description"],
    ["a wrong kind", { kind: "complain", description: "x", incidentExternalId: "any" }, "kind"],
    ["a filled honeypot", { kind: "access", description: "x", areaCode: "D01", website: "http://spam.example" }, "website"],
    ["an unknown incident id", { kind: "rectification", description: "x", incidentExternalId: "NO-SUCH-INCIDENT" }, "incidentExternalId"],
    ["an unknown area", { kind: "objection", description: "x", areaCode: "Z99" }, "areaCode"],
    ["an unknown forecast", { kind: "complaint", description: "x", forecastId: "00000000-0000-4000-8000-000000000000" }, "forecastId"],
    ["a bad e-mail", { kind: "access", description: "x", areaCode: "D01", contactEmail: "nobody" }, "contactEmail"],
  ])("refuses %s with 422 naming the field, and creates nothing", async (_, input, field) => {
    const before = await Promise.all(["objection_cases", "objection_events", "objection_contacts", "ledger_entries"].map(countRows));
    await expect(submitObjection({ input, clientIp: ip() })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(new RegExp(`^${field}: `)) });
    expect(await Promise.all(["objection_cases", "objection_events", "objection_contacts", "ledger_entries"].map(countRows))).toEqual(before);
  });

  it("returns the same case to a retried submission with the same Idempotency-Key, and refuses the key for another body", async () => {
    const input = { kind: "access", description: "What is held about D02?", areaCode: "D02" };
    const first = await submitObjection({ input, idempotencyKey: "retry-1", clientIp: ip() });
    const again = await submitObjection({ input, idempotencyKey: "retry-1", clientIp: ip() });
    expect(again).toEqual({ ...first, replayed: true });
    await expect(submitObjection({ input: { ...input, areaCode: "D03" }, idempotencyKey: "retry-1", clientIp: ip() })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^Idempotency-Key: /) });
    await expect(submitObjection({ input, idempotencyKey: "bad key with spaces", clientIp: ip() })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("makes exactly one case of 20 concurrent submissions with one key, all answered alike", async () => {
    const before = await countRows("objection_cases");
    const input = { kind: "objection", description: "Do not use D01 data.", areaCode: "D01" };
    const clientIp = ip();
    const results = await Promise.all(Array.from({ length: 20 }, () => submitObjection({ input, idempotencyKey: "concurrent-key-20", clientIp })));
    expect(await countRows("objection_cases")).toBe(before + 1);
    expect(new Set(results.map((r) => r.trackingCode)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    // Replays do not count against the address: nine more new cases still go through.
    for (let i = 0; i < 9; i++) await submitObjection({ input: { ...input, description: `case ${i}` }, clientIp });
  });

  it("limits new cases per client address with 429 and Retry-After; other addresses are unaffected", async () => {
    const clientIp = ip();
    const input = { kind: "access", description: "What is held about D04?", areaCode: "D04" };
    for (let i = 0; i < 10; i++) await submitObjection({ input, clientIp });
    const before = await countRows("objection_cases");
    const refused = submitObjection({ input, clientIp });
    await expect(refused).rejects.toMatchObject({ code: "too_many_requests", retryAfterSeconds: expect.any(Number) });
    expect(await countRows("objection_cases")).toBe(before);
    await expect(submitObjection({ input, clientIp: ip() })).resolves.toMatchObject({ replayed: false });
    // An hour later the address may file again.
    await expect(submitObjection({ input, clientIp, now: new Date(Date.now() + 61 * 60_000) })).resolves.toMatchObject({ replayed: false });
  });

  it("never writes the contact e-mail (nor its hash) to the ledger, and shows it only to the handling officer", async () => {
    const canary = `canary-${Date.now()}@example.org`;
    const filed = await submitObjection({ input: { kind: "exclusion", description: "Please erase this record.", incidentExternalId: incident.external_id, contactEmail: canary }, clientIp: ip() });
    const o1 = await actorOf("oversight1@demo.test");
    const o2 = await actorOf("oversight2@demo.test");
    const [queued] = (await listObjectionQueue(o1, { kind: "exclusion" })).filter((row) => row.trackingHint === filed.trackingCode.slice(-5));
    expect(queued).toBeDefined();
    expect((await getCaseForOfficer(o1, queued!.id)).contact).toEqual({ visible: false, onFile: true });
    await assignObjection(o1, queued!.id);
    expect((await getCaseForOfficer(o1, queued!.id)).contact).toEqual({ visible: true, email: canary });
    expect((await getCaseForOfficer(o2, queued!.id)).contact).toEqual({ visible: false, onFile: true });
    await requestInformation(o1, queued!.id, { question: "Which night was it?" });
    await answerInformationRequest({ code: filed.trackingCode }, { answer: "The third." });
    const ledger = rowsOf<{ entry: unknown; leaf_hash: string }>(await (await getDb()).execute(sql`select entry, leaf_hash from ledger_entries`));
    const text = JSON.stringify(ledger);
    expect(text).not.toContain(canary);
    expect(text).not.toContain(canary.split("@")[0]);
    expect(text).not.toContain(sha256Hex(canary));
    expect(JSON.stringify(await getCaseByCode(filed.trackingCode))).not.toContain(canary);
  });

  it("lists a signed-in citizen's own cases; another citizen sees none of them", async () => {
    const filed = await submitObjection({ input: { kind: "access", description: "Mine.", areaCode: "D01" }, clientIp: ip(), submitter: citizen });
    const mine = await listMyCases(citizen);
    expect(mine.map((c) => c.trackingHint)).toContain(filed.trackingCode.slice(-5));
    const own = mine.find((c) => c.trackingHint === filed.trackingCode.slice(-5))!;
    await expect(getMyCase(citizen, own.id)).resolves.toMatchObject({ kind: "access" });
    await createUserAsSystem({ email: "other-citizen@demo.test", displayName: "Other Citizen", role: "citizen", password: "another-long-password", areaCodes: [] });
    const other = await actorOf("other-citizen@demo.test");
    expect(await listMyCases(other)).toEqual([]);
    await expect(getMyCase(other, own.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(answerInformationRequest({ actor: other, caseId: own.id }, { answer: "x" })).rejects.toMatchObject({ code: "not_found" });
    for (const email of ["police@demo.test", "developer@demo.test", "admin@demo.test"]) {
      const actor = await actorOf(email);
      await expect(listMyCases(actor)).rejects.toMatchObject({ name: "PermissionDeniedError" });
      await expect(listObjectionQueue(actor)).rejects.toMatchObject({ name: "PermissionDeniedError" });
      await expect(getCaseForOfficer(actor, own.id)).rejects.toMatchObject({ name: "PermissionDeniedError" });
    }
    await expect(listObjectionQueue(citizen)).rejects.toMatchObject({ name: "PermissionDeniedError" });
  });

  it("answers a malformed code with 422 and an unknown one with 404", async () => {
    await expect(getCaseByCode("not-a-code")).rejects.toMatchObject({ code: "invalid_input" });
    // A well-formed code (valid check symbol) that was never issued.
    const unknown = generateTrackingCode(randomBytes(TRACKING_CODE_RANDOM_BYTES));
    await expect(getCaseByCode(unknown)).rejects.toMatchObject({ code: "not_found" });
  });
});
