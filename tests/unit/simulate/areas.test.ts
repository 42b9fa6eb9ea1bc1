import { describe, expect, it } from "vitest";
import { cityFor, cityMetres, ringContains, signedArea } from "./helpers";
import { createRandom } from "@/lib/simulate/random";
import type { CityOptions } from "@/lib/simulate";

const city = cityFor({ seed: 11 });
const width = city.truth.cols * city.truth.cellSizeM;
const height = city.truth.rows * city.truth.cellSizeM;

describe("synthetic city areas", () => {
  it("has 20 districts coded D01…D20 with distinct invented names", () => {
    expect(city.areas.map((a) => a.code)).toEqual(Array.from({ length: 20 }, (_, i) => `D${String(i + 1).padStart(2, "0")}`));
    expect(new Set(city.areas.map((a) => a.name)).size).toBe(20);
  });

  it("draws each district as one closed, counter-clockwise, simple ring", () => {
    for (const area of city.areas) {
      expect(area.polygon.type).toBe("Polygon");
      expect(area.polygon.coordinates).toHaveLength(1);
      const ring = area.polygon.coordinates[0] ?? [];
      expect(ring[0]).toEqual(ring.at(-1));
      expect(signedArea(ring)).toBeGreaterThan(0);
      const vertices = new Set(ring.slice(0, -1).map((p) => p.join(",")));
      expect(vertices.size).toBe(ring.length - 1);
    }
  });

  it("tiles the city rectangle: areas sum to its size and every point lies in exactly one", () => {
    const toMetres = cityMetres(city);
    const projected = city.areas.map((a) => (a.polygon.coordinates[0] ?? []).map(([lon = 0, lat = 0]) => toMetres(lon, lat)));
    const total = projected.reduce((s, ring) => s + signedArea(ring), 0);
    expect(Math.abs(total - width * height) / (width * height)).toBeLessThan(1e-6);
    const rng = createRandom(5);
    for (let i = 0; i < 3000; i++) {
      const x = rng() * width, y = rng() * height;
      expect(projected.filter((ring) => ringContains(ring, x, y))).toHaveLength(1);
    }
  });

  it("places every incident inside its own area's polygon and no other", () => {
    const misplaced = city.incidents.filter((incident) => {
      const containing = city.areas.filter((a) => ringContains(a.polygon.coordinates[0] ?? [], incident.lon, incident.lat));
      return containing.length !== 1 || containing[0]?.code !== incident.areaCode;
    });
    expect(misplaced).toEqual([]);
  });

  it("gives populations whose groups sum exactly to the residents", () => {
    for (const area of city.areas) {
      expect(area.population).toBeGreaterThan(1000);
      expect(Object.keys(area.groups)).toEqual(["group_a", "group_b", "group_c"]);
      expect(Object.values(area.groups).reduce((a, b) => a + b, 0)).toBe(area.population);
    }
    const total = city.areas.reduce((s, a) => s + a.population, 0);
    expect(Math.abs(total - 340_000)).toBeLessThanOrEqual(20);
  });

  it.each<CityOptions>([
    { seed: 1, districts: 1, cellSizeM: 400, days: 30, targetIncidents: 500 },
    { seed: 2, districts: 7, cellSizeM: 200, days: 30, targetIncidents: 500 },
    { seed: 3, districts: 37, cellSizeM: 100, days: 30, targetIncidents: 500 },
    { seed: 4, districts: 60, cellSizeM: 150, days: 30, targetIncidents: 500 },
    ...Array.from({ length: 8 }, (_, i) => ({ seed: 100 + i, days: 20, targetIncidents: 300 })),
  ])("tiles without gaps for other sizes and seeds: %o", (options) => {
    const other = cityFor(options);
    const toMetres = cityMetres(other);
    const w = other.truth.cols * other.truth.cellSizeM, h = other.truth.rows * other.truth.cellSizeM;
    const total = other.areas.reduce((s, a) => s + signedArea((a.polygon.coordinates[0] ?? []).map(([lon = 0, lat = 0]) => toMetres(lon, lat))), 0);
    expect(other.areas).toHaveLength(options.districts ?? 20);
    expect(Math.abs(total - w * h) / (w * h)).toBeLessThan(1e-6);
  });
});
