import { describe, expect, it } from "vitest";
import { generateCity, type CityOptions, type Deployment, type SyntheticCity } from "@/lib/simulate";
import { cityMetres } from "./helpers";

const BASE: CityOptions = { seed: 5, districts: 6, targetIncidents: 8_000, days: 200 };
const FROM_DAY = 100;
const SIDE = 150;
const DAY_MS = 86_400_000;

/** Twelve patrolled squares on the busiest spots of the undeployed city (by recorded incidents per 150 m square). */
function hotspots(city: SyntheticCity): { lon: number; lat: number }[] {
  const metres = cityMetres(city);
  const counts = new Map<string, { n: number; lon: number; lat: number }>();
  for (const incident of city.incidents) {
    const [x, y] = metres(incident.lon, incident.lat);
    const key = `${Math.floor(x / SIDE)},${Math.floor(y / SIDE)}`;
    const entry = counts.get(key) ?? { n: 0, lon: 0, lat: 0 };
    counts.set(key, { n: entry.n + 1, lon: entry.lon + incident.lon, lat: entry.lat + incident.lat });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n).slice(0, 12).map((e) => ({ lon: e.lon / e.n, lat: e.lat / e.n }));
}

const base = generateCity(BASE);
const targets = hotspots(base);
const deployment = (displacement: number, deterrence = 0.6): Deployment => ({ fromDay: FROM_DAY, targets, targetSideM: SIDE, deterrence, displacement, bufferM: 300 });

/** Incidents of a city inside any patrolled square (`inside`) or within 300 m of one but outside all (`ring`), after deployment. */
function tally(city: SyntheticCity): { inside: number; ring: number } {
  const metres = cityMetres(city);
  const squares = targets.map((t) => metres(t.lon, t.lat));
  const start = Date.parse(`${city.options.startDate}T00:00:00Z`) + FROM_DAY * DAY_MS;
  let inside = 0;
  let ring = 0;
  for (const incident of city.incidents) {
    if (incident.occurredAt.getTime() < start) continue;
    const [x, y] = metres(incident.lon, incident.lat);
    const distances = squares.map(([cx, cy]) => Math.hypot(Math.max(Math.abs(x - cx) - SIDE / 2, 0), Math.max(Math.abs(y - cy) - SIDE / 2, 0)));
    if (distances.some((d) => d === 0)) inside++;
    else if (distances.some((d) => d <= 300)) ring++;
  }
  return { inside, ring };
}

describe("planted patrols, deterrence and displacement", () => {
  const displaced = generateCity({ ...BASE, deployment: deployment(1) });
  const deterred = generateCity({ ...BASE, deployment: deployment(0) });

  it("leaves the city before deployment exactly as it was", () => {
    const before = (city: SyntheticCity) => city.incidents.filter((i) => i.occurredAt.getTime() < Date.parse("2024-01-01T00:00:00Z") + FROM_DAY * DAY_MS).map((i) => `${i.occurredAt.toISOString()} ${i.lon} ${i.lat} ${i.source}`);
    expect(before(displaced)).toEqual(before(base));
    expect(before(deterred)).toEqual(before(base));
    expect(base.truth.deployment).toBeNull();
  });

  it("prevents about the deterrence share inside the patrolled squares, and moves what it prevents into the ring", () => {
    const counts = { base: tally(base), displaced: tally(displaced), deterred: tally(deterred) };
    console.log(`after deployment inside/ring: ${JSON.stringify(counts)}; truth ${JSON.stringify(displaced.truth.deployment)} and ${JSON.stringify(deterred.truth.deployment)}`);
    expect(counts.deterred.inside / counts.base.inside).toBeGreaterThan(0.3);
    expect(counts.deterred.inside / counts.base.inside).toBeLessThan(0.5);
    // These are recorded incidents: after deployment the recording draws differ, so counts move by noise too.
    expect(Math.abs(counts.deterred.ring - counts.base.ring)).toBeLessThan(0.05 * counts.base.ring);
    expect(deterred.truth.deployment).toMatchObject({ displaced: 0 });
    expect(displaced.truth.deployment!.displaced).toBe(displaced.truth.deployment!.prevented);
    expect(counts.displaced.ring - counts.deterred.ring).toBeGreaterThan(0.4 * (counts.base.inside - counts.deterred.inside));
    expect(displaced.incidents.length).toBeGreaterThan(deterred.incidents.length);
  });

  it("refuses a deployment it cannot honour, naming the field", () => {
    expect(() => generateCity({ ...BASE, deployment: { ...deployment(0.5), fromDay: 200 } })).toThrow(/deployment\.fromDay/);
    expect(() => generateCity({ ...BASE, deployment: { ...deployment(1.5) } })).toThrow(/deployment\.displacement/);
    expect(() => generateCity({ ...BASE, deployment: { ...deployment(0.5), targets: [{ lon: 200, lat: 0 }] } })).toThrow(/deployment\.targets\[0\]\.lon/);
  });
});
