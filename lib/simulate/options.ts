import type { CityOptions, Deployment } from "./types";

/**
 * The default centre is open sea in the North Atlantic, some 650 km west of the Azores.
 * A synthetic crime map laid over a real town would read as a statement about real
 * neighbourhoods; a city at sea is plainly fictional, while its latitude still gives
 * realistic projection behaviour.
 */
export const DEFAULT_CENTRE = { lon: -38.5, lat: 41.5 } as const;

export const DEFAULTS = {
  districts: 20,
  days: 730,
  startDate: "2024-01-01",
  cellSizeM: 150,
  segregation: 0.6,
  discoveryBias: 0.5,
  targetIncidents: 45_000,
} as const;

/** Fills defaults and rejects values the generator cannot honour, naming the option. */
export function resolveOptions(options: CityOptions): Required<CityOptions> {
  const resolved: Required<CityOptions> = {
    seed: options.seed,
    districts: options.districts ?? DEFAULTS.districts,
    days: options.days ?? DEFAULTS.days,
    startDate: options.startDate ?? DEFAULTS.startDate,
    centre: { ...(options.centre ?? DEFAULT_CENTRE) },
    cellSizeM: options.cellSizeM ?? DEFAULTS.cellSizeM,
    segregation: options.segregation ?? DEFAULTS.segregation,
    discoveryBias: options.discoveryBias ?? DEFAULTS.discoveryBias,
    targetIncidents: options.targetIncidents ?? DEFAULTS.targetIncidents,
    deployment: options.deployment ?? null,
  };
  requireInteger("seed", resolved.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  requireInteger("days", resolved.days, 1, 3660);
  requireInteger("targetIncidents", resolved.targetIncidents, 0, 1_000_000);
  requireRange("cellSizeM", resolved.cellSizeM, 50, 1000);
  requireRange("segregation", resolved.segregation, 0, 1);
  requireRange("discoveryBias", resolved.discoveryBias, 0, 1);
  requireRange("centre.lon", resolved.centre.lon, -180, 180);
  requireRange("centre.lat", resolved.centre.lat, -80, 80);
  startInstant(resolved.startDate);
  if (resolved.deployment) checkDeployment(resolved.deployment, resolved.days);
  return resolved;
}

function checkDeployment(deployment: Deployment, days: number): void {
  requireInteger("deployment.fromDay", deployment.fromDay, 0, days - 1);
  requireRange("deployment.targetSideM", deployment.targetSideM, 10, 1000);
  requireRange("deployment.deterrence", deployment.deterrence, 0, 1);
  requireRange("deployment.displacement", deployment.displacement, 0, 1);
  requireRange("deployment.bufferM", deployment.bufferM, 0, 2000);
  if (!Array.isArray(deployment.targets)) throw new RangeError("deployment.targets must be a list of { lon, lat }");
  deployment.targets.forEach((target, i) => {
    requireRange(`deployment.targets[${i}].lon`, target.lon, -180, 180);
    requireRange(`deployment.targets[${i}].lat`, target.lat, -80, 80);
  });
}

/** Milliseconds since the epoch of UTC midnight on `isoDate`, or a RangeError for a malformed date. */
export function startInstant(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`startDate must be an ISO date YYYY-MM-DD, got ${JSON.stringify(isoDate)}`);
  }
  return ms;
}

/** The district count must leave each district a few cells; checked once the grid size is known. */
export function checkDistrictCount(districts: number, cells: number): void {
  requireInteger("districts", districts, 1, Math.min(999, Math.floor(cells / 16)));
}

function requireRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
}
