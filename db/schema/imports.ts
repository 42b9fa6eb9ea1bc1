import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ImportIssue } from "../../lib/import/issues";
import { users } from "./users";

export type { ImportIssue };

/** The stored outcome of every import, successful or not. */
export const importReports = pgTable(
  "import_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    options: jsonb("options").$type<Record<string, unknown>>().notNull(),
    status: text("status").notNull(),
    rowCount: integer("row_count").notNull().default(0),
    importedCount: integer("imported_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** The first issues, line and field named; errorCount has the total. */
    errors: jsonb("errors").$type<ImportIssue[]>().notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    check("import_reports_kind_known", sql`${t.kind} in ('incidents','areas')`),
    check("import_reports_status_known", sql`${t.status} in ('imported','rejected','failed')`),
  ],
);

export type ImportReport = typeof importReports.$inferSelect;
