import { describe, expect, it } from "vitest";
import { auditPolicySchema, deploymentFromPatrols, runAudit, type AuditReport } from "@/lib/audit";
import { cellCentre, createNaive, flagCells, seededRandom, type Grid } from "@/lib/forecast";
import { transverseMercator } from "@/lib/geo/projection";
import { generateCity, type CityOptions, type Deployment } from "@/lib/simulate";
import { griddedCity } from "./synthetic-city";

const CITY: CityOptions = { seed: 21, districts: 6, targetIncidents: 20_000, days: 365, discoveryBias: 0.5 };
const COVERAGE = 0.05;
/** Flags come from the first 125 days; patrols start on day 245; WDQ compares 120 days on each side. */
const FLAGGED_ON = 125;
const DEPLOYED_ON = 245;
const WINDOW = 120;
const BUFFER_M = 300;

/**
 * The 5 % of cells a naive forecast flags from the first days of the city. The flags come from
 * data before the "before" window, so the targets' before and after counts are both out of
 * sample: no regression to the mean pretends to be a deployment effect.
 */
function flaggedCells(): { grid: Grid; targets: Int32Array; lonLat: { lon: number; lat: number }[] } {
  const city = griddedCity(generateCity(CITY));
  const start = city.day0 + FLAGGED_ON;
  const risk = createNaive().fit(city.all, city.grid, start).predict(city.all, start, 7).risk;
  const targets = flagCells(city.grid, risk, COVERAGE);
  const tm = transverseMercator(generateCity(CITY).centralMeridian);
  const lonLat = Array.from(targets, (cell) => {
    const [lon, lat] = tm.inverse(...cellCentre(city.grid, cell));
    return { lon, lat };
  });
  return { grid: city.grid, targets, lonLat };
}

/** The full audit of the city with patrols planted at the flagged cells: its displacement section. */
function audit(deployment: Deployment | null, targets: Int32Array): { report: AuditReport; prevented: number; displaced: number } {
  const generated = generateCity({ ...CITY, deployment });
  const city = griddedCity(generated);
  const start = city.day0 + DEPLOYED_ON;
  const report = runAudit({
    model: createNaive(),
    naive: createNaive(),
    grid: city.grid,
    events: city.all,
    discovered: city.discovered,
    residents: city.residents,
    reference: "group_a",
    fitCutoff: start,
    starts: [start, start + 7],
    horizonDays: 7,
    coverage: COVERAGE,
    policy: auditPolicySchema.parse({}),
    deployment: { targets, start, windowDays: WINDOW, bufferM: BUFFER_M },
    random: seededRandom(1),
  });
  return { report, prevented: generated.truth.deployment?.prevented ?? 0, displaced: generated.truth.deployment?.displaced ?? 0 };
}

describe("the audit's displacement quotient against displacement planted by the simulator", () => {
  const { grid, targets, lonLat } = flaggedCells();
  const patrols = (displacement: number): Deployment => ({ fromDay: DEPLOYED_ON, targets: lonLat, targetSideM: grid.cellSize, deterrence: 0.5, displacement, bufferM: BUFFER_M });
  const runs = {
    displaced: audit(patrols(0.8), targets),
    deterredOnly: audit(patrols(0), targets),
    noPatrols: audit(null, targets),
  };
  const wdq = (name: keyof typeof runs) => {
    const d = runs[name].report.displacement;
    return d.status === "measured" ? d.wdq : Number.NaN;
  };
  console.log(
    Object.entries(runs)
      .map(([name, run]) => `${name}: ${run.prevented} prevented, ${run.displaced} displaced; ${run.report.displacement.status === "measured" ? `WDQ ${run.report.displacement.wdq.toFixed(3)}` : run.report.displacement.reason} ${JSON.stringify(run.report.displacement.design)}`)
      .join("\n"),
  );

  it("finds WDQ < 0 when patrols push crime from the flagged cells into the ring around them", () => {
    expect(runs.displaced.displaced).toBeGreaterThan(100);
    expect(wdq("displaced")).toBeLessThan(-0.3);
  });

  it("finds WDQ ≈ 0 when patrols only deter, and nothing to measure when no patrols came", () => {
    expect(runs.deterredOnly.prevented).toBeGreaterThan(100);
    expect(runs.deterredOnly.displaced).toBe(0);
    expect(Math.abs(wdq("deterredOnly"))).toBeLessThan(0.2);
    expect(wdq("displaced")).toBeLessThan(wdq("deterredOnly") - 0.3);
    // Without patrols the targets do not improve on the control (or only by noise): no honest quotient, or one near nothing.
    const none = runs.noPatrols.report.displacement;
    if (none.status === "measured") expect(Math.abs(none.targetChange)).toBeLessThan(Math.abs((runs.deterredOnly.report.displacement as { targetChange: number }).targetChange) / 3);
    else expect(none.reason).toMatch(/^Not yet measurable/);
  });

  it("reads the same deployment from a patrol log: the patrolled cells by their centres, from the first patrolled day", () => {
    const start = DEPLOYED_ON + griddedCity(generateCity(CITY)).day0;
    const log = Array.from(targets, (cell) => {
      const [x, y] = cellCentre(grid, cell);
      return { start, x, y };
    });
    const read = deploymentFromPatrols(grid, [...log, { start: start + 30, x: -1e9, y: -1e9 }], start + WINDOW, { bufferM: BUFFER_M });
    if (!("deployment" in read)) throw new Error(read.reason);
    expect(Array.from(read.deployment.targets)).toEqual(Array.from(targets).sort((a, b) => a - b));
    expect(read.deployment).toMatchObject({ start, windowDays: WINDOW, bufferM: BUFFER_M });
    expect(deploymentFromPatrols(grid, log, start + WINDOW, { bufferM: BUFFER_M, maxWindowDays: 60 })).toMatchObject({ deployment: { windowDays: 60 } });
    expect(deploymentFromPatrols(grid, log, start + 3, { bufferM: BUFFER_M })).toMatchObject({ reason: expect.stringMatching(/^Not yet measurable: patrols began on .*, fewer than 7 days/) });
    expect(deploymentFromPatrols(grid, log, start, { bufferM: BUFFER_M })).toMatchObject({ reason: expect.stringMatching(/^Not yet measurable: no patrol is logged in these areas before/) });
    expect(deploymentFromPatrols(grid, [{ start, x: -1e9, y: -1e9 }], start + WINDOW, { bufferM: BUFFER_M })).toMatchObject({ reason: "Not yet measurable: none of the logged patrols falls in this version's cells." });
  });

  it("says plainly that displacement is not yet measurable when no deployment is known", () => {
    const city = griddedCity(generateCity(CITY));
    const report = runAudit({
      model: createNaive(), naive: createNaive(), grid: city.grid, events: city.all, discovered: city.discovered, residents: city.residents, reference: "group_a",
      fitCutoff: city.day0 + DEPLOYED_ON, starts: [city.day0 + DEPLOYED_ON, city.day0 + DEPLOYED_ON + 7], horizonDays: 7, coverage: COVERAGE, policy: auditPolicySchema.parse({}), random: seededRandom(1),
    });
    expect(report.displacement).toMatchObject({ status: "not_measurable", wdq: null, reason: expect.stringMatching(/^Not yet measurable: no patrol logs/) });
  });
});
