import { describe, expect, it } from "vitest";
import { buildBiasReport, feedbackLoop, type AuditPeriod, type BiasReport } from "@/lib/audit";
import { countsInWindow, createNaive, flagCells, seededRandom, type Grid } from "@/lib/forecast";
import { generateCity, type SyntheticCity } from "@/lib/simulate";
import { griddedCity } from "./synthetic-city";

const COVERAGE = 0.05;
const HORIZON = 7;

interface CityAudit {
  grid: Grid;
  periods: AuditPeriod[];
  report: BiasReport;
  /** Residents-weighted mean patrol presence per group (truth: 1 = city mean per cell). */
  patrolByGroup: Record<string, number>;
}

/**
 * The audit as it would run on real data: grid the city's areas, forecast each week of the
 * second half-year with naive counts of all recorded incidents (reported + discovered; or reported
 * only, the correction the issue compares with), flag the top 5 % of valid cells, and count what
 * was reported and discovered in the flagged week.
 */
function auditCity(city: SyntheticCity, reference: string, options: { flags?: (grid: Grid, week: number) => Uint8Array; reportedOnly?: boolean } = {}): CityAudit {
  const { flags } = options;
  const { grid, residents, all, reported, discovered, day0 } = griddedCity(city);
  const cells = grid.nx * grid.ny;
  const train = options.reportedOnly ? reported : all;
  const naive = createNaive().fit(train, grid, day0 + 182);
  const periods: AuditPeriod[] = [];
  const risks: Float64Array[] = [];
  for (let week = 0, start = day0 + 182; start + HORIZON <= day0 + city.truth.days; week++, start += HORIZON) {
    const risk = naive.predict(train, start, HORIZON).risk;
    const flagged = flags ? flags(grid, week) : new Uint8Array(cells);
    if (!flags) for (const c of flagCells(grid, risk, COVERAGE)) flagged[c] = 1;
    risks.push(risk);
    periods.push({ flagged, reported: countsInWindow(reported, cells, start, start + HORIZON), discovered: countsInWindow(discovered, cells, start, start + HORIZON) });
  }
  const { truth } = city;
  const patrolByGroup = Object.fromEntries(
    Object.entries(residents).map(([group, people]) => {
      let weighted = 0;
      let total = 0;
      for (const c of grid.validCells) {
        const col = Math.floor((grid.originX + ((c % grid.nx) + 0.5) * grid.cellSize - truth.originX) / truth.cellSizeM);
        const row = Math.floor((grid.originY + (Math.floor(c / grid.nx) + 0.5) * grid.cellSize - truth.originY) / truth.cellSizeM);
        weighted += people[c]! * (truth.patrolPresence[row * truth.cols + col] ?? 0);
        total += people[c]!;
      }
      return [group, weighted / total];
    }),
  );
  const report = buildBiasReport({ periods, residents, reference, random: seededRandom(5), replicates: 200, risks, k: Math.floor(COVERAGE * grid.validCells.length), cells: grid.validCells });
  return { grid, periods, report, patrolByGroup };
}

const f = (i: { estimate: number; lower: number; upper: number }) => `${i.estimate.toFixed(3)} [${i.lower.toFixed(3)}, ${i.upper.toFixed(3)}]`;

/** Both bias settings of one seed: demographics do not depend on discoveryBias, so the cities share their residents. */
function pair(seed: number) {
  const settings = { seed, districts: 6, targetIncidents: 6000, days: 365 };
  const cities = { 0: generateCity({ ...settings, discoveryBias: 0 }), 0.9: generateCity({ ...settings, discoveryBias: 0.9 }) };
  // The reference is the group patrols reach least per resident, the over-policed group the one they reach most.
  const byPatrol = Object.entries(auditCity(cities[0.9], "group_a").patrolByGroup).sort((a, b) => a[1] - b[1]);
  const reference = byPatrol[0]![0];
  const overPoliced = byPatrol.at(-1)![0];
  const audits = { 0: auditCity(cities[0], reference), 0.9: auditCity(cities[0.9], reference) };
  return { seed, cities, byPatrol, reference, overPoliced, audits };
}

describe("audits recover what was planted in the synthetic city", () => {
  const pairs = [pair(11), pair(3)];

  it("finds the over-policed group's exposure disparity rising with discoveryBias, beyond what reported crime alone flags", () => {
    for (const { seed, cities, byPatrol, reference, overPoliced, audits } of pairs) {
      const disparity = (audit: CityAudit) => audit.report.bias.find((g) => g.group === overPoliced)!.disparity;
      // Same city, same periods, a model trained on reported incidents only: what the flags would be without discovery.
      const excess = ([0, 0.9] as const).map((bias) => disparity(audits[bias]).estimate - disparity(auditCity(cities[bias], reference, { reportedOnly: true })).estimate);
      console.log(
        `seed ${seed}: patrol per resident ${byPatrol.map(([g, p]) => `${g} ${p.toFixed(3)}`).join(", ")}; ${overPoliced}/${reference} disparity ` +
          `bias 0: ${f(disparity(audits[0]))}, bias 0.9: ${f(disparity(audits[0.9]))}; excess over the reported-only model: bias 0 ${excess[0]!.toFixed(3)}, bias 0.9 ${excess[1]!.toFixed(3)}`,
      );
      expect(excess[0]).toBe(0);
      expect(excess[1]).toBeGreaterThan(0.1);
    }
    // Across two cities the crime itself differs too; the raw disparity rises for seed 3, within noise for seed 11.
    const [, three] = pairs;
    const raw = (bias: 0 | 0.9) => three!.audits[bias].report.bias.find((g) => g.group === three!.overPoliced)!.disparity;
    expect(raw(0.9).lower).toBeGreaterThan(raw(0).upper);
  });

  it("detects the feedback loop at high discoveryBias, and none without discovery or with flags blind to patrols", () => {
    const { cities, reference, audits } = pairs[0]!;
    const blind = auditCity(cities[0.9], reference, {
      flags: (grid, week) => {
        const random = seededRandom(100 + week);
        const flagged = new Uint8Array(grid.nx * grid.ny);
        for (const c of grid.validCells) if (random() < COVERAGE) flagged[c] = 1;
        return flagged;
      },
    });
    const loops = { high: audits[0.9].report.feedback, none: audits[0].report.feedback, blind: feedbackLoop(blind.periods, seededRandom(3), 200) };
    console.log(Object.entries(loops).map(([name, loop]) => `feedback ${name}: ${loop.status === "measured" ? f(loop.ratio) : loop.reason}; inside ${JSON.stringify(loop.inside)} outside ${JSON.stringify(loop.outside)}`).join("\n"));
    expect(loops.high.status === "measured" && loops.high.ratio.lower).toBeGreaterThan(1);
    expect(loops.none).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/no incident was recorded as discovered/) });
    if (loops.blind.status !== "measured") throw new Error(loops.blind.reason);
    expect(loops.blind.ratio.lower).toBeLessThanOrEqual(1);
    expect(loops.blind.ratio.upper).toBeGreaterThanOrEqual(1);
  });
  // Displacement planted by the simulator: planted-displacement.test.ts.
});
