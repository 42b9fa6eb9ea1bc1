import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  auditPolicySchema,
  biasByGroup,
  bufferCellsWithin,
  buildBiasReport,
  displacementFromCells,
  evaluatePolicy,
  feedbackLoop,
  forecastStability,
  residentsPerCell,
  topCells,
  weightedDisplacementQuotient,
  type AuditPeriod,
} from "@/lib/audit";
import { seededRandom } from "@/lib/forecast";

const residents = { a: new Float64Array([100, 0, 50, 50]), b: new Float64Array([0, 100, 50, 50]) };
const period = (flagged: number[], reported: number[], discovered: number[]): AuditPeriod => ({ flagged, reported, discovered });

describe("flag shares over a period", () => {
  it("weights exposure and false positives by the share of the period a cell was flagged", () => {
    // cell 0 flagged half the period (reported 0), cell 2 a quarter (reported 2)
    const [a, b] = biasByGroup({ periods: [period([0.5, 0, 0.25, 0], [0, 1, 2, 0], [0, 0, 0, 0])], residents, reference: "b", random: seededRandom(1), replicates: 10 });
    // a: (0.5·100 + 0.25·50) / 200 = 0.3125; b: 0.25·50 / 200 = 0.0625
    expect(a!.exposure.estimate).toBeCloseTo(0.3125);
    expect(b!.exposure.estimate).toBeCloseTo(0.0625);
    // a's flagged weight 62.5, of which 50 on a cell without reported crime
    expect(a!.falsePositiveShare.estimate).toBeCloseTo(0.8);
    expect(a!.falsePositiveDisparity.estimate).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps exposure in [0, 1] and the reference's disparity exactly 1", () => {
    const cellValues = (arb: fc.Arbitrary<number>) => fc.array(arb, { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(cellValues(fc.double({ min: 0.5, max: 1000, noNaN: true })), cellValues(fc.double({ min: 0, max: 1000, noNaN: true })), fc.array(cellValues(fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }), (ref, other, flags) => {
        const periods = flags.map((f) => period([1, ...f.slice(1)], [1, 0, 2, 0, 1], [0, 1, 0, 0, 3]));
        const out = biasByGroup({ periods, residents: { ref: Float64Array.from(ref), other: Float64Array.from(other) }, reference: "ref", random: seededRandom(4), replicates: 5 });
        expect(out[0]!.disparity.estimate).toBe(1);
        for (const g of out) {
          if (Number.isNaN(g.exposure.estimate)) continue; // a group with no residents
          expect(g.exposure.estimate).toBeGreaterThanOrEqual(0);
          expect(g.exposure.estimate).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe("the feedback loop when it cannot be measured", () => {
  it("says why: no discovery at all, or no reported crime on one side", () => {
    expect(feedbackLoop([period([1, 0], [2, 4], [0, 0])], seededRandom(1), 5)).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/no incident was recorded as discovered/) });
    expect(feedbackLoop([period([1, 0], [0, 4], [3, 1])], seededRandom(1), 5)).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/inside/) });
    expect(feedbackLoop([], seededRandom(1), 5)).toMatchObject({ status: "not_measurable" });
  });

  it("weights counts by flag share", () => {
    // inside: disc 0.5·4 = 2, rep 0.5·2 = 1; outside: disc 0.5·4 + 2 = 4, rep 0.5·2 + 4 = 5 → (2/1)/(4/5) = 2.5
    const loop = feedbackLoop([period([0.5, 0], [2, 4], [4, 2])], seededRandom(1), 5);
    expect(loop.status === "measured" && loop.ratio.estimate).toBeCloseTo(2.5);
  });
});

describe("the weighted displacement quotient", () => {
  const control = { before: 100, after: 100 };

  it("says 'not yet measurable' for missing counts, a zero denominator or targets that got worse", () => {
    for (const result of [
      weightedDisplacementQuotient(null, { before: 1, after: 2 }, control),
      weightedDisplacementQuotient({ before: 5, after: Number.NaN }, { before: 1, after: 2 }, control),
      weightedDisplacementQuotient({ before: 50, after: 50 }, { before: 20, after: 30 }, control),
      weightedDisplacementQuotient({ before: 50, after: 70 }, { before: 20, after: 30 }, control),
      weightedDisplacementQuotient({ before: 50, after: 30 }, { before: 20, after: 30 }, { before: 0, after: 10 }),
    ]) {
      expect(result).toMatchObject({ status: "not_measurable", wdq: null, reason: expect.stringMatching(/^Not yet measurable: /) });
    }
    expect(weightedDisplacementQuotient(null, undefined, control).reason).toMatch(/target, buffer area/);
  });

  it("reads a quotient below −1 as displacement larger than the targets' reduction", () => {
    // targets 50 → 40 (−0.1), buffer 20 → 40 (+0.2): WDQ −2
    const result = weightedDisplacementQuotient({ before: 50, after: 40 }, { before: 20, after: 40 }, control);
    expect(result).toMatchObject({ status: "measured", reason: expect.stringMatching(/larger than the reduction/) });
    expect(result.wdq).toBeCloseTo(-2, 12);
  });

  it("flips sign when displacement and diffusion swap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 100 }), fc.nat(300), fc.nat(300), fc.integer({ min: 1, max: 1000 }), (targetBefore, drop, x, y, c) => {
        fc.pre(x !== y && drop < targetBefore);
        const target = { before: targetBefore, after: targetBefore - drop };
        const steady = { before: c, after: c };
        const one = weightedDisplacementQuotient(target, { before: x, after: y }, steady);
        const other = weightedDisplacementQuotient(target, { before: y, after: x }, steady);
        if (one.status !== "measured" || other.status !== "measured") throw new Error("expected both measured");
        expect(Math.sign(one.wdq)).toBe(-Math.sign(other.wdq));
        expect(one.wdq).toBeCloseTo(-other.wdq, 9);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it("sums per-cell counts over the target, buffer and control cells", () => {
    const before = [10, 5, 5, 50];
    const after = [6, 7, 8, 50];
    // R = {0}: 10 → 6 (−4/50), D = {1, 2}: 10 → 15 (+5/50), C = {3}: WDQ = −1.25
    expect(displacementFromCells({ before, after, target: [0], buffer: [1, 2], control: [3] }).wdq).toBeCloseTo(-1.25, 12);
    expect(displacementFromCells({ before, after, target: [0], buffer: [], control: [3] })).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/buffer area has no cells/) });
    expect(displacementFromCells({ before: null, after, target: [0], buffer: [1], control: [3] }).reason).toMatch(/before deployment/);
  });

  it("finds the buffer within a radius in metres, cell centre to cell centre", () => {
    expect(Array.from(bufferCellsWithin([12], 5, 5, 100, 100))).toEqual([7, 11, 13, 17]);
    expect(Array.from(bufferCellsWithin([12], 5, 5, 100, 150))).toEqual([6, 7, 8, 11, 13, 16, 17, 18]);
    expect(Array.from(bufferCellsWithin([0], 5, 5, 100, 200))).toEqual([1, 2, 5, 6, 10]);
  });
});

describe("stability of successive forecasts", () => {
  it("takes the top k with ties broken by cell order, and overlaps successive top-k sets", () => {
    expect(Array.from(topCells([1, 3, 3, 0, 2], 3))).toEqual([1, 2, 4]);
    expect(Array.from(topCells([1, 3, 3, 0, 2], 2, [0, 2, 3]))).toEqual([2, 0]);
    const stability = forecastStability([[4, 3, 2, 1], [4, 3, 1, 2], [1, 2, 3, 4]], 2);
    // ρ(1st, 2nd) = 1 − 6·2/(4·15) = 0.8; ρ(2nd, 3rd) = −0.8; top-2 {0,1}, {0,1}, {2,3}
    expect(stability.spearman[0]).toBeCloseTo(0.8);
    expect(stability.spearman[1]).toBeCloseTo(-0.8);
    expect(stability.overlap).toEqual([1, 0]);
    expect(stability).toMatchObject({ status: "measured", meanOverlap: 0.5, k: 2 });
    expect(forecastStability([[1, 2]], 1)).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/two successive forecasts/) });
  });
});

