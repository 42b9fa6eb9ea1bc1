import { transverseMercator } from "@/lib/geo/projection";
import { generateCity } from "@/lib/simulate";
import type { CityOptions, SyntheticCity } from "@/lib/simulate";

const cache = new Map<string, SyntheticCity>();

/** Generating a city takes a fraction of a second; tests share one per option set. */
export function cityFor(options: CityOptions): SyntheticCity {
  const key = JSON.stringify(options);
  let city = cache.get(key);
  if (!city) {
    city = generateCity(options);
    cache.set(key, city);
  }
  return city;
}

/** Even–odd ray test in the ring's own plane; written here as an independent oracle. */
export function ringContains(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = NaN, yi = NaN] = ring[i] ?? [];
    const [xj = NaN, yj = NaN] = ring[j] ?? [];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Signed shoelace area; positive for counter-clockwise rings. */
export function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Converts lon/lat to the city's local metres (from the truth grid's south-west corner). */
export function cityMetres(city: SyntheticCity): (lon: number, lat: number) => [number, number] {
  const tm = transverseMercator(city.centralMeridian);
  return (lon, lat) => {
    const [x, y] = tm.forward(lon, lat);
    return [x - city.truth.originX, y - city.truth.originY];
  };
}

/** Duncan's index of dissimilarity between two groups across areas (0 = even, 1 = apart). */
export function dissimilarity(city: SyntheticCity, a: string, b: string): number {
  const totalA = city.areas.reduce((s, area) => s + (area.groups[a] ?? 0), 0);
  const totalB = city.areas.reduce((s, area) => s + (area.groups[b] ?? 0), 0);
  return 0.5 * city.areas.reduce((s, area) => s + Math.abs((area.groups[a] ?? 0) / totalA - (area.groups[b] ?? 0) / totalB), 0);
}
