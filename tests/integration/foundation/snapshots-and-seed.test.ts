import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { createSnapshot, verifySnapshot } from "@/db/queries/incidents";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "@/db/queries/seed";
import { areas, incidentRevisions, incidents, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { PermissionDeniedError } from "@/lib/auth/permissions";

const NOW = new Date("2026-11-28T12:00:00Z");

describe("the demo seed and data snapshots", () => {
  it("seeds a synthetic city and the demo accounts once", async () => {
    const db = await getDb();
    const result = await seedDemo(db, { seed: 7, now: NOW, city: { districts: 6, targetIncidents: 3_000 } });
    expect(result.seeded).toBe(true);
    expect(result.areas).toBe(6);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(incidents);
    expect(count?.n).toBe(result.incidents);
    const [last] = await db.select({ t: sql<Date>`max(${incidents.occurredAt})` }).from(incidents);
    expect(new Date(last!.t).getTime()).toBeLessThan(NOW.getTime());
    expect(await db.select().from(users)).toHaveLength(DEMO_ACCOUNTS.length);
    const police = await findLoginCandidate("police@demo.test");
    expect(await verifyPassword(police!.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect((await findLiveIdentity(police!.id))!.actor.areaIds).toHaveLength(4);
    expect((await seedDemo(db, { seed: 7, now: NOW })).seeded).toBe(false);
  });

  it("names the active data under a stable content hash that detects later edits", async () => {
    const db = await getDb();
    const oversight = (await findLiveIdentity((await findLoginCandidate("oversight1@demo.test"))!.id))!.actor;
    const citizen = (await findLiveIdentity((await findLoginCandidate("citizen@demo.test"))!.id))!.actor;
    await expect(createSnapshot(citizen)).rejects.toBeInstanceOf(PermissionDeniedError);
    // Snapshots are taken on recording time: what the database held at that moment.
    const taken = new Date();
    const first = await createSnapshot(oversight, taken);
    const [active] = await db.select({ n: sql<number>`count(*)::int` }).from(incidents);
    expect(first.incidentCount).toBe(active?.n);
    const again = await createSnapshot(oversight, taken);
    expect(again.id).toBe(first.id);
    expect(await verifySnapshot(first.id)).toBe(true);

    // An exclusion recorded as a new revision makes later snapshots differ, old ones stay valid.
    const [victim] = await db.select().from(incidents).limit(1);
    await db.transaction(async (tx) => {
      await tx.update(incidents).set({ status: "excluded", revision: 2 }).where(eq(incidents.id, victim!.id));
      await tx.insert(incidentRevisions).values({ ...victim!, id: undefined, incidentId: victim!.id, revision: 2, status: "excluded", reason: "test", actorId: null, recordedAt: new Date(taken.getTime() + 1000) });
    });
    expect(await verifySnapshot(first.id)).toBe(true);
    const later = await createSnapshot(oversight, new Date(taken.getTime() + 2000));
    expect(later.contentHash).not.toBe(first.contentHash);
    expect(later.incidentCount).toBe(first.incidentCount - 1);

    // A silent edit of history is caught.
    await db.delete(incidentRevisions).where(eq(incidentRevisions.incidentId, victim!.id));
    expect(await verifySnapshot(first.id)).toBe(false);
    expect((await db.select().from(areas)).length).toBe(6);
  });
});
