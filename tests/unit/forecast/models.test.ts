import { describe, expect, it } from "vitest";
import { createKde, createNaive, createProspective, createRetro } from "@/lib/forecast";
import { eventsAt, tinyGrid } from "./support";

describe("naive counts", () => {
  it("counts every event before the start and turns the count into a rate over the history", () => {
    const grid = tinyGrid(3, 1);
    const events = eventsAt(grid, [[0, 0, 0], [0, 0, 5], [2, 0, 9], [2, 0, 10]]);
    const p = createNaive().fit(events, grid, 10).predict(events, 10, 5);
    // The event at t = 10 is not before the start; the history spans days 0–10.
    expect(Array.from(p.risk)).toEqual([2, 0, 1]);
    expect(p.expected[0]).toBeCloseTo((2 / 10) * 5);
    const why = createNaive().fit(events, grid, 10).explain(events, 0, 10, 5);
    expect(why.expected).toBeCloseTo(1);
    expect(why.contributors.map((c) => c.event)).toEqual([1, 0]);
  });

  it("honours a look-back window", () => {
    const grid = tinyGrid(2, 1);
    const events = eventsAt(grid, [[0, 0, 0], [1, 0, 8]]);
    expect(Array.from(createNaive({ windowDays: 5 }).fit(events, grid, 10).predict(events, 10, 1).risk)).toEqual([0, 1]);
  });
});

describe("retrospective hotspot", () => {
  it("adds the quartic weight (1 − d²/h²)² to cell centres within the bandwidth", () => {
    const grid = tinyGrid(3, 1);
    // The event at t = 0 is outside the window but tells the model the history is long enough to measure a rate.
    const events = eventsAt(grid, [[2, 0, 0], [0, 0, 9]]);
    const p = createRetro({ bandwidthM: 200, windowDays: 5 }).fit(events, grid, 10).predict(events, 10, 7);
    expect(p.risk[0]).toBeCloseTo(1);
    expect(p.risk[1]).toBeCloseTo((1 - 1 / 4) ** 2);
    expect(p.risk[2]).toBeCloseTo(0);
    // Expected counts share out the recent rate (1 event in 5 days → 1.4 in 7 days).
    expect(p.expected[0]! + p.expected[1]! + p.expected[2]!).toBeCloseTo(1.4);
  });

  it("forgets events older than the window", () => {
    const grid = tinyGrid(1, 1);
    const events = eventsAt(grid, [[0, 0, 1]]);
    expect(createRetro({ windowDays: 5 }).fit(events, grid, 10).predict(events, 10, 7).risk[0]).toBe(0);
  });
});

describe("prospective hotspot", () => {
  it("weights by 1/(1 + cells away) × 1/(1 + whole weeks old)", () => {
    const grid = tinyGrid(3, 1);
    const events = eventsAt(grid, [[0, 0, 20], [2, 0, 27.5]]);
    const p = createProspective({ bandwidthM: 150, windowWeeks: 4 }).fit(events, grid, 28).predict(events, 28, 7);
    // Event A: 8 days old (week 1) → 1/2; event B: 0.5 days old (week 0) → 1.
    expect(p.risk[0]).toBeCloseTo(0.5);
    expect(p.risk[1]).toBeCloseTo(0.5 / 2 + 1 / 2);
    expect(p.risk[2]).toBeCloseTo(1);
  });
});

describe("kernel density", () => {
  it("keeps the weighted rate as total expected count and peaks at the event", () => {
    const grid = tinyGrid(9, 9);
    const events = eventsAt(grid, [[4, 4, 5], [4, 4, 9]]);
    const model = createKde({ timeScaleDays: 0, bandwidthM: 100 }).fit(events, grid, 10);
    const p = model.predict(events, 10, 7);
    let total = 0;
    for (const v of p.expected) total += v;
    // Without decay: 2 events over the 5 days since the first → 0.4/day × 7 days.
    expect(total).toBeCloseTo(2.8);
    const centre = p.expected[4 * 9 + 4]!;
    expect(Math.max(...p.expected)).toBe(centre);
    // Symmetric around the event.
    expect(p.expected[4 * 9 + 3]).toBeCloseTo(p.expected[4 * 9 + 5]!, 10);
    expect(p.expected[3 * 9 + 4]).toBeCloseTo(p.expected[5 * 9 + 4]!, 10);
  });

  it("decays older events exponentially", () => {
    const grid = tinyGrid(2, 1);
    const events = eventsAt(grid, [[0, 0, 0], [1, 0, 10]]);
    const p = createKde({ timeScaleDays: 10, bandwidthM: 0, windowDays: 100 }).fit(events, grid, 10.5).predict(events, 10.5, 1);
    expect(p.risk[0]! / p.risk[1]!).toBeCloseTo(Math.exp(-1));
  });

  it("without smoothing gives the decayed count per cell, as the binned path with a vanishing kernel does", () => {
    const grid = tinyGrid(3, 2);
    const events = eventsAt(grid, [[0, 0, 1], [0, 0, 6], [2, 1, 8], [1, 1, 9.5]]);
    const exact = createKde({ timeScaleDays: 5, bandwidthM: 0 }).fit(events, grid, 10).predict(events, 10, 7);
    const binned = createKde({ timeScaleDays: 5, bandwidthM: 1e-3 }).fit(events, grid, 10).predict(events, 10, 7);
    expect(exact.risk[0]).toBeCloseTo(Math.exp(-9 / 5) + Math.exp(-4 / 5), 12);
    expect(exact.risk[5]).toBeCloseTo(Math.exp(-2 / 5), 12);
    for (let c = 0; c < 6; c++) expect(exact.expected[c]).toBeCloseTo(binned.expected[c]!, 12);
  });

  it("is binned: a surface over 50,000 events on 100 × 100 cells takes milliseconds", () => {
    const grid = tinyGrid(100, 100);
    const pts: [number, number, number][] = Array.from({ length: 50_000 }, (_, i) => [(i * 7) % 100, (i * 13) % 100, i / 100]);
    const events = eventsAt(grid, pts);
    const model = createKde().fit(events, grid, 500);
    const t0 = performance.now();
    model.predict(events, 500, 7);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
