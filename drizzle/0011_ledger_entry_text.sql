-- Ledger entries keep the exact canonical JSON text their leaf hash covers (entry_text), and the
-- jsonb column and query columns are generated from it, so they can never disagree with what was
-- hashed. The verifier then reads the hashed bytes as they are (no jsonb printing per entry).
-- Rows written before this migration get their text from a canonical-JSON writer in SQL; the
-- migration stops, changing nothing, if any text does not read back as the stored jsonb.
CREATE FUNCTION ledger_canonical_json(value jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  result text;
BEGIN
  CASE jsonb_typeof(value)
    WHEN 'object' THEN
      -- Keys in code point order, as RFC 8785 sorts the (here ASCII) keys of ledger entries.
      SELECT '{' || coalesce(string_agg(to_jsonb(e.key)::text || ':' || ledger_canonical_json(e.value), ',' ORDER BY e.key COLLATE "C"), '') || '}'
        INTO result FROM jsonb_each(value) AS e;
    WHEN 'array' THEN
      SELECT '[' || coalesce(string_agg(ledger_canonical_json(a.value), ',' ORDER BY a.ordinality), '') || ']'
        INTO result FROM jsonb_array_elements(value) WITH ORDINALITY AS a;
    ELSE
      -- Strings print with JSON.stringify's escapes, integers as ECMAScript prints them.
      result := value::text;
  END CASE;
  RETURN result;
END;
$$;
--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "entry_text" text GENERATED ALWAYS AS (ledger_canonical_json("entry")) STORED;
--> statement-breakpoint
DO $$
DECLARE
  bad bigint;
BEGIN
  SELECT seq INTO bad FROM ledger_entries WHERE entry_text::jsonb IS DISTINCT FROM entry ORDER BY seq LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry seq % cannot be written as canonical JSON text; the migration changed nothing', bad;
  END IF;
END;
$$;
--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "entry_text" DROP EXPRESSION;
--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "entry_text" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP COLUMN "entry" CASCADE;
--> statement-breakpoint
DROP FUNCTION ledger_canonical_json(jsonb);
--> statement-breakpoint
ALTER TABLE "ledger_entries"
  ADD COLUMN "entry" jsonb GENERATED ALWAYS AS (entry_text::jsonb) STORED NOT NULL,
  ADD COLUMN "kind" text GENERATED ALWAYS AS (entry_text::jsonb->>'kind') STORED NOT NULL,
  ADD COLUMN "actor" text GENERATED ALWAYS AS (entry_text::jsonb->>'actor') STORED NOT NULL,
  ADD COLUMN "recorded_at" text GENERATED ALWAYS AS (entry_text::jsonb->>'recordedAt') STORED NOT NULL;
--> statement-breakpoint
CREATE INDEX "ledger_entries_kind_idx" ON "ledger_entries" USING btree ("kind");
--> statement-breakpoint
CREATE INDEX "ledger_entries_actor_idx" ON "ledger_entries" USING btree ("actor");
--> statement-breakpoint
CREATE INDEX "ledger_entries_recorded_idx" ON "ledger_entries" USING btree ("recorded_at");
--> statement-breakpoint
-- The append: one call fills the entry's position into its canonical text, hashes it and stores
-- it, inside the caller's transaction. Writers queue first on a transaction-scoped advisory lock
-- (key 1279607879 = 'LEDG', 1), not on the head row: a row-lock waiter keeps the head's page
-- pinned, so its dead versions could never be pruned while writers queue and every lookup walked
-- a growing chain. The head row is still locked FOR UPDATE, so correctness never rests on the
-- advisory lock; leaf_index and seq are unique besides.
CREATE FUNCTION ledger_append(before_leaf_index text, before_prev_leaf_hash text, before_seq text, after_seq text,
  OUT seq bigint, OUT leaf_index bigint, OUT leaf_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head ledger_head%ROWTYPE;
  body text;
BEGIN
  PERFORM pg_advisory_xact_lock(1279607879, 1);
  SELECT * INTO head FROM ledger_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger_head row is missing: the ledger migration did not run';
  END IF;
  seq := head.last_seq + 1;
  leaf_index := head.tree_size;
  body := before_leaf_index || leaf_index::text || before_prev_leaf_hash || coalesce('"' || head.last_leaf_hash || '"', 'null') || before_seq || seq::text || after_seq;
  leaf_hash := encode(sha256(decode('00', 'hex') || convert_to(body, 'UTF8')), 'hex');
  INSERT INTO ledger_entries (seq, leaf_index, entry_text, leaf_hash) VALUES (seq, leaf_index, body, leaf_hash);
  UPDATE ledger_head SET tree_size = leaf_index + 1, last_seq = seq, last_leaf_hash = leaf_hash WHERE id = 1;
END;
$$;
