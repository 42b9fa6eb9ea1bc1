import { describe, expect, it } from "vitest";
import { createNearRepeat, griddedEvents, knoxTest, seededRandom, strongestNearRepeat } from "@/lib/forecast";
import { nearRepeatPattern } from "./near-repeat-support";
import { tinyGrid } from "./support";

describe("Knox test", () => {
  it("finds an excess of close pairs when events repeat nearby within days", () => {
    const { x, y, t } = nearRepeatPattern(seededRandom(4), true);
    const cells = knoxTest(x, y, t, { distanceBandsM: [100, 400], timeBandsDays: [3, 30], permutations: 99, random: seededRandom(9) });
    const close = cells.find((c) => c.maxDistanceM === 100 && c.maxDays === 3)!;
    expect(close.ratio).toBeGreaterThan(2);
    expect(close.pValue).toBeLessThanOrEqual(0.01);
    expect(strongestNearRepeat(cells)).not.toBeNull();
  });

  it("finds none in events scattered independently in space and time", () => {
    const { x, y, t } = nearRepeatPattern(seededRandom(4), false);
    const cells = knoxTest(x, y, t, { distanceBandsM: [100, 400], timeBandsDays: [3, 30], permutations: 99, random: seededRandom(9) });
    for (const c of cells) expect(c.ratio).toBeLessThan(1.5);
  });
});

describe("near-repeat model", () => {
  it("raises cells near recent triggers and explains the boost", () => {
    const grid = tinyGrid(30, 30);
    const { x, y, t } = nearRepeatPattern(seededRandom(4), true);
    const events = griddedEvents(grid, { x, y, t });
    const model = createNearRepeat({ permutations: 19 }).fit(events, grid, 400);
    expect(model.summary.window_found).toBe(1);
    const last = events.t.length - 1;
    const lastCell = events.cell[last]!;
    const start = events.t[last]! + 0.01;
    const why = model.explain(events, lastCell, start, 1);
    expect(why.components[1]!.value).toBeGreaterThan(0);
    expect(why.contributors.map((c) => c.event)).toContain(last);
    expect(model.predict(events, start, 1).expected[lastCell]).toBeCloseTo(why.expected);
  });
});
