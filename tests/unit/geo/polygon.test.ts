import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bboxOf, pointInMultiPolygon, pointInPolygon, pointInRing, projectMultiPolygon } from "@/lib/geo/polygon";
import { transverseMercator } from "@/lib/geo/projection";

const square = (x0: number, y0: number, size: number) => new Float64Array([x0, y0, x0 + size, y0, x0 + size, y0 + size, x0, y0 + size]);

describe("point in polygon", () => {
  it("finds points inside a square and outside it", () => {
    expect(pointInRing(square(0, 0, 10), 5, 5)).toBe(true);
    expect(pointInRing(square(0, 0, 10), 15, 5)).toBe(false);
    expect(pointInRing(square(0, 0, 10), -0.1, 5)).toBe(false);
  });

  it("excludes holes", () => {
    const withHole = [square(0, 0, 10), square(4, 4, 2)];
    expect(pointInPolygon(withHole, 5, 5)).toBe(false);
    expect(pointInPolygon(withHole, 2, 2)).toBe(true);
  });

  it("accepts a point in any part of a multipolygon", () => {
    const multi = [[square(0, 0, 1)], [square(10, 10, 1)]];
    expect(pointInMultiPolygon(multi, 10.5, 10.5)).toBe(true);
    expect(pointInMultiPolygon(multi, 5, 5)).toBe(false);
  });

  it("agrees with the coordinate bounds for any point and axis-aligned rectangle", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), (x, y) => {
        const inside = x > -10 && x < 20 && y > -10 && y < 20;
        const onEdge = [x + 10, x - 20, y + 10, y - 20].some((d) => Math.abs(d) < 1e-9);
        if (!onEdge) expect(pointInRing(square(-10, -10, 30), x, y)).toBe(inside);
      }),
    );
  });

  it("projects GeoJSON rings into metres and bounds them", () => {
    const tm = transverseMercator(-90.25);
    const shape = projectMultiPolygon([[[[-90.25, 38.6], [-90.24, 38.6], [-90.24, 38.61], [-90.25, 38.6]]]], tm.forward);
    const box = bboxOf([shape]);
    expect(box.minX).toBeCloseTo(0, 6);
    // 0.01° of longitude at 38.6° N is about 870 m.
    expect(box.maxX).toBeGreaterThan(860);
    expect(box.maxX).toBeLessThan(880);
  });
});
