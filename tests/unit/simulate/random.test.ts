import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed, exponential, normal, normalCdf, poisson, shuffle } from "@/lib/simulate/random";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0, sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe("seeded randomness", () => {
  it("repeats the same stream for the same seed and differs for another", () => {
    const a = createRandom(42), b = createRandom(42), c = createRandom(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it("draws uniformly in [0, 1)", () => {
    const rng = createRandom(1);
    const { mean, variance } = moments(rng, 100_000);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    for (let i = 0; i < 10_000; i++) {
      const u = rng();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });

  it("derives distinct sub-stream seeds per stage and rejects non-integer seeds", () => {
    expect(deriveSeed(7, "districts")).toBe(deriveSeed(7, "districts"));
    expect(deriveSeed(7, "districts")).not.toBe(deriveSeed(7, "crime"));
    expect(deriveSeed(7, "crime")).not.toBe(deriveSeed(8, "crime"));
    expect(deriveSeed(2 ** 40, "crime")).not.toBe(deriveSeed(0, "crime"));
    expect(() => deriveSeed(1.5, "crime")).toThrow(RangeError);
  });

  it.each([0.3, 4, 29, 45, 800])("samples Poisson(%s) with matching mean and variance", (lambda) => {
    const rng = createRandom(9);
    const { mean, variance } = moments(() => poisson(rng, lambda), 60_000);
    expect(Math.abs(mean - lambda)).toBeLessThan(0.03 * lambda + 0.01);
    expect(Math.abs(variance - lambda)).toBeLessThan(0.06 * lambda + 0.02);
  });

  it("samples normal and exponential draws with the right moments", () => {
    const rng = createRandom(3);
    const n = moments(() => normal(rng, 2, 3), 60_000);
    expect(n.mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(n.variance)).toBeCloseTo(3, 1);
    const e = moments(() => exponential(rng, 0.25), 60_000);
    expect(e.mean).toBeGreaterThan(3.9);
    expect(e.mean).toBeLessThan(4.1);
  });

  it("computes the normal CDF", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it("shuffles into a permutation", () => {
    const items = shuffle(createRandom(5), Array.from({ length: 50 }, (_, i) => i));
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(items).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
