-- ledger_append for a batch (group commit of forecast views): one lock, one read and one update of
-- the head for the whole batch, each entry filled and hashed exactly as ledger_append does, in the
-- order given. `templates` is a JSON array of entry templates (lib/ledger/entry-template.ts).
CREATE FUNCTION ledger_append_batch(templates jsonb)
RETURNS TABLE (n bigint, seq bigint, leaf_index bigint, leaf_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head ledger_head%ROWTYPE;
  template jsonb;
  body text;
  seqs bigint[] := '{}';
  indexes bigint[] := '{}';
  bodies text[] := '{}';
  hashes text[] := '{}';
  previous text;
  next_seq bigint;
  next_index bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(1279607879, 1);
  SELECT * INTO head FROM ledger_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger_head row is missing: the ledger migration did not run';
  END IF;
  next_seq := head.last_seq;
  next_index := head.tree_size;
  previous := head.last_leaf_hash;
  FOR template IN SELECT value FROM jsonb_array_elements(templates) LOOP
    next_seq := next_seq + 1;
    body := (template->>'beforeLeafIndex') || next_index::text || (template->>'beforePrevLeafHash') || coalesce('"' || previous || '"', 'null')
      || (template->>'beforeSeq') || next_seq::text || (template->>'after');
    previous := encode(sha256(decode('00', 'hex') || convert_to(body, 'UTF8')), 'hex');
    seqs := seqs || next_seq;
    indexes := indexes || next_index;
    bodies := bodies || body;
    hashes := hashes || previous;
    next_index := next_index + 1;
  END LOOP;
  INSERT INTO ledger_entries (seq, leaf_index, entry_text, leaf_hash) SELECT * FROM unnest(seqs, indexes, bodies, hashes);
  UPDATE ledger_head SET tree_size = next_index, last_seq = next_seq, last_leaf_hash = previous WHERE id = 1;
  RETURN QUERY SELECT u.n, u.seq, u.leaf_index, u.leaf_hash FROM unnest(seqs, indexes, hashes) WITH ORDINALITY AS u(seq, leaf_index, leaf_hash, n);
END;
$$;
