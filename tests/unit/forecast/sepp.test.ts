import { describe, expect, it } from "vitest";
import { createSepp, fitSepp, griddedEvents, seededRandom, simulateSepp } from "@/lib/forecast";
import { eventsAt, tinyGrid } from "./support";

describe("grid SEPP", () => {
  it("recovers the trigger rate and delay of a simulated process within 10 %", () => {
    const grid = tinyGrid(20, 20);
    const random = seededRandom(11);
    const mu = Float64Array.from({ length: 400 }, () => 0.005 + 0.03 * random());
    const sim = simulateSepp(grid, { mu, theta: 0.35, omega: 0.5, days: 2000 }, random);
    const events = griddedEvents(grid, sim);
    const fit = fitSepp(events, 400, 2000, { trainingDays: 0, maxIterations: 500, tolerance: 1e-6, minDelayDays: 0.01, maxDelayDays: 100 });
    expect(Math.abs(fit.theta - 0.35) / 0.35).toBeLessThan(0.1);
    expect(Math.abs(fit.omega - 0.5) / 0.5).toBeLessThan(0.1);
  });

  it("finds almost no triggering in a pure Poisson process, even with simultaneous duplicates", () => {
    const grid = tinyGrid(10, 10);
    const random = seededRandom(5);
    const sim = simulateSepp(grid, { mu: new Float64Array(100).fill(0.05), theta: 0, omega: 1, days: 1000 }, random);
    // Duplicate every fifth event at the same time and place, as multi-offence records do.
    const dupes = sim.t.map((_, i) => i).filter((i) => i % 5 === 0);
    const events = griddedEvents(grid, {
      x: [...Array.from(sim.x), ...dupes.map((i) => sim.x[i]!)],
      y: [...Array.from(sim.y), ...dupes.map((i) => sim.y[i]!)],
      t: [...Array.from(sim.t), ...dupes.map((i) => sim.t[i]!)],
    });
    const fitted = createSepp().fit(events, grid, 1000);
    expect(fitted.summary.theta).toBeLessThan(0.02);
    expect(Number.isFinite(fitted.summary.omega_per_day)).toBe(true);
    expect(fitted.summary.omega_per_day).toBeLessThanOrEqual(24);
  });

  it("predicts background plus θ(1 − e^(−ωh)) e^(−ω age) per past event, and explains both parts", () => {
    const grid = tinyGrid(2, 1);
    const events = eventsAt(grid, [[0, 0, 1], [0, 0, 1.5], [1, 0, 3], [0, 0, 9]]);
    const model = createSepp({ maxIterations: 3 }).fit(events, grid, 10);
    const { omega_per_day: omega, theta } = model.summary as { omega_per_day: number; theta: number };
    const p = model.predict(events, 10, 2);
    const why = model.explain(events, 0, 10, 2);
    const triggered = [1, 1.5, 9].reduce((s, t) => s + theta * (1 - Math.exp(-omega * 2)) * Math.exp(-omega * (10 - t)), 0);
    expect(why.components[1]!.value).toBeCloseTo(triggered, 10);
    expect(why.components[0]!.value + why.components[1]!.value).toBeCloseTo(p.expected[0]!, 10);
    expect(why.contributors[0]!.event).toBe(3);
  });
});
