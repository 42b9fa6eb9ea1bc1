CREATE TABLE "ledger_checkpoints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"origin" text NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"timestamp" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"leaf_index" bigint NOT NULL,
	"entry" jsonb NOT NULL,
	"leaf_hash" text NOT NULL,
	"kind" text GENERATED ALWAYS AS (entry->>'kind') STORED NOT NULL,
	"actor" text GENERATED ALWAYS AS (entry->>'actor') STORED NOT NULL,
	"recorded_at" text GENERATED ALWAYS AS (entry->>'recordedAt') STORED NOT NULL,
	CONSTRAINT "ledger_entries_leaf_index_unique" UNIQUE("leaf_index")
);
--> statement-breakpoint
CREATE TABLE "ledger_head" (
	"id" smallint PRIMARY KEY NOT NULL,
	"tree_size" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_leaf_hash" text,
	CONSTRAINT "ledger_head_single_row" CHECK ("ledger_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "ledger_nodes" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "ledger_nodes_level_idx_pk" PRIMARY KEY("level","idx"),
	CONSTRAINT "ledger_nodes_level_positive" CHECK ("ledger_nodes"."level" >= 1)
);
--> statement-breakpoint
CREATE TABLE "ledger_tree" (
	"id" smallint PRIMARY KEY NOT NULL,
	"built_size" bigint NOT NULL,
	"border" jsonb NOT NULL,
	CONSTRAINT "ledger_tree_single_row" CHECK ("ledger_tree"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "ledger_checkpoints_size_idx" ON "ledger_checkpoints" USING btree ("tree_size");--> statement-breakpoint
CREATE INDEX "ledger_entries_kind_idx" ON "ledger_entries" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "ledger_entries_actor_idx" ON "ledger_entries" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "ledger_entries_recorded_idx" ON "ledger_entries" USING btree ("recorded_at");