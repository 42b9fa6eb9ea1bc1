CREATE TABLE "audit_policies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"policy" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"policy_id" integer,
	"job_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"evaluation" jsonb NOT NULL,
	"input_hash" text NOT NULL,
	"report" jsonb,
	"verdict" text,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "audits_status_known" CHECK ("audits"."status" in ('queued','completed','failed')),
	CONSTRAINT "audits_verdict_known" CHECK ("audits"."verdict" is null or "audits"."verdict" in ('pass','fail'))
);
--> statement-breakpoint
ALTER TABLE "audit_policies" ADD CONSTRAINT "audit_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_snapshot_id_data_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."data_snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_policy_id_audit_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."audit_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audits_version_idx" ON "audits" USING btree ("version_id");--> statement-breakpoint
-- A completed audit's report is immutable.
CREATE FUNCTION audits_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'queued' THEN
    RAISE EXCEPTION 'audit % is % and can no longer be changed', OLD.id, OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audits_immutable BEFORE UPDATE OR DELETE ON audits FOR EACH ROW EXECUTE FUNCTION audits_refuse_rewrite();
--> statement-breakpoint
ALTER TABLE audits ENABLE ALWAYS TRIGGER audits_immutable;
