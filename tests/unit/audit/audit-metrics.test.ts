import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { biasByGroup, bufferCells, evaluatePolicy, feedbackLoop, flaggedOverlap, residentsPerCell, spearman, weightedDisplacementQuotient, auditPolicySchema, type AuditPeriod } from "@/lib/audit";
import { seededRandom } from "@/lib/forecast";

// Four cells: cell 0 holds group a only, cell 1 group b only, cells 2–3 mixed.
const residents = { a: new Float64Array([100, 0, 50, 50]), b: new Float64Array([0, 100, 50, 50]) };
const period = (flagged: number[], reported: number[], discovered: number[]): AuditPeriod => ({ flagged: Uint8Array.from(flagged), reported, discovered });

describe("bias by group on a hand-computed grid", () => {
  const periods = [period([1, 0, 0, 0], [3, 0, 1, 1], [2, 0, 0, 0]), period([1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 0])];
  const result = biasByGroup({ periods, residents, reference: "b", random: seededRandom(1), replicates: 50 });
  const a = result.find((r) => r.group === "a")!;
  const b = result.find((r) => r.group === "b")!;

  it("computes exposure as the resident-weighted flag share", () => {
    // a: (100 + 100 + 50) / (2 × 200) = 0.625; b: (0 + 0 + 50) / (2 × 200) = 0.125
    expect(a.exposure.estimate).toBeCloseTo(0.625);
    expect(b.exposure.estimate).toBeCloseTo(0.125);
    expect(a.disparity.estimate).toBeCloseTo(5);
    expect(b.disparity.estimate).toBeCloseTo(1);
    expect(a.outsideBand).toBe(true);
    expect(b.outsideBand).toBe(false);
  });

  it("counts flagged cells without reported crime, weighted by residents", () => {
    // a: flagged weight 100 (p0, reported 3) + 100 (p1 cell 0, reported 0) + 50 (p1 cell 2, reported 1) → FP 100/250
    expect(a.falsePositiveShare.estimate).toBeCloseTo(0.4);
    // b: flagged weight 50 (p1 cell 2, reported) → FP 0
    expect(b.falsePositiveShare.estimate).toBeCloseTo(0);
  });

  it("sets exposure against the group's share of reported crime", () => {
    // flagged exposure shares: a 250/300, b 50/300; reported attributed: a 3 + .5 + .5 + .5 = 4.5, b 1 + .5 + .5 + .5 = 2.5 of 7
    expect(a.needAdjusted.estimate).toBeCloseTo(250 / 300 / (4.5 / 7));
    expect(b.needAdjusted.estimate).toBeCloseTo(50 / 300 / (2.5 / 7));
  });

  it("gives the reference group a disparity of exactly one, whatever the flags", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }), fc.array(fc.nat(5), { minLength: 4, maxLength: 4 })), { minLength: 1, maxLength: 6 }), (raw) => {
        const ps = raw.map(([flags, counts]) => period([1, ...flags.slice(1)], counts, counts));
        const out = biasByGroup({ periods: ps, residents, reference: "a", random: seededRandom(2), replicates: 5 });
        const ref = out.find((r) => r.group === "a")!;
        expect(ref.disparity.estimate).toBeCloseTo(1);
        for (const r of out) expect(r.exposure.estimate).toBeGreaterThanOrEqual(0);
        for (const r of out) expect(r.exposure.estimate).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe("residents per cell", () => {
  it("spreads each area's groups over its cells, uniformly or by weight", () => {
    const cells = residentsPerCell(Int32Array.from([0, 0, 1, -1]), [{ a: 100, b: 50 }, { a: 10 }], ["a", "b"]);
    expect(Array.from(cells.a!)).toEqual([50, 50, 10, 0]);
    expect(Array.from(cells.b!)).toEqual([25, 25, 0, 0]);
    const weighted = residentsPerCell(Int32Array.from([0, 0]), [{ a: 90 }], ["a"], [1, 2]);
    expect(Array.from(weighted.a!)).toEqual([30, 60]);
  });
});

describe("the feedback loop", () => {
  it("compares discovered/reported inside flagged cells with outside", () => {
    const periods = [period([1, 0], [2, 4], [4, 2]), period([1, 0], [2, 4], [4, 2])];
    const loop = feedbackLoop(periods, seededRandom(3), 20);
    // inside 8/4 = 2, outside 4/8 = 0.5 → 4
    expect(loop.status).toBe("measured");
    expect(loop.status === "measured" && loop.ratio.estimate).toBeCloseTo(4);
    expect(loop.inside).toEqual({ discovered: 8, reported: 4 });
  });
});

describe("displacement", () => {
  it("is negative when crime moves into the buffer, positive when benefits diffuse, and says when it cannot be measured", () => {
    const control = { before: 100, after: 100 };
    const wdq = (target: { before: number; after: number }, buffer: { before: number; after: number }) => {
      const result = weightedDisplacementQuotient(target, buffer, control);
      return result.status === "measured" ? result.wdq : Number.NaN;
    };
    expect(wdq({ before: 50, after: 30 }, { before: 20, after: 30 })).toBeCloseTo(-0.5);
    expect(wdq({ before: 50, after: 30 }, { before: 20, after: 10 })).toBeCloseTo(0.5);
    expect(weightedDisplacementQuotient({ before: 50, after: 60 }, { before: 20, after: 30 }, control)).toMatchObject({ status: "not_measurable" });
    expect(weightedDisplacementQuotient({ before: 50, after: 30 }, { before: 20, after: 30 }, { before: 0, after: 5 })).toMatchObject({ status: "not_measurable" });
  });

  it("finds the ring of cells around targets, leaving out targets and invalid cells", () => {
    expect(Array.from(bufferCells([12], 5, 5, 1))).toEqual([6, 7, 8, 11, 13, 16, 17, 18]);
    const valid = new Uint8Array(25).fill(1);
    valid[6] = 0;
    expect(Array.from(bufferCells([12, 13], 5, 5, 1, valid))).toEqual([7, 8, 9, 11, 14, 16, 17, 18, 19]);
  });
});

describe("stability of successive forecasts", () => {
  it("ranks with ties and overlaps flagged sets", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2], [5, 5, 9])).toBeCloseTo(1);
    expect(flaggedOverlap([1, 2, 3], [2, 3, 4])).toBeCloseTo(0.5);
  });
});

