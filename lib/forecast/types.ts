/**
 * Shared shapes of the forecast engine. Units throughout: metres for x/y and distances,
 * days since the Unix epoch (UTC, fractional) for times, days for durations.
 */

/** A regular square grid. Cell index = row × nx + col, row 0 at the south edge, col 0 at the west. */
export interface Grid {
  /** Side of a cell, metres. */
  readonly cellSize: number;
  /** South-west corner of cell 0, metres. */
  readonly originX: number;
  readonly originY: number;
  readonly nx: number;
  readonly ny: number;
  /** 1 where the cell takes part in forecasts and scoring, else 0. Length nx × ny. */
  readonly mask: Uint8Array;
  /** Indices of the valid cells, ascending (row-major from the south-west corner). */
  readonly validCells: Int32Array;
  /** Area (e.g. neighbourhood) index per cell, −1 where none. Length nx × ny. */
  readonly cellArea: Int32Array;
}

/** Incidents as parallel typed arrays, sorted by time. */
export interface EventSet {
  /** Easting, metres. */
  readonly x: Float64Array;
  /** Northing, metres. */
  readonly y: Float64Array;
  /** Occurrence time, days since 1970-01-01T00:00Z; ascending. */
  readonly t: Float64Array;
  /** Offence category code (the caller's own coding, e.g. UCR leading digit). */
  readonly category: Uint8Array;
}

/** Events with their grid cell (−1 outside the grid or outside the mask). */
export interface GriddedEvents extends EventSet {
  readonly cell: Int32Array;
}

/** One forecast surface for the period [start, start + horizonDays). */
export interface Prediction {
  readonly start: number;
  readonly horizonDays: number;
  /** Expected number of events per cell in the period; 0 outside the mask. Length nx × ny. */
  readonly expected: Float64Array;
  /** Ranking score per cell (higher = flagged first); equal to `expected` unless a model says otherwise. */
  readonly risk: Float64Array;
}

/** Why a cell received its value: additive components and, where meaningful, the past incidents behind it. */
export interface Explanation {
  readonly cell: number;
  readonly expected: number;
  /** Additive parts of `expected` (e.g. background and triggering), events. */
  readonly components: readonly { readonly label: string; readonly value: number }[];
  /** Past incidents (indices into the event set) that contributed most, with their share of the value. */
  readonly contributors: readonly { readonly event: number; readonly weight: number }[];
  readonly text: string;
}

/** A model fitted on events before a cutoff; it can predict any later period from the events before its start. */
export interface FittedModel {
  readonly kind: string;
  readonly params: Readonly<Record<string, number>>;
  /** Fitted quantities worth reporting (for SEPP: ω, θ, mean trigger delay), with units in the key. */
  readonly summary: Readonly<Record<string, number>>;
  predict(events: GriddedEvents, start: number, horizonDays: number): Prediction;
  explain(events: GriddedEvents, cell: number, start: number, horizonDays: number): Explanation;
}

export interface Model {
  readonly kind: string;
  readonly params: Readonly<Record<string, number>>;
  /** Fits on the events with t < cutoff (days). */
  fit(events: GriddedEvents, grid: Grid, cutoff: number): FittedModel;
}
