CREATE TABLE "serious_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"harm_category" text NOT NULL,
	"widespread" boolean NOT NULL,
	"affected_groups" jsonb NOT NULL,
	"description" text NOT NULL,
	"actions_taken" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"aware_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"reporting_rule" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"filed_by" uuid NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ledger_seq" integer NOT NULL,
	"reported_at" timestamp with time zone,
	"reported_by" uuid,
	"authority_reference" text,
	"report_ledger_seq" integer,
	CONSTRAINT "serious_incidents_harm_known" CHECK ("serious_incidents"."harm_category" in ('death','serious_harm_to_health','critical_infrastructure_disruption','fundamental_rights_infringement','property_or_environment_harm')),
	CONSTRAINT "serious_incidents_rule_known" CHECK ("serious_incidents"."reporting_rule" in ('art73_2_general','art73_3_widespread_or_critical_infrastructure','art73_4_death')),
	CONSTRAINT "serious_incidents_groups_named" CHECK (jsonb_typeof("serious_incidents"."affected_groups") = 'array' and jsonb_array_length("serious_incidents"."affected_groups") > 0),
	CONSTRAINT "serious_incidents_text_given" CHECK (length(trim("serious_incidents"."description")) > 0 and length(trim("serious_incidents"."actions_taken")) > 0),
	CONSTRAINT "serious_incidents_times_ordered" CHECK (("serious_incidents"."occurred_at" is null or "serious_incidents"."occurred_at" <= "serious_incidents"."aware_at") and "serious_incidents"."aware_at" < "serious_incidents"."due_at"),
	CONSTRAINT "serious_incidents_report_whole" CHECK (("serious_incidents"."reported_at" is null) = ("serious_incidents"."reported_by" is null) and ("serious_incidents"."reported_at" is null) = ("serious_incidents"."report_ledger_seq" is null))
);
--> statement-breakpoint
ALTER TABLE "serious_incidents" ADD CONSTRAINT "serious_incidents_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serious_incidents" ADD CONSTRAINT "serious_incidents_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "serious_incidents" ADD CONSTRAINT "serious_incidents_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "serious_incidents_version_idx" ON "serious_incidents" USING btree ("version_id");--> statement-breakpoint
-- What was filed is never changed and an incident is never removed; the report to the authority
-- is recorded once, afterwards (reported_at, reported_by, authority_reference, report_ledger_seq).
CREATE FUNCTION serious_incidents_keep_filing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
      OR (NEW.id, NEW.version_id, NEW.harm_category, NEW.widespread, NEW.affected_groups, NEW.description, NEW.actions_taken, NEW.occurred_at, NEW.aware_at, NEW.time_zone, NEW.reporting_rule, NEW.due_at, NEW.filed_by, NEW.filed_at, NEW.ledger_seq)
         IS DISTINCT FROM (OLD.id, OLD.version_id, OLD.harm_category, OLD.widespread, OLD.affected_groups, OLD.description, OLD.actions_taken, OLD.occurred_at, OLD.aware_at, OLD.time_zone, OLD.reporting_rule, OLD.due_at, OLD.filed_by, OLD.filed_at, OLD.ledger_seq)
      OR (OLD.reported_at IS NOT NULL AND (NEW.reported_at, NEW.reported_by, NEW.authority_reference, NEW.report_ledger_seq) IS DISTINCT FROM (OLD.reported_at, OLD.reported_by, OLD.authority_reference, OLD.report_ledger_seq)) THEN
    RAISE EXCEPTION 'serious incident %: what was filed and reported is never changed or removed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER serious_incidents_keep BEFORE UPDATE OR DELETE ON serious_incidents FOR EACH ROW EXECUTE FUNCTION serious_incidents_keep_filing();
--> statement-breakpoint
ALTER TABLE serious_incidents ENABLE ALWAYS TRIGGER serious_incidents_keep;
--> statement-breakpoint
CREATE FUNCTION serious_incidents_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'serious incidents are never removed' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER serious_incidents_no_truncate BEFORE TRUNCATE ON serious_incidents FOR EACH STATEMENT EXECUTE FUNCTION serious_incidents_refuse_truncate();
--> statement-breakpoint
ALTER TABLE serious_incidents ENABLE ALWAYS TRIGGER serious_incidents_no_truncate;
