import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findLiveIdentity } from "@/db/queries/identity";
import { listLedgerEntries } from "@/db/queries/ledger";
import { applyVersionEvent, expireDueVersions, getVersion, listDecisionQueue, listVersions, registerModel, registerVersion } from "@/db/queries/models";
import { seedDemo } from "@/db/queries/seed";
import { createUserAsSystem } from "@/db/queries/users";
import { modelVersions, versionApprovals } from "@/db/schema";
import { PermissionDeniedError, type Actor, type Role } from "@/lib/auth/permissions";

const NOW = new Date();
const DAY = 86_400_000;
let dev: Actor, o1: Actor, o2: Actor, devOfficer: Actor, police: Actor;

async function person(email: string, role: Role): Promise<Actor> {
  const user = await createUserAsSystem({ email, displayName: email, role, password: "long enough pass", areaCodes: role === "police_staff" || role === "oversight_officer" ? ["D01"] : [] });
  return (await findLiveIdentity(user.id))!.actor;
}

const definition = {
  algorithm: "naive",
  parameters: {},
  categories: ["burglary", "theft"],
  trainingWindow: { from: "2024-01-01", to: "2025-12-31" },
  cellSizeM: 150,
  areaCodes: ["D01", "D02"],
  engineVersion: "0.1.0",
};
const modelCard = {
  intendedUse: "Weekly burglary hotspot advice for patrol planning in D01 and D02.",
  outOfScopeUses: "Any individual-level prediction; use as evidence against a person.",
  dataSources: "Recorded incidents (reported and discovered).",
  knownBiases: "Discovered incidents follow patrol presence.",
  limitations: "Stationary model; ignores events.",
  humanOversight: "Advisory only; the officer decides.",
  contact: "models@example.test",
};
const approval = (reason = "audit passed") => ({ type: "approve" as const, areaCodes: ["D01"], categories: ["burglary"], reason });

async function auditedVersion(): Promise<string> {
  const model = await registerModel(dev, { name: `Hotspots ${Math.random().toString(36).slice(2, 8)}`, purpose: "Weekly burglary hotspots" });
  const version = await registerVersion(dev, model.id, { definition, modelCard });
  await applyVersionEvent(dev, version.id, { type: "submit" });
  await applyVersionEvent(null, version.id, { type: "record_audit", verdict: "pass" });
  return version.id;
}

