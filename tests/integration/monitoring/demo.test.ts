import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { seedDemoPatrolsAndMonitoring } from "@/db/queries/monitoring-demo";
import { listMonitoring } from "@/db/queries/monitoring-read";
import { getPublicRegionalView } from "@/db/queries/regional";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { actorOf, describeRun } from "./support";

const NOW = new Date();

describe("the demo start shows dosage and monitoring from the first day", () => {
  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 11, now: NOW, city: { districts: 6, targetIncidents: 6_000 } });
    expect(await seedDemoModel(NOW)).toBe(true);
  }, 400_000);

  it("logs a few patrols on the past weeks' forecasts after the officer viewed them, then monitors their months, once", async () => {
    expect(await seedDemoPatrolsAndMonitoring(NOW)).toBe(true);
    const kinds = rowsOf<{ kind: string; n: number }>(await (await getDb()).execute(sql`select kind, count(*)::int as n from patrol_actions group by kind order by kind`));
    expect(kinds).toEqual([{ kind: "not_acted", n: 2 }, { kind: "patrol_assigned", n: 10 }]);
    const [version] = await listMonitoring(await actorOf("oversight1@demo.test"));
    expect(version!.runs.length).toBeGreaterThanOrEqual(1);
    for (const run of version!.runs) {
      console.log(describeRun(run));
      expect(run.status).toBe("completed");
      expect(run.metrics).toHaveLength(5);
    }
    const regional = await getPublicRegionalView({}, NOW);
    expect(regional.districts.reduce((sum, d) => sum + d.dosageMinutes, 0)).toBeGreaterThan(0);
    expect(await seedDemoPatrolsAndMonitoring(NOW)).toBe(false);
  });
});
