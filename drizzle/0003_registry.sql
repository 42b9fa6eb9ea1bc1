CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"registrant_id" uuid NOT NULL,
	"definition" jsonb NOT NULL,
	"model_card" jsonb NOT NULL,
	"definition_hash" text NOT NULL,
	"audit_verdict" text,
	"approved_area_codes" jsonb,
	"approved_categories" jsonb,
	"valid_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_versions_model_number" UNIQUE("model_id","number"),
	CONSTRAINT "model_versions_id_registrant" UNIQUE("id","registrant_id"),
	CONSTRAINT "model_versions_state_known" CHECK ("model_versions"."state" in ('draft','submitted','audited','approved','expired','suspended','retired','rejected')),
	CONSTRAINT "model_versions_verdict_known" CHECK ("model_versions"."audit_verdict" is null or "model_versions"."audit_verdict" in ('pass','fail')),
	CONSTRAINT "model_versions_approved_has_expiry" CHECK ("model_versions"."state" <> 'approved' or "model_versions"."valid_until" is not null)
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "version_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"registrant_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"area_codes" jsonb NOT NULL,
	"categories" jsonb NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"override" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "version_approvals_version_approver" UNIQUE("version_id","approver_id"),
	CONSTRAINT "version_approvals_not_registrant" CHECK ("version_approvals"."approver_id" <> "version_approvals"."registrant_id"),
	CONSTRAINT "version_approvals_reason_given" CHECK (length(trim("version_approvals"."reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "version_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"actor_id" uuid,
	"reason" text,
	"ledger_seq" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_registrant_id_users_id_fk" FOREIGN KEY ("registrant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_approvals" ADD CONSTRAINT "version_approvals_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_approvals" ADD CONSTRAINT "version_approvals_version_registrant_fk" FOREIGN KEY ("version_id","registrant_id") REFERENCES "public"."model_versions"("id","registrant_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_transitions" ADD CONSTRAINT "version_transitions_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_transitions" ADD CONSTRAINT "version_transitions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_versions_state_idx" ON "model_versions" USING btree ("state");--> statement-breakpoint
CREATE INDEX "version_transitions_version_idx" ON "version_transitions" USING btree ("version_id");