describe("the model registry and its approvals", () => {
  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 3, now: NOW, city: { districts: 4, targetIncidents: 500 } });
    dev = await person("dev@example.test", "model_developer");
    o1 = await person("o1@example.test", "oversight_officer");
    o2 = await person("o2@example.test", "oversight_officer");
    police = await person("p@example.test", "police_staff");
    // The registrant holding an oversight role too (say, after a role change) still may not approve.
    devOfficer = { ...dev, role: "oversight_officer" };
  });

  it("validates the definition and the model card, naming the field", async () => {
    const model = await registerModel(dev, { name: "Validation", purpose: "p" });
    await expect(registerVersion(dev, model.id, { definition: { ...definition, algorithm: "crystal_ball" }, modelCard })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^definition\.algorithm/) });
    await expect(registerVersion(dev, model.id, { definition, modelCard: { ...modelCard, outOfScopeUses: "none" } })).rejects.toMatchObject({ message: expect.stringMatching(/individual-level/) });
    // The shared parseOrThrow: "prefix.path: message", every issue in the details, NUL refused by path.
    await expect(registerModel(dev, { name: "", purpose: "p" })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^model\.name: /), details: [expect.objectContaining({ path: ["name"] })] });
    await expect(registerModel(dev, { name: "x", purpose: "p", extra: 1 })).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^model: /) });
    await expect(registerVersion(dev, model.id, { definition, modelCard: { ...modelCard, contact: "a\u0000b" } })).rejects.toMatchObject({ code: "invalid_input", message: "modelCard.contact: must not contain NUL characters" });
    await expect(registerModel(police, { name: "x", purpose: "y" })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(registerVersion({ ...dev, role: "oversight_officer" }, model.id, { definition, modelCard })).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("hashes a definition by its fingerprint: listing areas or categories in another order is the same definition", async () => {
    const model = await registerModel(dev, { name: "Fingerprint", purpose: "p" });
    const sorted = await registerVersion(dev, model.id, { definition, modelCard });
    const reordered = await registerVersion(dev, model.id, { definition: { ...definition, areaCodes: ["D02", "D01"], categories: ["theft", "burglary"] }, modelCard });
    const changed = await registerVersion(dev, model.id, { definition: { ...definition, cellSizeM: 200 }, modelCard });
    expect(reordered.definitionHash).toBe(sorted.definitionHash);
    expect(changed.definitionHash).not.toBe(sorted.definitionHash);
    // A definition written in sorted order hashes as it did before fingerprints: stored hashes stay valid.
    const { canonicalJson, sha256Hex } = await import("@/lib/ledger");
    expect(sorted.definitionHash).toBe(sha256Hex(canonicalJson({ definition, modelCard })));
    const db = await getDb();
    const [stored] = await db.select({ definition: modelVersions.definition }).from(modelVersions).where(eq(modelVersions.id, reordered.id));
    expect(stored?.definition).toMatchObject({ areaCodes: ["D02", "D01"] });
  });

  it("approves only with two different officers, neither the registrant, with every step on the ledger", async () => {
    const id = await auditedVersion();
    await expect(applyVersionEvent(dev, id, approval())).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(applyVersionEvent(devOfficer, id, approval())).rejects.toMatchObject({ code: "forbidden" });
    expect((await applyVersionEvent(o1, id, approval())).state).toBe("audited");
    await expect(applyVersionEvent(o1, id, approval("again"))).rejects.toMatchObject({ code: "conflict" });
    expect((await applyVersionEvent(o2, id, approval())).state).toBe("approved");
    const kinds = (await listLedgerEntries({ subject: id })).map((e) => e.kind);
    expect(kinds).toEqual(["version.approved", "version.approved", "audit.completed", "version.submitted", "model.registered"]);
    const db = await getDb();
    const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, id));
    expect(row).toMatchObject({ state: "approved", approvedAreaCodes: ["D01"], approvedCategories: ["burglary"] });
  });

  it("queues submitted and audited versions for officers, oldest first, with each officer's own approvals", async () => {
    const model = await registerModel(dev, { name: "Queued", purpose: "p" });
    const submitted = await registerVersion(dev, model.id, { definition, modelCard });
    await applyVersionEvent(dev, submitted.id, { type: "submit" });
    const audited = await auditedVersion();
    await applyVersionEvent(o1, audited, approval());
    const queue = await listDecisionQueue(o1);
    const entry = (id: string) => queue.find((q) => q.id === id);
    expect(entry(submitted.id)).toMatchObject({ state: "submitted", approvals: 0, approvedByYou: false, registeredByYou: false });
    expect(entry(audited)).toMatchObject({ state: "audited", auditVerdict: "pass", approvals: 1, approvedByYou: true });
    expect((await listDecisionQueue(o2)).find((q) => q.id === audited)).toMatchObject({ approvals: 1, approvedByYou: false });
    expect(queue.map((q) => q.since.getTime())).toEqual([...queue.map((q) => q.since.getTime())].sort((a, b) => a - b));
    expect(queue.every((q) => q.state === "submitted" || q.state === "audited")).toBe(true);
    await applyVersionEvent(o2, audited, approval());
    expect((await listDecisionQueue(o1)).some((q) => q.id === audited)).toBe(false);
    await expect(listDecisionQueue(dev)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(listDecisionQueue(police)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("holds separation of duties and immutability against direct SQL", async () => {
    const id = await auditedVersion();
    const db = await getDb();
    const refused = async (statement: Promise<unknown>) => {
      try {
        await statement;
        return "accepted";
      } catch (error) {
        return String((error as { cause?: Error }).cause?.message ?? error);
      }
    };
    const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, id));
    expect(await refused(db.insert(versionApprovals).values({ versionId: id, registrantId: row!.registrantId, approverId: row!.registrantId, areaCodes: ["D01"], categories: ["burglary"], validUntil: new Date(Date.now() + DAY), reason: "self" }))).toMatch(/version_approvals_not_registrant/);
    expect(await refused(db.insert(versionApprovals).values({ versionId: id, registrantId: o1.userId, approverId: o2.userId, areaCodes: ["D01"], categories: ["burglary"], validUntil: new Date(Date.now() + DAY), reason: "lie about the registrant" }))).toMatch(/version_approvals_version_registrant_fk/);
    expect(await refused(db.execute(sql`update model_versions set definition = '{}'::jsonb where id = ${id}`))).toMatch(/can no longer be changed/);
    // Flipping the state by hand needs the two approvals too, and approvals cannot be taken back.
    const flip = () => db.execute(sql`update model_versions set state = 'approved', valid_until = now() + interval '30 days' where id = ${id}`);
    expect(await refused(flip())).toMatch(/needs approvals by two different officers/);
    await applyVersionEvent(o1, id, approval());
    expect(await refused(flip())).toMatch(/needs approvals by two different officers/);
    expect(await refused(db.execute(sql`update version_approvals set approver_id = ${o2.userId} where version_id = ${id}`))).toMatch(/approvals are a record/);
    expect(await refused(db.execute(sql`delete from version_approvals where version_id = ${id}`))).toMatch(/approvals are a record/);
    await applyVersionEvent(o2, id, approval());
    expect((await getVersion(o1, id)).state).toBe("approved");
  });

  it("lets concurrent approvals by two officers change the state exactly once", async () => {
    const id = await auditedVersion();
    await applyVersionEvent(o1, id, approval());
    const o3 = await person(`o3-${Math.random()}@example.test`, "oversight_officer");
    const outcomes = await Promise.allSettled([applyVersionEvent(o2, id, approval()), applyVersionEvent(o3, id, approval())]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const db = await getDb();
    expect(await db.select().from(versionApprovals).where(eq(versionApprovals.versionId, id))).toHaveLength(2);
  });

  it("lets 20 simultaneous approvals make at most the allowed transitions: two approvals, one move to approved", async () => {
    const officers = await Promise.all(Array.from({ length: 20 }, (_, i) => person(`crowd-${i}-${Math.random().toString(36).slice(2, 6)}@example.test`, "oversight_officer")));
    const id = await auditedVersion();
    const outcomes = await Promise.allSettled(officers.map((officer) => applyVersionEvent(officer, id, approval("simultaneous review"))));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(2);
    for (const refused of outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected")) expect(refused.reason).toMatchObject({ code: "conflict" });
    const db = await getDb();
    expect(await db.select().from(versionApprovals).where(eq(versionApprovals.versionId, id))).toHaveLength(2);
    const { state, transitions } = await getVersion(o1, id);
    expect(state).toBe("approved");
    expect(transitions.map((t) => t.to)).toEqual(["submitted", "audited", "audited", "approved"]);
    expect((await listLedgerEntries({ subject: id, limit: 50 })).filter((e) => e.kind === "version.approved")).toHaveLength(2);

    // One officer clicking twenty times counts once; twenty suspensions suspend once.
    const again = await auditedVersion();
    const same = await Promise.allSettled(Array.from({ length: 20 }, () => applyVersionEvent(officers[0]!, again, approval("double click"))));
    expect(same.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await db.select().from(versionApprovals).where(eq(versionApprovals.versionId, again))).toHaveLength(1);
    const suspensions = await Promise.allSettled(officers.map((officer) => applyVersionEvent(officer, id, { type: "suspend", reason: "harm reported in D01" })));
    expect(suspensions.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((await getVersion(o1, id)).transitions.filter((t) => t.to === "suspended")).toHaveLength(1);
  });

  it("suspends at once, hides drafts from others, and expires at valid-until", async () => {
    const id = await auditedVersion();
    await applyVersionEvent(o1, id, { ...approval(), validUntil: new Date(Date.now() + 5 * DAY) });
    await applyVersionEvent(o2, id, approval());
    expect((await listVersions(o1)).find((v) => v.id === id)?.state).toBe("approved");
    expect((await listVersions(o1, new Date(Date.now() + 6 * DAY))).find((v) => v.id === id)?.state).toBe("expired");
    // Expired from the instant of valid-until, not a millisecond later.
    const { validUntil } = await getVersion(o1, id);
    expect((await listVersions(o1, new Date(validUntil!.getTime() - 1))).find((v) => v.id === id)?.state).toBe("approved");
    expect((await getVersion(o1, id, validUntil!)).state).toBe("expired");
    expect(await expireDueVersions(new Date(Date.now() + 6 * DAY))).toBeGreaterThanOrEqual(1);

    const other = await auditedVersion();
    await applyVersionEvent(o1, other, approval());
    await applyVersionEvent(o2, other, approval());
    expect((await applyVersionEvent(o1, other, { type: "suspend", reason: "harm reported in D01" })).state).toBe("suspended");

    const model = await registerModel(dev, { name: "Draft only", purpose: "p" });
    const draft = await registerVersion(dev, model.id, { definition, modelCard });
    expect((await listVersions(o1)).some((v) => v.id === draft.id)).toBe(false);
    expect((await listVersions(dev)).some((v) => v.id === draft.id)).toBe(true);
    await expect(listVersions(police)).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("the audit policy", () => {
  it("is versioned by admins only, each change on the ledger, and defaults before the first edit", async () => {
    const { currentPolicy, updatePolicy } = await import("@/db/queries/audits");
    const db = await getDb();
    expect((await currentPolicy(db)).policy.disparityBand).toEqual([0.8, 1.25]);
    const admin = await person(`admin-${Math.random()}@example.test`, "admin");
    await expect(updatePolicy(o1, { minPai: 4 })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(updatePolicy(admin, { disparityBand: [1.1, 2] })).rejects.toMatchObject({ code: "invalid_input" });
    const stored = await updatePolicy(admin, { minPai: 4, marginOverNaive: 0.05 });
    expect((await currentPolicy(db))).toMatchObject({ id: stored.id, policy: { minPai: 4, marginOverNaive: 0.05 } });
    expect((await listLedgerEntries({ kind: "policy.changed" }))[0]?.actor).toBe(admin.pseudonym);
  });
});
