CREATE TABLE "forecast_cells" (
	"forecast_id" uuid NOT NULL,
	"cell" integer NOT NULL,
	"area_code" text NOT NULL,
	"risk" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"rank" integer NOT NULL,
	"flagged" boolean NOT NULL,
	"explanation" jsonb,
	CONSTRAINT "forecast_cells_forecast_id_cell_pk" PRIMARY KEY("forecast_id","cell")
);
--> statement-breakpoint
CREATE TABLE "forecast_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"forecast_id" uuid NOT NULL,
	"viewer_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"area_codes" jsonb NOT NULL,
	"ledger_seq" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_views_purpose_known" CHECK ("forecast_views"."purpose" in ('patrol_planning','resource_allocation','briefing'))
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"snapshot_hash" text NOT NULL,
	"period_start" text NOT NULL,
	"horizon_days" integer NOT NULL,
	"coverage" real NOT NULL,
	"area_codes" jsonb NOT NULL,
	"categories" jsonb NOT NULL,
	"grid" jsonb NOT NULL,
	"cell_count" integer NOT NULL,
	"flagged_count" integer NOT NULL,
	"merkle_root" text NOT NULL,
	"ledger_seq" integer NOT NULL,
	"generated_by" uuid,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecasts_horizon_known" CHECK ("forecasts"."horizon_days" in (1, 7)),
	CONSTRAINT "forecasts_period_is_date" CHECK ("forecasts"."period_start" ~ '^\d{4}-\d{2}-\d{2}$')
);
--> statement-breakpoint
CREATE TABLE "patrol_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"forecast_id" uuid NOT NULL,
	"cell" integer NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"planned_minutes" integer,
	"reason" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ledger_seq" integer NOT NULL,
	"outcome_incident_found" boolean,
	"outcome_arrests" integer,
	"outcome_stops" integer,
	"outcome_note" text,
	"outcome_recorded_at" timestamp with time zone,
	"outcome_ledger_seq" integer,
	CONSTRAINT "patrol_actions_one_per_cell" UNIQUE("forecast_id","cell","recorded_by"),
	CONSTRAINT "patrol_actions_kind_known" CHECK ("patrol_actions"."kind" in ('patrol_assigned','not_acted','extra_cell')),
	CONSTRAINT "patrol_actions_minutes" CHECK (("patrol_actions"."kind" = 'patrol_assigned') = ("patrol_actions"."planned_minutes" is not null) and coalesce("patrol_actions"."planned_minutes" between 1 and 1440, true)),
	CONSTRAINT "patrol_actions_reason" CHECK ("patrol_actions"."kind" = 'patrol_assigned' or length(trim(coalesce("patrol_actions"."reason", ''))) > 0),
	CONSTRAINT "patrol_actions_outcome_counts" CHECK (coalesce("patrol_actions"."outcome_arrests" >= 0, true) and coalesce("patrol_actions"."outcome_stops" >= 0, true)),
	CONSTRAINT "patrol_actions_outcome_whole" CHECK (("patrol_actions"."outcome_recorded_at" is null) = ("patrol_actions"."outcome_incident_found" is null))
);
--> statement-breakpoint
ALTER TABLE "forecast_cells" ADD CONSTRAINT "forecast_cells_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_views" ADD CONSTRAINT "forecast_views_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_views" ADD CONSTRAINT "forecast_views_viewer_id_users_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_snapshot_id_data_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."data_snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_generated_by_users_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_actions" ADD CONSTRAINT "patrol_actions_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_actions" ADD CONSTRAINT "patrol_actions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecast_views_forecast_idx" ON "forecast_views" USING btree ("forecast_id");--> statement-breakpoint
CREATE INDEX "forecast_views_viewer_idx" ON "forecast_views" USING btree ("viewer_id","at");--> statement-breakpoint
CREATE INDEX "forecasts_lookup_idx" ON "forecasts" USING btree ("version_id","period_start","horizon_days");--> statement-breakpoint
CREATE INDEX "patrol_actions_forecast_idx" ON "patrol_actions" USING btree ("forecast_id");--> statement-breakpoint
-- A stored forecast and its cells are what officers saw and what the ledger's Merkle root vouches
-- for: never changed or removed. Views are an access log: never changed or removed either. ALWAYS,
-- so replica mode does not skip them.
CREATE FUNCTION forecasts_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: stored forecasts and their views are never changed or removed', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER forecasts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON forecasts FOR EACH STATEMENT EXECUTE FUNCTION forecasts_refuse_change();
--> statement-breakpoint
CREATE TRIGGER forecast_cells_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON forecast_cells FOR EACH STATEMENT EXECUTE FUNCTION forecasts_refuse_change();
--> statement-breakpoint
CREATE TRIGGER forecast_views_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON forecast_views FOR EACH STATEMENT EXECUTE FUNCTION forecasts_refuse_change();
--> statement-breakpoint
ALTER TABLE forecasts ENABLE ALWAYS TRIGGER forecasts_append_only;
--> statement-breakpoint
ALTER TABLE forecast_cells ENABLE ALWAYS TRIGGER forecast_cells_append_only;
--> statement-breakpoint
ALTER TABLE forecast_views ENABLE ALWAYS TRIGGER forecast_views_append_only;
--> statement-breakpoint
-- A patrol decision is kept as recorded; only its outcome is added, once.
CREATE FUNCTION patrol_actions_outcome_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.outcome_recorded_at IS NOT NULL
      OR (NEW.forecast_id, NEW.cell, NEW.area_code, NEW.kind, NEW.planned_minutes, NEW.reason, NEW.recorded_by, NEW.recorded_at, NEW.ledger_seq)
         IS DISTINCT FROM (OLD.forecast_id, OLD.cell, OLD.area_code, OLD.kind, OLD.planned_minutes, OLD.reason, OLD.recorded_by, OLD.recorded_at, OLD.ledger_seq) THEN
    RAISE EXCEPTION 'patrol action % is recorded; only its outcome may be added, once', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER patrol_actions_keep BEFORE UPDATE OR DELETE ON patrol_actions FOR EACH ROW EXECUTE FUNCTION patrol_actions_outcome_once();
--> statement-breakpoint
ALTER TABLE patrol_actions ENABLE ALWAYS TRIGGER patrol_actions_keep;
