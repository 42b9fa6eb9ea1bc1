import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { appealDecision, answerInformationRequest, getCaseByCode, getObjectionStatistics, submitObjection } from "@/db/queries/objections";
import { assignObjection, decideObjection, extendObjection, getCaseForOfficer, listObjectionQueue, requestInformation } from "@/db/queries/objections-handling";
import { getObjectionPolicy, sweepObjections, updateObjectionPolicy } from "@/db/queries/objections-maintenance";
import { createUserAsSystem } from "@/db/queries/users";
import type { Actor } from "@/lib/auth/permissions";
import { actorOf, countRows, seedSmallCity } from "./support";

const DAY = 86_400_000;
const T0 = new Date("2026-01-31T15:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);
let n = 0;
const file = (input: Record<string, unknown>, now = T0) => submitObjection({ input, clientIp: `203.0.113.${++n}`, now });
const idOf = async (officer: Actor, code: string) => (await listObjectionQueue(officer, { status: "all" })).find((row) => row.trackingHint === code.slice(-5))!.id;

describe("handling a case from filing to the appeal", () => {
  let o1: Actor, o2: Actor, admin: Actor;
  beforeAll(async () => {
    await seedSmallCity(T0);
    [o1, o2, admin] = (await Promise.all(["oversight1@demo.test", "oversight2@demo.test", "admin@demo.test"].map(actorOf))) as [Actor, Actor, Actor];
  });

  it("assigns, asks, waits for the citizen, extends once, decides with reasons, and a second officer decides the appeal", async () => {
    const filed = await file({ kind: "objection", description: "Stop processing D02.", areaCode: "D02", contactEmail: "someone@example.org" });
    const id = await idOf(o1, filed.trackingCode);
    expect((await assignObjection(o1, id, o1.userId, at(1))).status).toBe("in_review");
    expect((await requestInformation(o1, id, { question: "Which streets do you mean?" }, at(2))).status).toBe("awaiting_information");
    const paused = await getCaseByCode(filed.trackingCode, at(5));
    expect(paused).toMatchObject({ status: "awaiting_information", canAnswer: true, clock: { state: "paused" } });
    expect(paused.requests).toEqual([expect.objectContaining({ question: "Which streets do you mean?", answer: null })]);
    // The citizen answers 12 days later: the due date (2 March) moves 12 days.
    const answered = await answerInformationRequest({ code: filed.trackingCode }, { answer: "Everything north of the park." }, at(14));
    expect(answered.dueAt.toISOString()).toBe("2026-03-14T23:59:59.999Z");
    expect(answered.requests[0]).toMatchObject({ answer: "Everything north of the park." });
    await expect(extendObjection(o2, id, { days: 10, reason: "Not mine." }, at(15))).rejects.toMatchObject({ code: "forbidden" });
    await expect(extendObjection(o1, id, { days: 61, reason: "Too long." }, at(15))).rejects.toMatchObject({ code: "invalid_input", message: "days: between 1 and 60 days" });
    await extendObjection(o1, id, { days: 20, reason: "The processing records are held by the city archive." }, at(15));
    await expect(extendObjection(o1, id, { days: 5, reason: "Again." }, at(16))).rejects.toMatchObject({ code: "conflict" });
    const extended = await getCaseByCode(filed.trackingCode, at(16));
    expect(extended.dueAt.toISOString()).toBe("2026-04-03T23:59:59.999Z");
    expect(extended.extension?.reason).toBe("The processing records are held by the city archive.");

    await expect(decideObjection(o1, id, { outcome: "upheld", reasons: "x", action: { type: "exclude", erase: false } }, at(20))).rejects.toMatchObject({ code: "invalid_input", message: "action: only rectification and exclusion cases change incident data" });
    const decided = await decideObjection(o1, id, { outcome: "partially_upheld", reasons: "Area D02's data is no longer used for model training after March." }, at(20));
    expect(decided).toMatchObject({ status: "decided", change: null });
    const status = await getCaseByCode(filed.trackingCode, at(21));
    expect(status).toMatchObject({ status: "decided", canAppeal: true, decision: { outcome: "partially_upheld", reasons: "Area D02's data is no longer used for model training after March.", onTime: true } });

    await appealDecision({ code: filed.trackingCode }, { reason: "Training is not the only use." }, at(22));
    await expect(appealDecision({ code: filed.trackingCode }, { reason: "Again." }, at(23))).rejects.toMatchObject({ code: "conflict" });
    await expect(decideObjection(o1, id, { outcome: "upheld", reasons: "I agree with myself." }, at(24))).rejects.toMatchObject({ code: "forbidden" });
    await expect(assignObjection(o2, id, o1.userId, at(24))).rejects.toMatchObject({ code: "conflict" });
    // The database holds the same rule against direct writes.
    await expect((await getDb()).execute(sql`update objection_cases set appeal_outcome = 'upheld', appeal_reasons = 'x', appeal_decided_by = decided_by, appeal_decided_at = now() where id = ${id}`)).rejects.toThrow();
    await assignObjection(o2, id, o2.userId, at(24));
    expect((await getCaseForOfficer(o2, id)).contact).toEqual({ visible: true, email: "someone@example.org" });
    await decideObjection(o2, id, { outcome: "upheld", reasons: "All processing of D02 data stops." }, at(25));
    const final = await getCaseByCode(filed.trackingCode, at(26));
    expect(final).toMatchObject({ status: "appeal_decided", closed: true, canAppeal: false, appeal: { reason: "Training is not the only use.", decision: { outcome: "upheld", reasons: "All processing of D02 data stops." } } });
    // A decision stands as given.
    await expect((await getDb()).execute(sql`update objection_cases set reasons = 'rewritten' where id = ${id}`)).rejects.toThrow();
    await expect((await getDb()).execute(sql`delete from objection_events where case_id = ${id}`)).rejects.toThrow();
    const view = await getCaseForOfficer(o1, id);
    expect(view.events.map((e) => e.type)).toEqual(["filed", "assign", "request_information", "answer_information", "extend", "decide", "appeal", "assign", "decide_appeal"]);
  });

  it("deletes a closed case's contact e-mail after the retention period, as an event on the case", async () => {
    const filed = await file({ kind: "access", description: "What do you hold on D01?", areaCode: "D01", contactEmail: "keep-me-briefly@example.org" });
    const id = await idOf(o1, filed.trackingCode);
    await decideObjection(o1, id, { outcome: "upheld", reasons: "Sent the list of data held." }, at(3));
    // Closes when the appeal window (30 days) ends, 5 March; 30 days' retention after that.
    expect((await sweepObjections(30, at(40))).contactsDeleted).toBe(0);
    expect((await getCaseForOfficer(o1, id)).contact).toEqual({ visible: true, email: "keep-me-briefly@example.org" });
    const swept = await sweepObjections(30, at(65));
    expect(swept.contactsDeleted).toBeGreaterThanOrEqual(1);
    expect((await getCaseForOfficer(o1, id)).contact).toEqual({ visible: true, email: null });
    expect((await getCaseForOfficer(o1, id)).events.at(-1)).toMatchObject({ type: "contact_deleted", actorKind: "system" });
    const [left] = rowsOf<{ n: number }>(await (await getDb()).execute(sql`select count(*)::int as n from objection_contacts where email = 'keep-me-briefly@example.org'`));
    expect(left?.n).toBe(0);
  });

  it("keeps an open case's contact whatever its age, and drops expired idempotency keys", async () => {
    const filed = await submitObjection({ input: { kind: "access", description: "Old but open.", areaCode: "D03", contactEmail: "still-open@example.org" }, idempotencyKey: "sweep-key", clientIp: "203.0.113.250", now: T0 });
    const before = await countRows("objection_idempotency");
    await sweepObjections(0, at(400));
    expect((await getCaseForOfficer(o1, await idOf(o1, filed.trackingCode))).contact).toEqual({ visible: false, onFile: true });
    expect(await countRows("objection_idempotency")).toBeLessThan(before);
  });

  it("shows officers only the cases of their jurisdiction", async () => {
    await createUserAsSystem({ email: "oversight-d01@demo.test", displayName: "Only D01", role: "oversight_officer", password: "a-long-enough-password", areaCodes: ["D01"] });
    const d01 = await actorOf("oversight-d01@demo.test");
    const elsewhere = await file({ kind: "objection", description: "D04 data.", areaCode: "D04" });
    const id = await idOf(o1, elsewhere.trackingCode);
    expect((await listObjectionQueue(d01, { status: "all" })).map((row) => row.areaCode).every((code) => code === "D01" || code === null)).toBe(true);
    await expect(getCaseForOfficer(d01, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(assignObjection(d01, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(assignObjection(o1, id, d01.userId)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^officerId: /) });
  });

  it("sorts the queue by due date and marks overdue and due-soon cases", async () => {
    await file({ kind: "access", description: "Late one.", areaCode: "D01" }, at(-40));
    await file({ kind: "access", description: "Soon one.", areaCode: "D01" }, at(-25));
    const queue = await listObjectionQueue(o1, {}, T0);
    expect(queue.map((row) => row.dueAt.getTime())).toEqual([...queue.map((row) => row.dueAt.getTime())].sort((a, b) => a - b));
    expect(queue[0]).toMatchObject({ clock: "overdue" });
    expect((await listObjectionQueue(o1, { clock: "due_soon" }, T0)).length).toBeGreaterThanOrEqual(1);
    expect((await listObjectionQueue(o1, { clock: "overdue" }, T0)).every((row) => row.clock === "overdue")).toBe(true);
    expect((await listObjectionQueue(o1, { kind: "objection" }, T0)).every((row) => row.kind === "objection")).toBe(true);
    expect((await listObjectionQueue(o1, { assigned: "unassigned" }, T0)).every((row) => row.assignee === null)).toBe(true);
  });

  it("takes a jurisdiction's own deadline policy, set by an administrator on the ledger", async () => {
    await expect(updateObjectionPolicy(o1, {})).rejects.toMatchObject({ name: "PermissionDeniedError" });
    const policy = await getObjectionPolicy(await getDb());
    await expect(updateObjectionPolicy(admin, { ...policy, byArea: { D03: { responseDays: 0 } } })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^byArea\.D03\.responseDays: /) });
    await updateObjectionPolicy(admin, { ...policy, byArea: { D03: { responseDays: 20, timeZone: "America/Chicago" } } });
    const d03 = await file({ kind: "objection", description: "D03 data.", areaCode: "D03" });
    expect(d03.dueAt).toBe("2026-02-21T05:59:59.999Z"); // end of 20 February in Chicago
    const d01 = await file({ kind: "objection", description: "D01 data.", areaCode: "D01" });
    expect(d01.dueAt).toBe("2026-03-02T23:59:59.999Z");
  });

  it("publishes statistics by month: kinds, outcomes, median days to decision, share on time", async () => {
    const stats = await getObjectionStatistics();
    expect(stats.totals.received).toBe(await countRows("objection_cases"));
    expect(stats.totals.decided).toBeGreaterThanOrEqual(2);
    expect(stats.totals.withinDeadlineShare).toBe(1);
    expect(stats.months.find((m) => m.month === "2026-01")?.receivedByKind.objection).toBeGreaterThanOrEqual(1);
  });
});
