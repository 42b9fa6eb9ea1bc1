/**
 * Planar polygon tests in projected metres. Rings are flat [x0, y0, x1, y1, …] arrays so that a
 * city's boundaries can be tested against thousands of grid centres without allocating.
 */

/** One polygon: the first ring is the outer boundary, the rest are holes. Coordinates in metres. */
export type Polygon = readonly Float64Array[];
/** Several polygons that together form one area (a GeoJSON MultiPolygon). */
export type MultiPolygon = readonly Polygon[];

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Even–odd crossing test of one closed ring (closing vertex optional).
 * A point exactly on an edge may fall either side; grid centres rarely do, and the
 * choice is deterministic.
 *
 * @example pointInRing(new Float64Array([0,0, 10,0, 10,10, 0,10]), 5, 5) // true
 */
export function pointInRing(ring: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i]!;
    const yi = ring[2 * i + 1]!;
    const xj = ring[2 * j]!;
    const yj = ring[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(polygon: Polygon, x: number, y: number): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !pointInRing(outer, x, y)) return false;
  return !holes.some((hole) => pointInRing(hole, x, y));
}

export function pointInMultiPolygon(multi: MultiPolygon, x: number, y: number): boolean {
  return multi.some((polygon) => pointInPolygon(polygon, x, y));
}

/** Bounding box of every vertex of every outer ring; throws on an empty shape. */
export function bboxOf(shapes: readonly MultiPolygon[]): BBox {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const multi of shapes) {
    for (const polygon of multi) {
      const outer = polygon[0];
      if (!outer) continue;
      for (let i = 0; i < outer.length; i += 2) {
        box.minX = Math.min(box.minX, outer[i]!);
        box.maxX = Math.max(box.maxX, outer[i]!);
        box.minY = Math.min(box.minY, outer[i + 1]!);
        box.maxY = Math.max(box.maxY, outer[i + 1]!);
      }
    }
  }
  if (!Number.isFinite(box.minX)) throw new RangeError("bounding box of no vertices");
  return box;
}

/**
 * Projects GeoJSON-style [lon, lat] rings into metric rings with the given forward projection.
 *
 * @example projectMultiPolygon(feature.geometry.coordinates, tm.forward)
 */
export function projectMultiPolygon(
  coordinates: readonly (readonly (readonly (readonly number[])[])[])[],
  forward: (lon: number, lat: number) => [number, number],
): MultiPolygon {
  return coordinates.map((polygon) =>
    polygon.map((ring) => {
      const out = new Float64Array(ring.length * 2);
      ring.forEach((pt, i) => {
        const [x, y] = forward(pt[0] ?? NaN, pt[1] ?? NaN);
        out[2 * i] = x;
        out[2 * i + 1] = y;
      });
      return out;
    }),
  );
}
