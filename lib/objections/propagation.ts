/**
 * Which models and forecasts a changed incident record reaches, and how the change is told to the
 * citizen. Pure: the data-access layer supplies the records, definitions and forecasts.
 */
import type { DataAction } from "./schemas";

/** The facts of one incident revision that decide whether data built on it included it. */
export interface RecordFacts {
  category: string;
  areaCode: string | null;
  occurredAt: Date;
}

/** What a version definition says about its training data. */
export interface TrainingScope {
  categories: readonly string[];
  areaCodes: readonly string[];
  /** Inclusive calendar dates (UTC), YYYY-MM-DD. */
  trainingWindow: { from: string; to: string };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Whether a version's training data (window, categories, areas) covers the record.
 *
 * @example definitionCovers({ categories: ["theft"], areaCodes: ["D01"], trainingWindow: { from: "2025-01-01", to: "2025-12-31" } }, { category: "theft", areaCode: "D01", occurredAt: new Date("2025-06-01") }) // true
 */
export function definitionCovers(scope: TrainingScope, record: RecordFacts): boolean {
  if (record.areaCode === null || !scope.areaCodes.includes(record.areaCode) || !scope.categories.includes(record.category)) return false;
  const day = isoDay(record.occurredAt);
  return day >= scope.trainingWindow.from && day <= scope.trainingWindow.to;
}

/** What a stored forecast was made from. */
export interface ForecastInputs {
  categories: readonly string[];
  areaCodes: readonly string[];
  /** First day of the forecast period (UTC date). */
  periodStart: string;
  /** The moment its data snapshot fixed the data. */
  snapshotAsOf: Date;
}

/**
 * Whether a forecast's inputs included a record: the record (as recorded at `recordedAt`) was in
 * the forecast's snapshot, in its categories and areas, and happened before the period began.
 */
export function forecastUsedRecord(forecast: ForecastInputs, record: RecordFacts & { recordedAt: Date }): boolean {
  if (record.recordedAt.getTime() > forecast.snapshotAsOf.getTime()) return false;
  if (record.areaCode === null || !forecast.areaCodes.includes(record.areaCode) || !forecast.categories.includes(record.category)) return false;
  return isoDay(record.occurredAt) < forecast.periodStart;
}

/** A field of the incident that a decision changed, as the citizen is told it. */
export type ChangedField =
  | { field: "category"; before: string; after: string }
  | { field: "occurredAt"; before: string; after: string }
  /** Coordinates are not repeated to the public; the area before and after says enough. */
  | { field: "location"; areaBefore: string | null; areaAfter: string | null };

/**
 * The changed fields of a correction (fields that end up equal are left out), or null when the
 * action is an exclusion.
 */
export function correctedFields(
  before: RecordFacts & { lat: number; lon: number },
  after: RecordFacts & { lat: number; lon: number },
): ChangedField[] {
  const fields: ChangedField[] = [];
  if (before.category !== after.category) fields.push({ field: "category", before: before.category, after: after.category });
  if (before.occurredAt.getTime() !== after.occurredAt.getTime()) fields.push({ field: "occurredAt", before: before.occurredAt.toISOString(), after: after.occurredAt.toISOString() });
  if (before.lat !== after.lat || before.lon !== after.lon) fields.push({ field: "location", areaBefore: before.areaCode, areaAfter: after.areaCode });
  return fields;
}

/** The incident's new facts once a correction applies (location still to be projected and located). */
export function applyCorrection<T extends { category: string; occurredAt: Date; lat: number; lon: number }>(current: T, action: Extract<DataAction, { type: "correct" }>): T {
  return {
    ...current,
    category: action.category ?? current.category,
    occurredAt: action.occurredAt ? new Date(action.occurredAt) : current.occurredAt,
    lat: action.location?.lat ?? current.lat,
    lon: action.location?.lon ?? current.lon,
  };
}

/** What the case page and the citizen's status page say changed. */
export interface ChangeSummary {
  incidentExternalId: string;
  change: "corrected" | "excluded";
  fields: ChangedField[];
  /** Personal fields removed from the incident record on erasure (names of the fields). */
  erasedFields: string[];
  incidentRevision: number;
  snapshot: { id: string; contentHash: string; incidentCount: number };
  versionsFlagged: number;
  versionsNeedingReaudit: number;
  forecastsAnnotated: number;
  ledgerSeq: number;
}