describe("judging an audit against the policy", () => {
  const policy = auditPolicySchema.parse({ minPai: 3, marginOverNaive: 0.05 });
  it("fails a model that does not beat naive by the margin, and names each criterion", () => {
    const result = evaluatePolicy({ pai: 5.29, naivePai: 5.24, disparities: { black: 1.1 }, falsePositiveDisparities: { black: 1.1 }, feedbackRatio: 1.2 }, policy);
    expect(result.verdict).toBe("fail");
    expect(result.criteria.find((c) => c.criterion === "margin_over_naive")).toMatchObject({ outcome: "fail" });
    expect(result.criteria.find((c) => c.criterion === "disparity_band")).toMatchObject({ outcome: "pass", measured: 1.1 });
  });

  it("flags the group furthest outside the band and reports what cannot be measured", () => {
    const result = evaluatePolicy({ pai: 5.4, naivePai: 5.24, disparities: { x: 0.7, y: 1.2 }, falsePositiveDisparities: {}, feedbackRatio: null }, policy);
    expect(result.criteria.find((c) => c.criterion === "disparity_band")).toMatchObject({ outcome: "fail", measured: 0.7 });
    expect(result.criteria.find((c) => c.criterion === "feedback_ratio")).toMatchObject({ outcome: "not_measurable" });
    expect(result.verdict).toBe("fail");
    expect(() => auditPolicySchema.parse({ disparityBand: [1.1, 1.3] })).toThrow(/contain 1/);
  });
});
