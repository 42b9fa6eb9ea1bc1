/** The public shapes of the synthetic city. `index.ts` re-exports them; callers import from there. */

export type IncidentCategory =
  | "theft"
  | "burglary"
  | "robbery"
  | "vehicle_theft"
  | "assault"
  | "homicide"
  | "sexual_offence"
  | "arson"
  | "other";

export interface CityOptions {
  /** Any safe integer; the same options always give the same city. */
  seed: number;
  /** Number of districts (areas). Default 20. */
  districts?: number;
  /** Length of the simulated period in days. Default 730. */
  days?: number;
  /** First simulated day, ISO date `YYYY-MM-DD`, taken as UTC midnight. Default "2024-01-01". */
  startDate?: string;
  /** Centre of the city in WGS84 degrees. Default a point in the open North Atlantic (see options.ts). */
  centre?: { lon: number; lat: number };
  /** Side of a ground-truth grid cell in metres. Default 150. */
  cellSizeM?: number;
  /** 0 = every district has the city-wide group mix, 1 = strongly segregated. Default 0.6. */
  segregation?: number;
  /**
   * 0..1: how much police discovery, which follows patrol presence, adds to public reports.
   * 0 = every recorded incident was reported by the public. Default 0.5.
   */
  discoveryBias?: number;
  /** Expected number of *recorded* incidents; the true crime volume is scaled to hit it. Default 45 000. */
  targetIncidents?: number;
  /** Patrols deployed to chosen places from a given day, with planted deterrence and displacement. Default none. */
  deployment?: Deployment | null;
}

/**
 * A planted deployment: from `fromDay` patrols are present in the target squares, where they
 * prevent a share of crime, and a share of what they prevent is displaced into a buffer ring
 * around them — the effect the audit's weighted displacement quotient must find.
 */
export interface Deployment {
  /** First day with patrols (0 = startDate). */
  fromDay: number;
  /** Centres of the patrolled squares, WGS84 (e.g. the cells a forecast flagged). */
  targets: readonly { lon: number; lat: number }[];
  /** Side of each patrolled square in metres (the forecast's cell size), in the city's projection. */
  targetSideM: number;
  /** Share of true incidents in patrolled squares that patrols prevent there (0–1). */
  deterrence: number;
  /** Share of prevented incidents committed instead in the buffer ring (0–1): the displacement knob. */
  displacement: number;
  /** Width of the buffer ring around each square, metres. */
  bufferM: number;
}

export interface SyntheticArea {
  /** "D01", "D02", … in reading order (north-west first). */
  code: string;
  /** An invented neighbourhood name. */
  name: string;
  /** WGS84 [lon, lat], one closed counter-clockwise ring, no holes; the areas tile the city. */
  polygon: { type: "Polygon"; coordinates: number[][][] };
  /** Residents. */
  population: number;
  /** Residents by demographic group (`group_a`, `group_b`, `group_c`); sums to `population`. */
  groups: Record<string, number>;
}

export interface SyntheticIncident {
  externalId: string;
  category: IncidentCategory;
  /** Occurrence instant, to the minute. */
  occurredAt: Date;
  lon: number;
  lat: number;
  areaCode: string;
  source: "reported" | "discovered";
}

export interface GroundTruth {
  /** Transverse-Mercator metres (central meridian `SyntheticCity.centralMeridian`) of the grid's south-west corner. */
  originX: number;
  originY: number;
  cellSizeM: number;
  cols: number;
  rows: number;
  days: number;
  /**
   * True expected incidents (recorded or not) in `cell` (row-major, rows south→north) on `day`
   * (0 = startDate, UTC days): background plus the offspring expected from the events that
   * actually happened before and during that day.
   */
  intensity(cell: number, day: number): number;
  /** True background incidents per cell per day, length cols × rows; constant over time. */
  background: Float64Array;
  /** Hawkes near-repeat kernel: offspring per event, decay rate per day, Gaussian offset sd in metres. */
  triggering: { omegaPerDay: number; theta: number; sigmaM: number };
  /** Police patrol presence per cell averaged over the period, relative (mean 1 over cells). */
  patrolPresence: Float64Array;
  /**
   * What the planted deployment did to true incidents (null without one). `intensity` and
   * `background` describe the process before deployment: the knob moves incidents, not the process.
   */
  deployment: { prevented: number; displaced: number } | null;
}

export interface SyntheticCity {
  options: Required<CityOptions>;
  /** Central meridian (degrees) of the transverse Mercator projection the city was built in. */
  centralMeridian: number;
  areas: SyntheticArea[];
  /** Recorded incidents only, sorted by time. */
  incidents: SyntheticIncident[];
  truth: GroundTruth;
}
