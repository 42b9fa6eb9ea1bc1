import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { dataSnapshots } from "./incidents";
import { modelVersions } from "./models";
import { users } from "./users";

/** Where a forecast's cells lie: the version's grid in the deployment's transverse Mercator metres. */
export interface ForecastGrid {
  originX: number;
  originY: number;
  cellSize: number;
  nx: number;
  ny: number;
  centralMeridian: number;
}

/** Why a flagged cell was flagged, in the words and numbers an officer can check. */
export interface CellExplanation {
  text: string;
  components: { label: string; value: number }[];
  /** Past incidents behind the value: how many, and how recent the newest was (days before the period). */
  recentIncidents: number;
  newestDaysAgo: number | null;
  /** Incidents in the cell over the year before the period: the long-term level. */
  yearCount: number;
}

/**
 * One stored forecast of an approved version for one period. Immutable (trigger in 0006): what an
 * officer saw can always be shown again, and its Merkle root over the cells is on the ledger.
 */
export const forecasts = pgTable(
  "forecasts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id),
    snapshotId: uuid("snapshot_id")
      .notNull()
      .references(() => dataSnapshots.id),
    snapshotHash: text("snapshot_hash").notNull(),
    /** First day of the period (UTC date); the period is [periodStart, periodStart + horizonDays). */
    periodStart: text("period_start").notNull(),
    horizonDays: integer("horizon_days").notNull(),
    /** Share of cells flagged (the audited coverage). */
    coverage: real("coverage").notNull(),
    areaCodes: jsonb("area_codes").$type<string[]>().notNull(),
    categories: jsonb("categories").$type<string[]>().notNull(),
    grid: jsonb("grid").$type<ForecastGrid>().notNull(),
    cellCount: integer("cell_count").notNull(),
    flaggedCount: integer("flagged_count").notNull(),
    /** RFC 6962 root over the cells' canonical predictions, in cell order. */
    merkleRoot: text("merkle_root").notNull(),
    ledgerSeq: integer("ledger_seq").notNull(),
    generatedBy: uuid("generated_by").references(() => users.id),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("forecasts_horizon_known", sql`${t.horizonDays} in (1, 7)`),
    check("forecasts_period_is_date", sql`${t.periodStart} ~ '^\\d{4}-\\d{2}-\\d{2}$'`),
    index("forecasts_lookup_idx").on(t.versionId, t.periodStart, t.horizonDays),
  ],
);

/** A forecast's prediction for one grid cell. Cell = row × nx + col from the grid's south-west corner. */
export const forecastCells = pgTable(
  "forecast_cells",
  {
    forecastId: uuid("forecast_id")
      .notNull()
      .references(() => forecasts.id),
    cell: integer("cell").notNull(),
    areaCode: text("area_code").notNull(),
    risk: doublePrecision("risk").notNull(),
    expected: doublePrecision("expected").notNull(),
    /** 1 = highest risk in the forecast. */
    rank: integer("rank").notNull(),
    flagged: boolean("flagged").notNull(),
    explanation: jsonb("explanation").$type<CellExplanation>(),
  },
  (t) => [primaryKey({ columns: [t.forecastId, t.cell] })],
);

export const VIEW_PURPOSES = ["patrol_planning", "resource_allocation", "briefing"] as const;
export type ViewPurpose = (typeof VIEW_PURPOSES)[number];

/** An officer opened a forecast for a stated purpose; written with its ledger entry or not at all. */
export const forecastViews = pgTable(
  "forecast_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    forecastId: uuid("forecast_id")
      .notNull()
      .references(() => forecasts.id),
    viewerId: uuid("viewer_id")
      .notNull()
      .references(() => users.id),
    purpose: text("purpose").notNull(),
    areaCodes: jsonb("area_codes").$type<string[]>().notNull(),
    ledgerSeq: integer("ledger_seq").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("forecast_views_purpose_known", sql`${t.purpose} in ('patrol_planning','resource_allocation','briefing')`),
    index("forecast_views_forecast_idx").on(t.forecastId),
    index("forecast_views_viewer_idx").on(t.viewerId, t.at),
  ],
);

export const ACTION_KINDS = ["patrol_assigned", "not_acted", "extra_cell"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/**
 * What an officer decided for a cell: the human decision beside the model's advice, and the patrol
 * dosage the displacement and feedback audits read. Outcomes are recorded once, afterwards.
 */
export const patrolActions = pgTable(
  "patrol_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    forecastId: uuid("forecast_id")
      .notNull()
      .references(() => forecasts.id),
    cell: integer("cell").notNull(),
    areaCode: text("area_code").notNull(),
    kind: text("kind").notNull(),
    plannedMinutes: integer("planned_minutes"),
    reason: text("reason"),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    ledgerSeq: integer("ledger_seq").notNull(),
    outcomeIncidentFound: boolean("outcome_incident_found"),
    outcomeArrests: integer("outcome_arrests"),
    outcomeStops: integer("outcome_stops"),
    outcomeNote: text("outcome_note"),
    outcomeRecordedAt: timestamp("outcome_recorded_at", { withTimezone: true }),
    outcomeLedgerSeq: integer("outcome_ledger_seq"),
  },
  (t) => [
    check("patrol_actions_kind_known", sql`${t.kind} in ('patrol_assigned','not_acted','extra_cell')`),
    check("patrol_actions_minutes", sql`(${t.kind} = 'patrol_assigned') = (${t.plannedMinutes} is not null) and coalesce(${t.plannedMinutes} between 1 and 1440, true)`),
    check("patrol_actions_reason", sql`${t.kind} = 'patrol_assigned' or length(trim(coalesce(${t.reason}, ''))) > 0`),
    check("patrol_actions_outcome_counts", sql`coalesce(${t.outcomeArrests} >= 0, true) and coalesce(${t.outcomeStops} >= 0, true)`),
    check("patrol_actions_outcome_whole", sql`(${t.outcomeRecordedAt} is null) = (${t.outcomeIncidentFound} is null)`),
    unique("patrol_actions_one_per_cell").on(t.forecastId, t.cell, t.recordedBy),
    index("patrol_actions_forecast_idx").on(t.forecastId),
  ],
);

export type Forecast = typeof forecasts.$inferSelect;
export type ForecastCell = typeof forecastCells.$inferSelect;
export type PatrolAction = typeof patrolActions.$inferSelect;
