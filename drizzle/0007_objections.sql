CREATE TABLE "forecast_annotations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"forecast_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"change" text NOT NULL,
	"relation" text NOT NULL,
	"objection_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_annotations_once" UNIQUE("forecast_id","incident_id","revision"),
	CONSTRAINT "forecast_annotations_change_known" CHECK ("forecast_annotations"."change" in ('corrected','excluded')),
	CONSTRAINT "forecast_annotations_relation_known" CHECK ("forecast_annotations"."relation" in ('included','would_include'))
);
--> statement-breakpoint
CREATE TABLE "objection_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_hash" text NOT NULL,
	"tracking_hint" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"description" text NOT NULL,
	"incident_id" uuid,
	"area_id" uuid,
	"forecast_id" uuid,
	"cell" integer,
	"submitter_id" uuid,
	"policy" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"extended" boolean DEFAULT false NOT NULL,
	"assigned_to" uuid,
	"outcome" text,
	"reasons" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_on_time" boolean,
	"appeal_until" timestamp with time zone,
	"appeal_reason" text,
	"appealed_at" timestamp with time zone,
	"appeal_outcome" text,
	"appeal_reasons" text,
	"appeal_decided_by" uuid,
	"appeal_decided_at" timestamp with time zone,
	"appeal_decided_on_time" boolean,
	"closes_at" timestamp with time zone,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ledger_seq" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objection_cases_tracking_hash_unique" UNIQUE("tracking_hash"),
	CONSTRAINT "objection_cases_kind_known" CHECK ("objection_cases"."kind" in ('access','rectification','exclusion','objection','complaint')),
	CONSTRAINT "objection_cases_status_known" CHECK ("objection_cases"."status" in ('received','in_review','awaiting_information','decided','appealed','appeal_decided')),
	CONSTRAINT "objection_cases_outcome_known" CHECK ("objection_cases"."outcome" is null or "objection_cases"."outcome" in ('upheld','partially_upheld','rejected')),
	CONSTRAINT "objection_cases_appeal_outcome_known" CHECK ("objection_cases"."appeal_outcome" is null or "objection_cases"."appeal_outcome" in ('upheld','partially_upheld','rejected')),
	CONSTRAINT "objection_cases_decided_whole" CHECK (("objection_cases"."outcome" is null) = ("objection_cases"."decided_at" is null) and ("objection_cases"."outcome" is null) = ("objection_cases"."decided_by" is null)),
	CONSTRAINT "objection_cases_appeal_other_officer" CHECK ("objection_cases"."appeal_decided_by" is null or "objection_cases"."appeal_decided_by" <> "objection_cases"."decided_by"),
	CONSTRAINT "objection_cases_cell_has_forecast" CHECK ("objection_cases"."cell" is null or "objection_cases"."forecast_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "objection_contacts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objection_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"body" text,
	"data" jsonb,
	"ledger_seq" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objection_events_actor_kind" CHECK ("objection_events"."actor_kind" in ('officer','citizen','system'))
);
--> statement-breakpoint
CREATE TABLE "objection_idempotency" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"case_id" uuid NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "version_data_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"change" text NOT NULL,
	"objection_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "version_data_changes_once" UNIQUE("version_id","incident_id","revision"),
	CONSTRAINT "version_data_changes_change_known" CHECK ("version_data_changes"."change" in ('corrected','excluded'))
);
--> statement-breakpoint
ALTER TABLE "forecast_annotations" ADD CONSTRAINT "forecast_annotations_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_annotations" ADD CONSTRAINT "forecast_annotations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_annotations" ADD CONSTRAINT "forecast_annotations_objection_id_objection_cases_id_fk" FOREIGN KEY ("objection_id") REFERENCES "public"."objection_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_submitter_id_users_id_fk" FOREIGN KEY ("submitter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_cases" ADD CONSTRAINT "objection_cases_appeal_decided_by_users_id_fk" FOREIGN KEY ("appeal_decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_contacts" ADD CONSTRAINT "objection_contacts_case_id_objection_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."objection_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_events" ADD CONSTRAINT "objection_events_case_id_objection_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."objection_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_events" ADD CONSTRAINT "objection_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_idempotency" ADD CONSTRAINT "objection_idempotency_case_id_objection_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."objection_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_data_changes" ADD CONSTRAINT "version_data_changes_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_data_changes" ADD CONSTRAINT "version_data_changes_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_data_changes" ADD CONSTRAINT "version_data_changes_objection_id_objection_cases_id_fk" FOREIGN KEY ("objection_id") REFERENCES "public"."objection_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_data_changes" ADD CONSTRAINT "version_data_changes_snapshot_id_data_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."data_snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecast_annotations_forecast_idx" ON "forecast_annotations" USING btree ("forecast_id");--> statement-breakpoint
CREATE INDEX "objection_cases_queue_idx" ON "objection_cases" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "objection_cases_submitter_idx" ON "objection_cases" USING btree ("submitter_id");--> statement-breakpoint
CREATE INDEX "objection_cases_incident_idx" ON "objection_cases" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "objection_events_case_idx" ON "objection_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "version_data_changes_version_idx" ON "version_data_changes" USING btree ("version_id","at");--> statement-breakpoint
-- A case's history, the models it flagged and the forecasts it annotated are records of what was
-- done: never changed or removed. ALWAYS, so replica mode does not skip them.
CREATE FUNCTION objections_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: objection records are never changed or removed', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER objection_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON objection_events FOR EACH STATEMENT EXECUTE FUNCTION objections_refuse_change();
--> statement-breakpoint
CREATE TRIGGER version_data_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON version_data_changes FOR EACH STATEMENT EXECUTE FUNCTION objections_refuse_change();
--> statement-breakpoint
CREATE TRIGGER forecast_annotations_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON forecast_annotations FOR EACH STATEMENT EXECUTE FUNCTION objections_refuse_change();
--> statement-breakpoint
ALTER TABLE objection_events ENABLE ALWAYS TRIGGER objection_events_append_only;
--> statement-breakpoint
ALTER TABLE version_data_changes ENABLE ALWAYS TRIGGER version_data_changes_append_only;
--> statement-breakpoint
ALTER TABLE forecast_annotations ENABLE ALWAYS TRIGGER forecast_annotations_append_only;
--> statement-breakpoint
-- A decision, once given, stands as given: its outcome, reasons and officer never change, and a
-- case is never deleted. (The appeal is a second decision beside it, not an edit of it.)
CREATE FUNCTION objection_cases_keep_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
      OR (OLD.outcome IS NOT NULL AND (NEW.outcome, NEW.reasons, NEW.decided_by, NEW.decided_at) IS DISTINCT FROM (OLD.outcome, OLD.reasons, OLD.decided_by, OLD.decided_at))
      OR (OLD.appeal_outcome IS NOT NULL AND (NEW.appeal_outcome, NEW.appeal_reasons, NEW.appeal_decided_by, NEW.appeal_decided_at) IS DISTINCT FROM (OLD.appeal_outcome, OLD.appeal_reasons, OLD.appeal_decided_by, OLD.appeal_decided_at))
      OR (NEW.kind, NEW.description, NEW.tracking_hash, NEW.received_at, NEW.ledger_seq) IS DISTINCT FROM (OLD.kind, OLD.description, OLD.tracking_hash, OLD.received_at, OLD.ledger_seq) THEN
    RAISE EXCEPTION 'objection case %: what was filed and decided is never changed or removed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER objection_cases_keep BEFORE UPDATE OR DELETE ON objection_cases FOR EACH ROW EXECUTE FUNCTION objection_cases_keep_decisions();
--> statement-breakpoint
ALTER TABLE objection_cases ENABLE ALWAYS TRIGGER objection_cases_keep;
