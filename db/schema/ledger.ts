import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The accountability ledger: append-only (the database refuses UPDATE, DELETE and TRUNCATE,
 * see the ledger_append_only migration). `entryText` is exactly what was hashed, the entry's
 * canonical JSON; `entry` and the query columns are generated from it, so they can never disagree
 * with what the leaf hash covers, and a verifier reads the hashed bytes as they are.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    leafIndex: bigint("leaf_index", { mode: "number" }).notNull().unique(),
    leafHash: text("leaf_hash").notNull(),
    entryText: text("entry_text").notNull(),
    entry: jsonb("entry").$type<Record<string, unknown>>().generatedAlwaysAs(sql`entry_text::jsonb`).notNull(),
    kind: text("kind").generatedAlwaysAs(sql`entry_text::jsonb->>'kind'`).notNull(),
    actor: text("actor").generatedAlwaysAs(sql`entry_text::jsonb->>'actor'`).notNull(),
    recordedAt: text("recorded_at").generatedAlwaysAs(sql`entry_text::jsonb->>'recordedAt'`).notNull(),
  },
  (t) => [index("ledger_entries_kind_idx").on(t.kind), index("ledger_entries_actor_idx").on(t.actor), index("ledger_entries_recorded_idx").on(t.recordedAt)],
);

/**
 * Interior Merkle nodes (level ≥ 1) as they complete, so any inclusion or consistency proof is
 * answered from O(log n) stored hashes. Level-0 nodes are the entries' leaf hashes.
 */
export const ledgerNodes = pgTable(
  "ledger_nodes",
  {
    level: smallint("level").notNull(),
    index: bigint("idx", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.index] }), check("ledger_nodes_level_positive", sql`${t.level} >= 1`)],
);

/** Signed checkpoints: the operator's signed statement of the log's size and root at a time. */
export const ledgerCheckpoints = pgTable(
  "ledger_checkpoints",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    origin: text("origin").notNull(),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    rootHash: text("root_hash").notNull(),
    timestamp: text("timestamp").notNull(),
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_checkpoints_size_idx").on(t.treeSize)],
);

/**
 * The append cursor: one row, locked by every append so concurrent writers cannot fork the log.
 * Appends touch only this row and ledger_entries, in one call of ledger_append (see the
 * ledger_entry_text migration), queueing first on an advisory lock.
 */
export const ledgerHead = pgTable(
  "ledger_head",
  {
    id: smallint("id").primaryKey(),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
    lastLeafHash: text("last_leaf_hash"),
  },
  (t) => [check("ledger_head_single_row", sql`${t.id} = 1`)],
);

/**
 * How far the Merkle tree has been built from the entries: interior nodes are added after the
 * appends, in batches, so the append path never waits for tree hashing. Verification never
 * trusts this row; it recomputes everything from the entries.
 */
export const ledgerTree = pgTable(
  "ledger_tree",
  {
    id: smallint("id").primaryKey(),
    builtSize: bigint("built_size", { mode: "number" }).notNull(),
    /** Hex hashes of the border subtrees of the tree of builtSize leaves, left to right. */
    border: jsonb("border").$type<string[]>().notNull(),
  },
  (t) => [check("ledger_tree_single_row", sql`${t.id} = 1`)],
);

export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type LedgerCheckpointRow = typeof ledgerCheckpoints.$inferSelect;
