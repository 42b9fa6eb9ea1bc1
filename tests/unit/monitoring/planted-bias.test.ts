import { describe, expect, it } from "vitest";
import { auditPolicySchema, type AuditPeriod } from "@/lib/audit";
import { countsInWindow, createNaive, flagCells, seededRandom } from "@/lib/forecast";
import { measureMonitoring, noPatrolLogs } from "@/lib/monitoring";
import { generateCity } from "@/lib/simulate";
import { griddedCity } from "../audit/synthetic-city";

/**
 * A month of weekly naive forecasts served in the same city with and without recording bias (the
 * simulator's discoveryBias: police discover crime where they patrol, and patrol where crime was
 * recorded). Only the knob differs.
 */
function monitorCity(discoveryBias: number) {
  const city = griddedCity(generateCity({ seed: 5, districts: 6, targetIncidents: 6_000, days: 365, discoveryBias, segregation: 0 }));
  const cells = city.grid.nx * city.grid.ny;
  const fitted = createNaive().fit(city.all, city.grid, city.day0 + 300);
  const periods: AuditPeriod[] = [];
  for (let start = city.day0 + 330; start + 7 <= city.day0 + 365; start += 7) {
    const flagged = new Uint8Array(cells);
    for (const c of flagCells(city.grid, fitted.predict(city.all, start, 7).risk, 0.05)) flagged[c] = 1;
    const all = countsInWindow(city.all, cells, start, start + 7);
    const discovered = countsInWindow(city.discovered, cells, start, start + 7);
    periods.push({ flagged, discovered, reported: all.map((n, c) => n - discovered[c]!) });
  }
  return measureMonitoring({ periods, mask: city.grid.mask, residents: city.residents, reference: "group_a", displacement: noPatrolLogs(), policy: auditPolicySchema.parse({}), random: seededRandom(3), replicates: 300 });
}

describe("monitoring finds recording bias planted in the synthetic city", () => {
  const unbiased = monitorCity(0);
  const biased = monitorCity(0.9);
  const loop = (m: ReturnType<typeof monitorCity>) => m.metrics.find((x) => x.metric === "feedback_ratio")!;
  console.log(`feedback ratio: bias 0 ${loop(unbiased).status} (${loop(unbiased).reason}); bias 0.9 ${loop(biased).value?.toFixed(3)} [${loop(biased).interval?.lower.toFixed(3)}, ${loop(biased).interval?.upper.toFixed(3)}] ${loop(biased).status}`);

  it("breaches the feedback-loop threshold with discoveryBias 0.9, the interval wholly above it", () => {
    expect(loop(biased)).toMatchObject({ status: "breach", threshold: "≤ 1.5" });
    expect(loop(biased).interval!.lower).toBeGreaterThan(1.5);
    expect(biased.breached).toContain("feedback_ratio");
  });

  it("finds no loop to measure without it: nothing is discovered by police", () => {
    expect(loop(unbiased)).toMatchObject({ status: "not_measurable", reason: "no_discovered" });
    expect(unbiased.breached).not.toContain("feedback_ratio");
  });
});
