CREATE TABLE "monitoring_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"value" double precision,
	"threshold" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledgement" text,
	"acknowledgement_ledger_seq" integer,
	CONSTRAINT "monitoring_alerts_ack_whole" CHECK (("monitoring_alerts"."acknowledged_at" is null) = ("monitoring_alerts"."acknowledged_by" is null) and ("monitoring_alerts"."acknowledged_at" is null) = ("monitoring_alerts"."acknowledgement" is null) and ("monitoring_alerts"."acknowledged_at" is null) = ("monitoring_alerts"."acknowledgement_ledger_seq" is null))
);
--> statement-breakpoint
CREATE TABLE "monitoring_metrics" (
	"run_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"status" text NOT NULL,
	"value" double precision,
	"lower" double precision,
	"upper" double precision,
	"level" double precision,
	"threshold" text NOT NULL,
	"limit" jsonb NOT NULL,
	"group_name" text,
	"reason" text,
	"detail" text NOT NULL,
	CONSTRAINT "monitoring_metrics_run_id_metric_pk" PRIMARY KEY("run_id","metric"),
	CONSTRAINT "monitoring_metrics_metric_known" CHECK ("monitoring_metrics"."metric" in ('realised_pai','exposure_disparity','false_positive_disparity','feedback_ratio','displacement_wdq')),
	CONSTRAINT "monitoring_metrics_status_known" CHECK ("monitoring_metrics"."status" in ('pass','breach','not_measurable')),
	CONSTRAINT "monitoring_metrics_reason" CHECK (("monitoring_metrics"."status" = 'not_measurable') = ("monitoring_metrics"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "monitoring_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"month" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"job_id" uuid,
	"policy_id" integer,
	"period_from" text,
	"period_to" text,
	"summary" jsonb,
	"breaches" integer,
	"suspended" boolean DEFAULT false NOT NULL,
	"result_hash" text,
	"ledger_seq" integer,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "monitoring_runs_month" CHECK ("monitoring_runs"."month" ~ '^\d{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "monitoring_runs_trigger_known" CHECK ("monitoring_runs"."trigger" in ('scheduled','on_demand')),
	CONSTRAINT "monitoring_runs_status_known" CHECK ("monitoring_runs"."status" in ('queued','completed','failed')),
	CONSTRAINT "monitoring_runs_completed_whole" CHECK (("monitoring_runs"."status" = 'completed') = ("monitoring_runs"."completed_at" is not null and "monitoring_runs"."ledger_seq" is not null and "monitoring_runs"."result_hash" is not null))
);
--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_run_id_monitoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."monitoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_metrics" ADD CONSTRAINT "monitoring_metrics_run_id_monitoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."monitoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_runs" ADD CONSTRAINT "monitoring_runs_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_runs" ADD CONSTRAINT "monitoring_runs_policy_id_audit_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."audit_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_runs" ADD CONSTRAINT "monitoring_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_alerts_open_idx" ON "monitoring_alerts" USING btree ("acknowledged_at","created_at");--> statement-breakpoint
CREATE INDEX "monitoring_alerts_version_idx" ON "monitoring_alerts" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "monitoring_runs_version_idx" ON "monitoring_runs" USING btree ("version_id","month");--> statement-breakpoint
-- What monitoring measured is evidence (its ledger entry vouches for it): metrics are never changed
-- or removed, a completed run is never changed, and an alert only takes its acknowledgement, once.
-- ALWAYS, so replica mode does not skip them.
CREATE FUNCTION monitoring_metrics_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'monitoring_metrics is append-only: measured metrics are never changed or removed'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER monitoring_metrics_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON monitoring_metrics FOR EACH STATEMENT EXECUTE FUNCTION monitoring_metrics_refuse_change();
--> statement-breakpoint
ALTER TABLE monitoring_metrics ENABLE ALWAYS TRIGGER monitoring_metrics_append_only;
--> statement-breakpoint
CREATE FUNCTION monitoring_runs_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = 'completed' OR (NEW.id, NEW.version_id, NEW.month, NEW.trigger, NEW.policy_id, NEW.created_by, NEW.created_at)
      IS DISTINCT FROM (OLD.id, OLD.version_id, OLD.month, OLD.trigger, OLD.policy_id, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'monitoring run % is kept as queued or completed; a completed run is never changed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER monitoring_runs_keep BEFORE UPDATE OR DELETE ON monitoring_runs FOR EACH ROW EXECUTE FUNCTION monitoring_runs_keep();
--> statement-breakpoint
ALTER TABLE monitoring_runs ENABLE ALWAYS TRIGGER monitoring_runs_keep;
--> statement-breakpoint
CREATE FUNCTION monitoring_alerts_acknowledge_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.acknowledged_at IS NOT NULL
      OR (NEW.id, NEW.run_id, NEW.version_id, NEW.metric, NEW.value, NEW.threshold, NEW.created_at)
         IS DISTINCT FROM (OLD.id, OLD.run_id, OLD.version_id, OLD.metric, OLD.value, OLD.threshold, OLD.created_at) THEN
    RAISE EXCEPTION 'monitoring alert % is kept as raised; only its acknowledgement may be added, once', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER monitoring_alerts_keep BEFORE UPDATE OR DELETE ON monitoring_alerts FOR EACH ROW EXECUTE FUNCTION monitoring_alerts_acknowledge_once();
--> statement-breakpoint
ALTER TABLE monitoring_alerts ENABLE ALWAYS TRIGGER monitoring_alerts_keep;
--> statement-breakpoint
CREATE TRIGGER monitoring_runs_no_truncate BEFORE TRUNCATE ON monitoring_runs FOR EACH STATEMENT EXECUTE FUNCTION monitoring_metrics_refuse_change();
--> statement-breakpoint
ALTER TABLE monitoring_runs ENABLE ALWAYS TRIGGER monitoring_runs_no_truncate;
--> statement-breakpoint
CREATE TRIGGER monitoring_alerts_no_truncate BEFORE TRUNCATE ON monitoring_alerts FOR EACH STATEMENT EXECUTE FUNCTION monitoring_metrics_refuse_change();
--> statement-breakpoint
ALTER TABLE monitoring_alerts ENABLE ALWAYS TRIGGER monitoring_alerts_no_truncate;
