/**
 * The regional view (seed §4.2.4): per district and month, the share of cells flagged, the patrol
 * dosage and the change in recorded crime, with each district's neighbours, so displacement across
 * district borders shows as neighbours of treated districts changing unlike the rest. Pure.
 */

/** An area's outline in projected metres: rings of [x, y]. */
export interface AreaOutline {
  code: string;
  rings: readonly (readonly (readonly [number, number])[])[];
}

/**
 * Neighbouring areas: two areas are neighbours when a vertex of one lies within `toleranceM`
 * metres of an edge of the other (shared borders need not share vertices exactly). Symmetric;
 * each list sorted.
 *
 * @example adjacentAreas([square("A", 0, 0), square("B", 100, 0), square("C", 500, 0)], 1) // { A: ["B"], B: ["A"], C: [] }
 */
export function adjacentAreas(areas: readonly AreaOutline[], toleranceM = 5): Record<string, string[]> {
  const bucket = Math.max(toleranceM * 4, 100);
  const key = (i: number, j: number) => `${i},${j}`;
  // Every edge is indexed in the buckets its box (grown by the tolerance) touches.
  const edges = new Map<string, { area: number; ax: number; ay: number; bx: number; by: number }[]>();
  areas.forEach((area, index) => {
    for (const ring of area.rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [ax, ay] = ring[k]!;
        const [bx, by] = ring[k + 1]!;
        for (let i = Math.floor((Math.min(ax, bx) - toleranceM) / bucket); i <= Math.floor((Math.max(ax, bx) + toleranceM) / bucket); i++) {
          for (let j = Math.floor((Math.min(ay, by) - toleranceM) / bucket); j <= Math.floor((Math.max(ay, by) + toleranceM) / bucket); j++) {
            const list = edges.get(key(i, j)) ?? [];
            list.push({ area: index, ax, ay, bx, by });
            edges.set(key(i, j), list);
          }
        }
      }
    }
  });
  const pairs = areas.map(() => new Set<number>());
  const tolerance2 = toleranceM * toleranceM;
  areas.forEach((area, index) => {
    for (const ring of area.rings) {
      for (const [x, y] of ring) {
        for (const edge of edges.get(key(Math.floor(x / bucket), Math.floor(y / bucket))) ?? []) {
          if (edge.area === index || pairs[index]!.has(edge.area)) continue;
          if (distanceToSegment2(x, y, edge) <= tolerance2) {
            pairs[index]!.add(edge.area);
            pairs[edge.area]!.add(index);
          }
        }
      }
    }
  });
  return Object.fromEntries(areas.map((area, i) => [area.code, [...pairs[i]!].map((j) => areas[j]!.code).sort()]));
}

function distanceToSegment2(x: number, y: number, e: { ax: number; ay: number; bx: number; by: number }): number {
  const dx = e.bx - e.ax;
  const dy = e.by - e.ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.max(0, Math.min(1, ((x - e.ax) * dx + (y - e.ay) * dy) / length2)) : 0;
  const px = e.ax + t * dx - x;
  const py = e.ay + t * dy - y;
  return px * px + py * py;
}

/** What was recorded for one district in one month (aggregates only: nothing finer). */
export interface DistrictMonthFacts {
  area: string;
  month: string;
  /** Mean share of the district's cells flagged over the month's 7-day forecasts; null without forecasts. */
  flaggedShare: number | null;
  forecasts: number;
  /** Planned patrol minutes logged for forecasts of the month. */
  dosageMinutes: number;
  patrols: number;
  /** Recorded incidents in the month. */
  incidents: number;
  /** Days of the month counted (fewer for the current month). */
  days: number;
}

export interface DistrictMonth extends DistrictMonthFacts {
  /** Incidents per day against the previous month's, minus 1 (−0.2 = 20 % fewer); null without a previous month to compare. */
  change: number | null;
  /** Patrols were logged in the district this month. */
  treated: boolean;
  /** Untreated, and bordering a treated district this month. */
  bordersTreated: boolean;
}

/** Pooled change of incidents per day of a set of districts, month on month. */
export interface BorderSummary {
  month: string;
  treated: number | null;
  neighbours: number | null;
  others: number | null;
  /** neighbours − others: positive when districts next to patrols fared worse than the rest (displacement across borders). */
  neighbourExcess: number | null;
}

export interface RegionalView {
  months: string[];
  adjacency: Record<string, string[]>;
  districts: DistrictMonth[];
  border: BorderSummary[];
}

/**
 * Builds the regional view from per-district monthly facts. Missing district-months count as zero
 * incidents and no forecasts; a month without a previous month has no change.
 *
 * @example regionalView(["2026-01", "2026-02"], adjacency, facts).border[1].neighbourExcess // 0.18
 */
export function regionalView(months: readonly string[], adjacency: Record<string, string[]>, facts: readonly DistrictMonthFacts[], daysOf: (month: string) => number): RegionalView {
  const areas = Object.keys(adjacency).sort();
  const byKey = new Map(facts.map((f) => [`${f.area}|${f.month}`, f]));
  const factOf = (area: string, month: string): DistrictMonthFacts =>
    byKey.get(`${area}|${month}`) ?? { area, month, flaggedShare: null, forecasts: 0, dosageMinutes: 0, patrols: 0, incidents: 0, days: daysOf(month) };
  const districts: DistrictMonth[] = [];
  const border: BorderSummary[] = [];
  months.forEach((month, m) => {
    const previous = m > 0 ? months[m - 1]! : null;
    const treated = new Set(areas.filter((area) => factOf(area, month).patrols > 0));
    const rows = areas.map((area): DistrictMonth => {
      const fact = factOf(area, month);
      const before = previous ? factOf(area, previous) : null;
      return {
        ...fact,
        change: before ? rateChange([fact], [before]) : null,
        treated: treated.has(area),
        bordersTreated: !treated.has(area) && (adjacency[area] ?? []).some((n) => treated.has(n)),
      };
    });
    districts.push(...rows);
    const pooled = (pick: (row: DistrictMonth) => boolean) => {
      if (!previous) return null;
      const chosen = rows.filter(pick);
      return chosen.length === 0 ? null : rateChange(chosen, chosen.map((row) => factOf(row.area, previous)));
    };
    const neighbours = pooled((r) => r.bordersTreated);
    const others = pooled((r) => !r.treated && !r.bordersTreated);
    border.push({ month, treated: pooled((r) => r.treated), neighbours, others, neighbourExcess: neighbours !== null && others !== null ? neighbours - others : null });
  });
  return { months: [...months], adjacency, districts, border };
}

function rateChange(now: readonly Pick<DistrictMonthFacts, "incidents" | "days">[], before: readonly Pick<DistrictMonthFacts, "incidents" | "days">[]): number | null {
  const rate = (rows: readonly Pick<DistrictMonthFacts, "incidents" | "days">[]) => rows.reduce((s, r) => s + r.incidents, 0) / Math.max(1, rows.reduce((s, r) => s + r.days, 0) / rows.length);
  const base = rate(before);
  return base > 0 ? rate(now) / base - 1 : null;
}
