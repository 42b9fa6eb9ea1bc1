import { bboxOf, pointInMultiPolygon, projectMultiPolygon, type BBox, type MultiPolygon } from "./polygon";
import type { Projection } from "./projection";

export interface LocatableArea {
  code: string;
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: unknown };
}

/** GeoJSON Polygon and MultiPolygon coordinates as a list of polygons. */
export function polygonsOf(geometry: LocatableArea["geometry"]): number[][][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates as number[][][]] : (geometry.coordinates as number[][][][]);
}

/**
 * Finds the area containing a point (projected metres), checking bounding boxes first.
 * With tens of areas this answers in well under a microsecond per point.
 */
export function createAreaLocator(areas: readonly LocatableArea[], projection: Projection): (x: number, y: number) => string | null {
  const shapes: { code: string; shape: MultiPolygon; box: BBox }[] = areas.map((area) => {
    const shape = projectMultiPolygon(polygonsOf(area.geometry), projection.forward);
    return { code: area.code, shape, box: bboxOf([shape]) };
  });
  return (x, y) => {
    for (const { code, shape, box } of shapes) {
      if (x < box.minX || x > box.maxX || y < box.minY || y > box.maxY) continue;
      if (pointInMultiPolygon(shape, x, y)) return code;
    }
    return null;
  };
}