describe("residents per cell", () => {
  it("takes every group the areas name when none are given, and spreads by weight", () => {
    const cells = residentsPerCell(Int32Array.from([0, 0, 1, -1]), [{ b: 30 }, { a: 10, b: 5 }], [1, 2, 1, 1]);
    expect(Object.keys(cells)).toEqual(["a", "b"]);
    expect(Array.from(cells.a!)).toEqual([0, 0, 10, 0]);
    expect(Array.from(cells.b!)).toEqual([10, 20, 5, 0]);
    expect(() => residentsPerCell(Int32Array.from([0]), [{ a: 1 }], [1, 2])).toThrow(RangeError);
  });
});

describe("the bias report and its policy verdict", () => {
  const periods = [period([1, 0, 0, 0], [3, 0, 1, 1], [2, 0, 1, 0]), period([1, 0, 1, 0], [0, 1, 1, 2], [1, 0, 0, 1])];
  const report = buildBiasReport({ periods, residents, reference: "b", random: seededRandom(1), replicates: 20, risks: [[4, 1, 2, 3], [4, 1, 3, 2]], k: 1 });

  it("is plain JSON with units, and says plainly what is not yet measurable", () => {
    const stored = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(stored.bias.map((g) => g.group)).toEqual(["a", "b"]);
    expect(stored.bias[0]!.exposure.estimate).toBeCloseTo(0.625);
    expect(stored.units.exposure).toMatch(/share of the group's residents/);
    expect(stored.displacement).toEqual({ status: "not_measurable", wdq: null, reason: "Not yet measurable: no patrol logs from before and after deployment are recorded yet." });
    expect(stored.stability).toMatchObject({ status: "measured", overlap: [1], k: 1 });
    expect(stored).toMatchObject({ kind: "sightline.bias-report", schemaVersion: 1, reference: "b", band: [0.8, 1.25], periods: 2 });
  });

  it("judges a report without an accuracy backtest: accuracy criteria not measurable, bias criteria with limits", () => {
    const policy = auditPolicySchema.parse({ maxFeedbackRatio: 5 });
    const evaluation = evaluatePolicy(report, policy);
    const by = Object.fromEntries(evaluation.criteria.map((c) => [c.criterion, c]));
    expect(by.min_pai).toMatchObject({ outcome: "not_measurable", measured: null, limit: { min: 2 } });
    expect(by.margin_over_naive).toMatchObject({ outcome: "not_measurable" });
    // a's disparity (0.625 / 0.125 = 5) lies outside the band
    expect(by.disparity_band).toMatchObject({ outcome: "fail", limit: { band: [0.8, 1.25] }, threshold: "within [0.8, 1.25]" });
    expect(by.disparity_band!.measured).toBeCloseTo(5);
    // b's only flag (cell 2, period 2) had reported crime, a's cell-0 flag in period 2 did not: a's ratio is unbounded and fails
    expect(by.false_positive_disparity).toMatchObject({ outcome: "fail", measured: null, detail: expect.stringMatching(/unbounded/) });
    expect(by.feedback_ratio).toMatchObject({ outcome: "pass" });
    expect(by.feedback_ratio!.measured).toBeCloseTo(0.75 / 0.4);
    expect(evaluation.verdict).toBe("fail");
    expect(evaluation.unmeasured).toEqual(["min_pai", "margin_over_naive"]);
  });

  it("does not let a group without a measurable ratio pass unnoticed", () => {
    const result = evaluatePolicy({ pai: 6, naivePai: 5, disparities: { x: 1.1, y: Number.NaN }, falsePositiveDisparities: { x: Number.NaN }, feedbackRatio: 1.1 }, auditPolicySchema.parse({}));
    const by = Object.fromEntries(result.criteria.map((c) => [c.criterion, c]));
    expect(by.disparity_band).toMatchObject({ outcome: "pass", detail: expect.stringMatching(/not measurable for y/) });
    expect(by.false_positive_disparity).toMatchObject({ outcome: "not_measurable" });
    expect(result).toMatchObject({ verdict: "pass", unmeasured: ["false_positive_disparity"] });
  });
});
