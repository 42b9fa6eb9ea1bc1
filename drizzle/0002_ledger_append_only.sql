-- The ledger is append-only, enforced by the database itself. The triggers are ENABLE ALWAYS so
-- they also fire under session_replication_role = replica (which PGlite's superuser could set to
-- skip ordinary triggers). On PostgreSQL, also grant the application role only INSERT and SELECT
-- on these tables (see README, "Ledger").
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- Statement-level, so even a change that matches no row is refused outright.
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
ALTER TABLE ledger_entries ENABLE ALWAYS TRIGGER ledger_entries_append_only;
--> statement-breakpoint
CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_nodes FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
ALTER TABLE ledger_nodes ENABLE ALWAYS TRIGGER ledger_nodes_append_only;
--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
ALTER TABLE ledger_checkpoints ENABLE ALWAYS TRIGGER ledger_checkpoints_append_only;
--> statement-breakpoint
INSERT INTO ledger_head (id, tree_size, last_seq, last_leaf_hash) VALUES (1, 0, 0, NULL);
--> statement-breakpoint
INSERT INTO ledger_tree (id, built_size, border) VALUES (1, 0, '[]'::jsonb);
