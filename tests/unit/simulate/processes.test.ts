import { describe, expect, it } from "vitest";
import { cityFor, cityMetres, dissimilarity } from "./helpers";
import type { SyntheticCity } from "@/lib/simulate";
import { createRandom, shuffle } from "@/lib/simulate/random";

const city = cityFor({ seed: 11 });
const DAY_MS = 86_400_000;

function cellOf(c: SyntheticCity, lon: number, lat: number): number {
  const [x, y] = cityMetres(c)(lon, lat);
  return Math.floor(y / c.truth.cellSizeM) * c.truth.cols + Math.floor(x / c.truth.cellSizeM);
}

describe("demographics", () => {
  it("spreads groups more unevenly across districts as segregation rises", () => {
    const index = [0, 0.3, 0.6, 1].map((segregation) => dissimilarity(cityFor({ seed: 11, segregation, days: 10, targetIncidents: 100 }), "group_a", "group_b"));
    expect(index[0]).toBeLessThan(0.01);
    for (let i = 1; i < index.length; i++) expect(index[i]).toBeGreaterThan(index[i - 1]! + 0.05);
    expect(index[3]).toBeGreaterThan(0.3);
  });
});

describe("recording process", () => {
  const byBias = [0, 0.25, 0.5, 1].map((discoveryBias) => cityFor({ seed: 11, discoveryBias, days: 365, targetIncidents: 20_000 }));
  const discoveredShare = (c: SyntheticCity) => c.incidents.filter((i) => i.source === "discovered").length / c.incidents.length;

  it("records only public reports when discovery is off, and more discoveries as the knob rises", () => {
    const shares = byBias.map(discoveredShare);
    expect(shares[0]).toBe(0);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThan(shares[i - 1]! + 0.05);
    expect(discoveredShare(city)).toBeGreaterThan(0.15);
    expect(discoveredShare(city)).toBeLessThan(0.5);
  });

  it("concentrates patrol where recorded crime is, more so when discovery feeds back", () => {
    const topDecileShare = (c: SyntheticCity) => {
      const sorted = Array.from(c.truth.patrolPresence).sort((a, b) => b - a);
      return sorted.slice(0, Math.ceil(sorted.length / 10)).reduce((a, b) => a + b, 0) / sorted.reduce((a, b) => a + b, 0);
    };
    const mean = city.truth.patrolPresence.reduce((a, b) => a + b, 0) / city.truth.patrolPresence.length;
    expect(mean).toBeCloseTo(1, 9);
    expect(topDecileShare(byBias[3]!)).toBeGreaterThan(topDecileShare(byBias[0]!));

    const recorded = new Float64Array(city.truth.patrolPresence.length);
    for (const i of city.incidents) recorded[cellOf(city, i.lon, i.lat)]! += 1;
    expect(correlation(recorded, city.truth.patrolPresence)).toBeGreaterThan(0.5);
  });

  it("makes discovered incidents over-represented where patrol is heavy", () => {
    const patrol = city.truth.patrolPresence;
    const median = Array.from(patrol).sort((a, b) => a - b)[patrol.length >> 1]!;
    const share = (heavy: boolean) => {
      const inZone = city.incidents.filter((i) => patrol[cellOf(city, i.lon, i.lat)]! > median === heavy);
      return inZone.filter((i) => i.source === "discovered").length / inZone.length;
    };
    expect(share(true)).toBeGreaterThan(1.5 * share(false));
  });
});

describe("near-repeat triggering", () => {
  it("clusters incidents in space and time beyond the same places with their times shuffled (Knox test)", () => {
    const toMetres = cityMetres(city);
    const points = city.incidents.map((i) => toMetres(i.lon, i.lat));
    const times = Float64Array.from(city.incidents, (i) => i.occurredAt.getTime() / DAY_MS);
    const closeM = 100, closeDays = 7;
    const buckets = new Map<string, number[]>();
    points.forEach(([x, y], i) => {
      const key = `${Math.floor(x / closeM)},${Math.floor(y / closeM)}`;
      buckets.set(key, [...(buckets.get(key) ?? []), i]);
    });
    const nearA: number[] = [], nearB: number[] = [];
    points.forEach(([x, y], i) => {
      const bx = Math.floor(x / closeM), by = Math.floor(y / closeM);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
        for (const j of buckets.get(`${bx + dx},${by + dy}`) ?? []) {
          const [xj = 0, yj = 0] = points[j] ?? [];
          if (j > i && (x - xj) ** 2 + (y - yj) ** 2 < closeM ** 2) {
            nearA.push(i);
            nearB.push(j);
          }
        }
      }
    });
    const soonAmongNear = (t: Float64Array) => nearA.reduce((n, i, k) => n + (Math.abs(t[i]! - t[nearB[k]!]!) < closeDays ? 1 : 0), 0);
    const observed = soonAmongNear(times);
    // 19 shuffles keep where and when incidents happen but break any link between the two: p < 0.05.
    const rng = createRandom(1);
    const shuffled = Array.from({ length: 19 }, () => soonAmongNear(Float64Array.from(shuffle(rng, Array.from(times)))));
    expect(observed).toBeGreaterThan(Math.max(...shuffled));
    expect(observed / (shuffled.reduce((a, b) => a + b, 0) / shuffled.length)).toBeGreaterThan(1.1);
  });
});

describe("ground truth", () => {
  const { truth } = city;
  const cells = truth.cols * truth.rows;

  it("describes the grid, the kernel and a positive background", () => {
    expect(truth.cellSizeM).toBe(150);
    expect(truth.days).toBe(730);
    expect(truth.background).toHaveLength(cells);
    expect(truth.patrolPresence).toHaveLength(cells);
    expect(truth.triggering).toEqual({ theta: 0.25, omegaPerDay: 0.25, sigmaM: 80 });
    expect(Math.min(...truth.background)).toBeGreaterThan(0);
  });

  it("accounts for every recorded incident and for crime that went unrecorded", () => {
    let total = 0;
    for (let day = 0; day < truth.days; day++) for (let cell = 0; cell < cells; cell++) total += truth.intensity(cell, day);
    expect(total).toBeGreaterThan(1.2 * city.incidents.length);
    expect(total).toBeLessThan(2.5 * city.incidents.length);
  });

  it("raises the true intensity around an incident in the days after it", () => {
    for (const incident of city.incidents.slice(0, 300)) {
      const cell = cellOf(city, incident.lon, incident.lat);
      const day = Math.floor((incident.occurredAt.getTime() - Date.UTC(2024, 0, 1)) / DAY_MS);
      if (day + 1 >= truth.days) continue;
      expect(truth.intensity(cell, day + 1)).toBeGreaterThan(truth.background[cell]! + 0.002);
    }
  });

  it("puts more true crime where the background is higher", () => {
    const perCell = new Float64Array(cells);
    for (const i of city.incidents) perCell[cellOf(city, i.lon, i.lat)]! += 1;
    expect(correlation(perCell, truth.background)).toBeGreaterThan(0.6);
  });

  it("rejects cells and days outside the grid", () => {
    expect(() => truth.intensity(cells, 0)).toThrow(RangeError);
    expect(() => truth.intensity(0, 730)).toThrow(RangeError);
    expect(() => truth.intensity(0.5, 0)).toThrow(RangeError);
  });
});

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]! / n; mb += b[i]! / n; }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
