import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createNaive, pai, runBacktest } from "@/lib/forecast";
import { loadStLouis, stlDay, stlouisAvailable, stlouisDir } from "@/scripts/bench/stlouis";

const available = stlouisAvailable();
if (!available) {
  if (process.env.CI === "true") throw new Error(`St. Louis data missing at ${stlouisDir()}; CI must have it.`);
  console.warn(`Skipping the naive-vs-reference check: no data at ${stlouisDir()}.`);
}

describe.skipIf(!available)("naive model against the open_cp reference on St. Louis", () => {
  const data = available ? loadStLouis() : null;
  const reference = (file: string) =>
    (JSON.parse(readFileSync(path.join(stlouisDir(), file), "utf8")) as { models: { naive_count: { cov5: { PAI: number }; cov10: { PAI: number } } } }).models
      .naive_count;

  it("builds the protocol's grid and event set", () => {
    expect(data!.grid.validCells.length).toBe(7153);
    expect([data!.grid.nx, data!.grid.ny]).toEqual([85, 180]);
    expect(data!.events.t.length).toBe(64538);
  });

  for (const [name, file, count, horizon] of [
    ["7d", "opencp_stl_all_h7_2019-01-01.json", 4, 7],
    ["1d", "opencp_stl_all_h1_2019-01-01.json", 28, 1],
  ] as const) {
    it(`reproduces the reference PAI within 0.05 on ${name}`, () => {
      const starts = Array.from({ length: count }, (_, i) => stlDay(2019, 1, 1 + i * horizon));
      const r = runBacktest({ model: createNaive(), grid: data!.grid, events: data!.events, fitCutoff: starts[0]!, starts, horizonDays: horizon });
      const ref = reference(file);
      expect(Math.abs(pai(r, 0.05) - ref.cov5.PAI)).toBeLessThan(0.05);
      expect(Math.abs(pai(r, 0.1) - ref.cov10.PAI)).toBeLessThan(0.05);
    });
  }

  it("agrees with the stated naive PAI@5 % of 5.24 on 7d_2019 within 0.1", () => {
    const starts = Array.from({ length: 38 }, (_, i) => stlDay(2019, 1, 1 + 7 * i));
    const r = runBacktest({ model: createNaive(), grid: data!.grid, events: data!.events, fitCutoff: starts[0]!, starts, horizonDays: 7 });
    expect(Math.abs(pai(r, 0.05) - 5.24)).toBeLessThan(0.1);
  });
});
