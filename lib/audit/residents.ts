/**
 * Residents per grid cell and demographic group, from area totals: each area's residents are
 * spread over its valid cells in proportion to `weights` (uniformly without). Units: people.
 *
 * @example residentsPerCell(cellArea, [{ a: 100, b: 50 }], ["a", "b"]) // { a: Float64Array, b: Float64Array }
 */
export function residentsPerCell(
  cellArea: Int32Array,
  areaGroups: readonly Readonly<Record<string, number>>[],
  groups: readonly string[],
  weights?: ArrayLike<number>,
): Record<string, Float64Array> {
  const areaWeight = new Float64Array(areaGroups.length);
  for (let c = 0; c < cellArea.length; c++) {
    const area = cellArea[c]!;
    if (area >= 0) areaWeight[area]! += weights ? weights[c]! : 1;
  }
  const out: Record<string, Float64Array> = {};
  for (const group of groups) {
    const cells = new Float64Array(cellArea.length);
    for (let c = 0; c < cellArea.length; c++) {
      const area = cellArea[c]!;
      if (area < 0 || areaWeight[area]! === 0) continue;
      cells[c] = ((areaGroups[area]?.[group] ?? 0) * (weights ? weights[c]! : 1)) / areaWeight[area]!;
    }
    out[group] = cells;
  }
  return out;
}
