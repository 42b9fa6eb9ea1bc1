/**
 * Residents per grid cell and demographic group, from area totals: each area's residents are
 * spread over its valid cells (cellArea ≥ 0) in proportion to `weights` (uniformly without).
 * Units: people. Groups default to every group named by any area, sorted. An area with no valid
 * cell (or zero total weight) cannot be placed: compare the totals if areas may be smaller than a cell.
 *
 * @example residentsPerCell(Int32Array.from([0, 0, -1]), [{ a: 100, b: 50 }]) // { a: [50, 50, 0], b: [25, 25, 0] }
 * @example residentsPerCell(cellArea, areaGroups, householdsPerCell) // spread by weight
 * @example residentsPerCell(cellArea, areaGroups, ["a", "b"], weights) // only the named groups
 */
export function residentsPerCell(
  cellArea: Int32Array,
  areaGroups: readonly Readonly<Record<string, number>>[],
  groupsOrWeights?: readonly string[] | ArrayLike<number>,
  weights?: ArrayLike<number>,
): Record<string, Float64Array> {
  const named = isGroupList(groupsOrWeights);
  const groups = named ? groupsOrWeights : [...new Set(areaGroups.flatMap((area) => Object.keys(area)))].sort();
  const weight = named ? weights : groupsOrWeights;
  if (weight && weight.length !== cellArea.length) throw new RangeError(`weights has ${weight.length} cells, cellArea ${cellArea.length}`);
  const areaWeight = new Float64Array(areaGroups.length);
  for (let c = 0; c < cellArea.length; c++) {
    const area = cellArea[c]!;
    const w = weight ? Number(weight[c]) : 1;
    if (!(w >= 0)) throw new RangeError(`weights must be non-negative numbers, cell ${c} has ${w}`);
    if (area >= 0) areaWeight[area]! += w;
  }
  const out: Record<string, Float64Array> = {};
  for (const group of groups) {
    const cells = new Float64Array(cellArea.length);
    for (let c = 0; c < cellArea.length; c++) {
      const area = cellArea[c]!;
      if (area < 0 || !(areaWeight[area]! > 0)) continue;
      cells[c] = ((areaGroups[area]?.[group] ?? 0) * (weight ? Number(weight[c]) : 1)) / areaWeight[area]!;
    }
    out[group] = cells;
  }
  return out;
}

function isGroupList(value: readonly string[] | ArrayLike<number> | undefined): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
