import { beforeAll, describe, expect, it } from "vitest";
import { listMyCases } from "@/db/queries/objections";
import { seedDemoObjections } from "@/db/queries/objections-demo";
import { listObjectionQueue } from "@/db/queries/objections-handling";
import { getVersionDataChanges } from "@/db/queries/objections-propagation";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { getDb, rowsOf } from "@/db";
import { sql } from "drizzle-orm";
import { actorOf, seedSmallCity } from "./support";

describe("the demo's objections", () => {
  const now = new Date();
  beforeAll(async () => {
    await seedSmallCity(now);
    await seedDemoModel(now);
  });

  it("fill the queue with cases in every state, one upheld correction reaching the demo model, and seed once", async () => {
    expect(await seedDemoObjections(now)).toBe(true);
    const o1 = await actorOf("oversight1@demo.test");
    const all = await listObjectionQueue(o1, { status: "all" }, now);
    expect(new Set(all.map((row) => row.status))).toEqual(new Set(["received", "in_review", "awaiting_information", "decided", "appealed"]));
    const open = await listObjectionQueue(o1, {}, now);
    expect(open.map((row) => row.clock)).toEqual(expect.arrayContaining(["overdue", "due_soon", "paused", "on_time"]));
    expect(open[0]?.clock).toBe("overdue");
    const citizen = await actorOf("citizen@demo.test");
    expect((await listMyCases(citizen, now)).map((c) => c.status).sort()).toEqual(["appealed", "decided"]);
    const [version] = rowsOf<{ id: string }>(await (await getDb()).execute(sql`select id from model_versions where state = 'approved'`));
    expect((await getVersionDataChanges(o1, version!.id)).changedRecords).toBe(1);
    const [annotated] = rowsOf<{ n: number }>(await (await getDb()).execute(sql`select count(*)::int as n from forecast_annotations`));
    expect(annotated?.n).toBeGreaterThan(0);
    expect(await seedDemoObjections(now)).toBe(false);
  });
});
