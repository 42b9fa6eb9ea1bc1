import "server-only";
import { and, asc, desc, eq, gt, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { getDb } from "@/db";
import { ledgerCheckpoints, ledgerEntries, ledgerHead, ledgerNodes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  borderNodes,
  consistencyProofRanges,
  EMPTY_ROOT,
  entryLeafHash,
  foldRight,
  fromHex,
  inclusionProofRanges,
  isHashHex,
  MerkleAccumulator,
  rangeNodes,
  subtreeHashFromNodes,
  toHex,
  type JsonObject,
  type NodeId,
} from "@/lib/ledger";
import { isLedgerActor, isLedgerKind, type LedgerEntryInput } from "@/lib/ledger/entry-kinds";

/** What a person is shown for an accountable act: enough to check it against any checkpoint. */
export interface LedgerReceipt {
  seq: number;
  leafIndex: number;
  leafHash: string;
  recordedAt: string;
}

const nodeKey = (id: NodeId) => `${id.level}/${id.index}`;

function checkInput(input: LedgerEntryInput): void {
  if (!isLedgerKind(input.kind)) throw new AppError("invalid_input", `ledger kind "${input.kind}" is not in LEDGER_KINDS`);
  if (!isLedgerActor(input.actor)) throw new AppError("invalid_input", "ledger actor must be a pseudonym, never personal data");
  if (!isHashHex(input.payloadHash)) throw new AppError("invalid_input", "ledger payloadHash must be a SHA-256 hex digest");
}

/**
 * Appends an entry inside the caller's transaction, so the state change it records and the entry
 * commit or fail together. The head row is locked FOR UPDATE: concurrent appends queue behind it
 * and can never fork the sequence.
 */
export async function appendToLedger(tx: Executor, input: LedgerEntryInput, now: Date = new Date()): Promise<LedgerReceipt> {
  checkInput(input);
  const [head] = await tx.select().from(ledgerHead).where(eq(ledgerHead.id, 1)).for("update");
  if (!head) throw new Error("ledger_head row is missing: the ledger migration did not run");
  const stored = new Map(borderNodes(head.treeSize).map((id, i) => [nodeKey(id), head.border[i] ?? ""]));
  const tree = MerkleAccumulator.restore(head.treeSize, (id) => fromHex(stored.get(nodeKey(id)) ?? ""));
  const entry: JsonObject = {
    seq: head.lastSeq + 1,
    leafIndex: head.treeSize,
    prevLeafHash: head.lastLeafHash,
    recordedAt: now.toISOString(),
    kind: input.kind,
    actor: input.actor,
    subjects: input.subjects.map(({ type, id, hash }): JsonObject => (hash === undefined ? { type, id } : { type, id, hash })),
    payloadHash: input.payloadHash,
  };
  const leafHash = entryLeafHash(entry);
  const completed = tree.append(fromHex(leafHash));
  const seq = head.lastSeq + 1;
  const nodes = completed.map((node) => ({ level: node.level, idx: node.index, hash: toHex(node.hash) }));
  // One round trip for the entry, its completed nodes and the new head: the head lock is held
  // for as little time as possible, which is what bounds the append rate.
  await tx.execute(sql`
    with appended as (
      insert into ledger_entries (seq, leaf_index, entry, leaf_hash)
      values (${seq}, ${head.treeSize}, ${JSON.stringify(entry)}::jsonb, ${leafHash})),
    completed as (
      insert into ledger_nodes (level, idx, hash)
      select level, idx, hash from jsonb_to_recordset(${JSON.stringify(nodes)}::jsonb) as node(level smallint, idx bigint, hash text))
    update ledger_head set tree_size = ${head.treeSize + 1}, last_seq = ${seq}, last_leaf_hash = ${leafHash},
      border = ${JSON.stringify(tree.border().map((node) => toHex(node.hash)))}::jsonb
    where id = 1`);
  return { seq, leafIndex: head.treeSize, leafHash, recordedAt: String(entry.recordedAt) };
}

export async function ledgerSize(db: Executor): Promise<number> {
  const [head] = await db.select({ treeSize: ledgerHead.treeSize }).from(ledgerHead).where(eq(ledgerHead.id, 1));
  return head?.treeSize ?? 0;
}

/** Fetches stored subtree roots: leaf hashes from the entries, interior nodes from ledger_nodes. */
async function loadNodes(db: Executor, ids: NodeId[]): Promise<(id: NodeId) => Uint8Array> {
  const found = new Map<string, string>();
  const leaves = [...new Set(ids.filter((id) => id.level === 0).map((id) => id.index))];
  const interior = ids.filter((id) => id.level > 0);
  if (leaves.length > 0) {
    const rows = await db.select({ index: ledgerEntries.leafIndex, hash: ledgerEntries.leafHash }).from(ledgerEntries).where(inArray(ledgerEntries.leafIndex, leaves));
    for (const row of rows) found.set(`0/${row.index}`, row.hash);
  }
  if (interior.length > 0) {
    const rows = await db
      .select()
      .from(ledgerNodes)
      .where(or(...interior.map((id) => and(eq(ledgerNodes.level, id.level), eq(ledgerNodes.index, id.index)) as SQL)));
    for (const row of rows) found.set(`${row.level}/${row.index}`, row.hash);
  }
  return (id) => {
    const hash = found.get(nodeKey(id));
    if (!hash) throw new AppError("unavailable", `ledger node ${nodeKey(id)} is missing: run npm run ledger:verify`);
    return fromHex(hash);
  };
}

async function checkTreeSize(db: Executor, treeSize: number): Promise<void> {
  const size = await ledgerSize(db);
  if (!Number.isSafeInteger(treeSize) || treeSize < 1 || treeSize > size) {
    throw new AppError("invalid_input", `treeSize: must be between 1 and the ledger's size ${size}`);
  }
}

export interface InclusionProof {
  seq: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  auditPath: string[];
  entry: Record<string, unknown>;
}

/** The audit path of entry `seq` in the tree of `treeSize` leaves (RFC 6962 §2.1.1), public. */
export async function inclusionProofFor(seq: number, treeSize: number): Promise<InclusionProof> {
  const db = await getDb();
  await checkTreeSize(db, treeSize);
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.seq, seq));
  if (!row || row.leafIndex >= treeSize) throw new AppError("not_found", `no ledger entry ${seq} within the first ${treeSize} entries`);
  const ranges = inclusionProofRanges(row.leafIndex, treeSize);
  const get = await loadNodes(db, [...ranges.flatMap(([s, e]) => rangeNodes(s, e)), ...rangeNodes(0, treeSize)]);
  return {
    seq,
    leafIndex: row.leafIndex,
    treeSize,
    leafHash: row.leafHash,
    rootHash: toHex(foldRight(rangeNodes(0, treeSize).map(get))),
    auditPath: ranges.map(([s, e]) => toHex(subtreeHashFromNodes(s, e, get))),
    entry: row.entry,
  };
}

/** Proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (RFC 6962 §2.1.2). */
export async function consistencyProofFor(from: number, to: number): Promise<{ from: number; to: number; fromRoot: string; toRoot: string; proof: string[] }> {
  const db = await getDb();
  await checkTreeSize(db, to);
  if (!Number.isSafeInteger(from) || from < 1 || from > to) throw new AppError("invalid_input", "from: must be between 1 and to");
  const ranges = consistencyProofRanges(from, to);
  const get = await loadNodes(db, [...ranges.flatMap(([s, e]) => rangeNodes(s, e)), ...rangeNodes(0, from), ...rangeNodes(0, to)]);
  return {
    from,
    to,
    fromRoot: toHex(foldRight(rangeNodes(0, from).map(get))),
    toRoot: toHex(foldRight(rangeNodes(0, to).map(get))),
    proof: ranges.map(([s, e]) => toHex(subtreeHashFromNodes(s, e, get))),
  };
}

/** The current tree size and root, from the head's cached border. */
export async function currentTreeHead(db: Executor): Promise<{ treeSize: number; rootHash: string }> {
  const [head] = await db.select().from(ledgerHead).where(eq(ledgerHead.id, 1));
  if (!head || head.treeSize === 0) return { treeSize: 0, rootHash: toHex(EMPTY_ROOT) };
  return { treeSize: head.treeSize, rootHash: toHex(foldRight(head.border.map(fromHex))) };
}

export interface LedgerEntrySummary {
  seq: number;
  leafIndex: number;
  kind: string;
  actor: string;
  recordedAt: string;
  leafHash: string;
  subjects: unknown;
}

/** Entries in order, filtered; public, since entries hold pseudonyms and hashes only. */
export async function listLedgerEntries(filter: { kind?: string; actor?: string; subject?: string; afterSeq?: number; limit?: number }): Promise<LedgerEntrySummary[]> {
  const db = await getDb();
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(ledgerEntries.kind, filter.kind));
  if (filter.actor) conditions.push(eq(ledgerEntries.actor, filter.actor));
  if (filter.subject) conditions.push(sql`${ledgerEntries.entry}->'subjects' @> ${JSON.stringify([{ id: filter.subject }])}::jsonb`);
  if (filter.afterSeq !== undefined) conditions.push(gt(ledgerEntries.seq, filter.afterSeq));
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(...conditions))
    .orderBy(desc(ledgerEntries.seq))
    .limit(Math.min(500, filter.limit ?? 100));
  return rows.map((row) => ({ seq: row.seq, leafIndex: row.leafIndex, kind: row.kind, actor: row.actor, recordedAt: row.recordedAt, leafHash: row.leafHash, subjects: row.entry.subjects }));
}

/** Every stored entry in sequence order, in batches, for the verifier. */
export async function* readLedgerInOrder(db: Executor, batchSize = 10_000): AsyncGenerator<{ seq: number; entry: JsonObject; leafHash: string }[]> {
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = await db.select({ seq: ledgerEntries.seq, entry: ledgerEntries.entry, leafHash: ledgerEntries.leafHash }).from(ledgerEntries).where(gt(ledgerEntries.seq, after)).orderBy(asc(ledgerEntries.seq)).limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map((row) => ({ seq: row.seq, entry: row.entry as JsonObject, leafHash: row.leafHash }));
    after = rows[rows.length - 1]!.seq;
  }
}

export async function listCheckpoints(db: Executor, upToSize?: number) {
  return db
    .select()
    .from(ledgerCheckpoints)
    .where(upToSize === undefined ? undefined : lte(ledgerCheckpoints.treeSize, upToSize))
    .orderBy(asc(ledgerCheckpoints.id));
}
