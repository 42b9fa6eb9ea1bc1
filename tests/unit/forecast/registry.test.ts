import { describe, expect, it } from "vitest";
import { createModel, MODEL_KINDS, resolveParams, type ModelConfig, type ModelKind } from "@/lib/forecast";
import { eventsAt, tinyGrid } from "./support";

describe("model registry", () => {
  it("builds every kind from its defaults, and each predicts and explains", () => {
    const grid = tinyGrid(6, 6);
    const pts: [number, number, number][] = Array.from({ length: 300 }, (_, i) => [i % 6, (i * 5) % 6, i * 0.5 + (i % 3) * 0.1]);
    const events = eventsAt(grid, pts);
    for (const kind of Object.keys(MODEL_KINDS) as ModelKind[]) {
      const params: Record<string, number> = kind === "ensemble" ? { validationDays: 28 } : {};
      const fitted = createModel(kind, params).fit(events, grid, 140);
      const p = fitted.predict(events, 140, 7);
      expect(p.expected).toHaveLength(36);
      expect(p.expected.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(fitted.explain(events, 0, 140, 7).expected).toBeCloseTo(p.expected[0]!, 8);
    }
  });

  it("reports unknown, out-of-range and non-integer parameters instead of guessing", () => {
    expect(resolveParams("kde", { bandwidth: 3 })).toEqual({ ok: false, errors: ['kde has no parameter "bandwidth"'] });
    expect(resolveParams("retro", { bandwidthM: -1 }).ok).toBe(false);
    expect(resolveParams("prospective", { windowWeeks: 2.5 }).ok).toBe(false);
    expect(() => createModel("sepp", { tolerance: 5 })).toThrow(RangeError);
    expect(() => createModel("ensemble", {}, { members: [{ kind: "ensemble" }] })).toThrow(RangeError);
  });
});

describe("ensemble", () => {
  it("puts its weight on the member that predicted the validation period", () => {
    const grid = tinyGrid(4, 1);
    // Long ago everything happened in cell 0; recently everything happens in cell 3.
    const pts: [number, number, number][] = [
      ...Array.from({ length: 200 }, (_, i): [number, number, number] => [0, 0, i * 0.5]),
      ...Array.from({ length: 200 }, (_, i): [number, number, number] => [3, 0, 100 + i * 0.5]),
    ];
    const events = eventsAt(grid, pts);
    const model = createModel("ensemble", { validationDays: 56, coverage: 0.25 }, { members: [{ kind: "naive" }, { kind: "naive", params: { windowDays: 14 } }] });
    const fitted = model.fit(events, grid, 200);
    expect(fitted.summary.weight_1_naive).toBe(1);
  });

  it("leaves a candidate that adds nothing at weight 0, however many candidates it is given", () => {
    const grid = tinyGrid(4, 1);
    const pts: [number, number, number][] = [
      ...Array.from({ length: 200 }, (_, i): [number, number, number] => [0, 0, i * 0.5]),
      ...Array.from({ length: 200 }, (_, i): [number, number, number] => [3, 0, 100 + i * 0.5]),
    ];
    const events = eventsAt(grid, pts);
    const members: ModelConfig[] = [{ kind: "naive" }, { kind: "naive", params: { windowDays: 14 } }, { kind: "kde", params: { timeScaleDays: 0, bandwidthM: 0 } }];
    const fitted = createModel("ensemble", { validationDays: 56, coverage: 0.25 }, { members }).fit(events, grid, 200);
    expect([fitted.summary.weight_0_naive, fitted.summary.weight_1_naive, fitted.summary.weight_2_kde]).toEqual([0, 1, 0]);
  });
});
