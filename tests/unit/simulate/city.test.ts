import { describe, expect, it } from "vitest";
import { generateCity } from "@/lib/simulate";
import { cityFor } from "./helpers";

const city = cityFor({ seed: 11 });
const DAY_MS = 86_400_000;

describe("generateCity", () => {
  it("is deterministic: the same options give an identical city", () => {
    const again = generateCity({ seed: 11 });
    expect(again.areas).toEqual(city.areas);
    expect(again.incidents).toEqual(city.incidents);
    expect(again.truth.background).toEqual(city.truth.background);
    expect(again.truth.patrolPresence).toEqual(city.truth.patrolPresence);
    for (const [cell, day] of [[0, 0], [1500, 100], [3000, 729]] as const) {
      expect(again.truth.intensity(cell, day)).toBe(city.truth.intensity(cell, day));
    }
  });

  it("gives a different city for a different seed", () => {
    const other = cityFor({ seed: 12 });
    expect(other.incidents.length).not.toBe(city.incidents.length);
    expect(other.areas[0]?.polygon).not.toEqual(city.areas[0]?.polygon);
  });

  it("fills the defaults into options", () => {
    expect(city.options).toEqual({
      seed: 11,
      districts: 20,
      days: 730,
      startDate: "2024-01-01",
      centre: { lon: -38.5, lat: 41.5 },
      cellSizeM: 150,
      segregation: 0.6,
      discoveryBias: 0.5,
      targetIncidents: 45_000,
      deployment: null,
    });
    expect(city.centralMeridian).toBe(-38.5);
  });

  it("records close to the target number of incidents, sorted in time within the period", () => {
    expect(city.incidents.length).toBeGreaterThan(45_000 * 0.9);
    expect(city.incidents.length).toBeLessThan(45_000 * 1.1);
    const start = Date.UTC(2024, 0, 1);
    let previous = start;
    for (const incident of city.incidents) {
      const t = incident.occurredAt.getTime();
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
    }
    expect(previous).toBeLessThan(start + 730 * DAY_MS);
    expect(new Set(city.incidents.map((i) => i.externalId)).size).toBe(city.incidents.length);
  });

  it("scales to a smaller target", () => {
    const small = cityFor({ seed: 11, days: 365, targetIncidents: 8000 });
    expect(small.incidents.length).toBeGreaterThan(8000 * 0.85);
    expect(small.incidents.length).toBeLessThan(8000 * 1.15);
  });

  it("has a realistic category mix: theft most common, homicide rare but present", () => {
    const counts = new Map<string, number>();
    for (const i of city.incidents) counts.set(i.category, (counts.get(i.category) ?? 0) + 1);
    expect(counts.size).toBe(9);
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    expect(sorted[0]?.[0]).toBe("theft");
    expect(sorted.at(-1)?.[0]).toBe("homicide");
    expect(counts.get("homicide")).toBeGreaterThan(10);
  });

  it("has more crime in the evening than before dawn", () => {
    const byHour = new Array<number>(24).fill(0);
    for (const i of city.incidents) byHour[i.occurredAt.getUTCHours()]! += 1;
    expect(byHour[19]!).toBeGreaterThan(2.5 * byHour[5]!);
  });

  it("generates the default city in well under two seconds", () => {
    const started = performance.now();
    generateCity({ seed: 99 });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    [{ seed: 1.5 }, /seed/],
    [{ seed: 1, segregation: 2 }, /segregation/],
    [{ seed: 1, discoveryBias: -0.1 }, /discoveryBias/],
    [{ seed: 1, startDate: "2024-02-30" }, /startDate/],
    [{ seed: 1, districts: 0 }, /districts/],
    [{ seed: 1, days: 0 }, /days/],
    [{ seed: 1, centre: { lon: 200, lat: 0 } }, /centre.lon/],
  ])("rejects %o with a RangeError naming the option", (options, message) => {
    expect(() => generateCity(options)).toThrow(RangeError);
    expect(() => generateCity(options)).toThrow(message);
  });
});
