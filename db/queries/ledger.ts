import "server-only";
import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import { getDb, rowsOf, type Executor } from "@/db";
import { ledgerCheckpoints, ledgerEntries, ledgerHead, ledgerNodes, ledgerTree } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  borderNodes,
  consistencyProofRanges,
  foldRight,
  fromHex,
  inclusionProofRanges,
  isHashHex,
  MerkleAccumulator,
  rangeNodes,
  subtreeHashFromNodes,
  toHex,
  type JsonObject,
  type LogRecord,
  type NodeId,
} from "@/lib/ledger";
import { isLedgerActor, isLedgerKind, type LedgerEntryInput } from "@/lib/ledger/entry-kinds";
import { entryTemplate } from "@/lib/ledger/entry-template";

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
 * commit or fail together. One call of the database function ledger_append (migration
 * ledger_entry_text) queues on the ledger's advisory lock, locks the head row, fills the entry's
 * position into its canonical JSON, hashes it (SHA-256 with the RFC 6962 leaf prefix) and stores
 * it: one round trip, and concurrent appends can never fork the sequence. The lock is held until
 * the caller commits, so a caller should do its other work first and append last. The Merkle tree
 * is built from the entries afterwards (extendTree), off the append path.
 *
 * `alongside` is a data-modifying statement run in the same SQL statement, reading the new entry
 * from the CTE `hashed` (seq, leaf_index, leaf_hash): a record and its entry in one round trip,
 * atomic even outside a transaction.
 */
export async function appendToLedger(tx: Executor, input: LedgerEntryInput, now: Date = new Date(), alongside?: SQL): Promise<LedgerReceipt> {
  checkInput(input);
  const recordedAt = now.toISOString();
  const subjects = input.subjects.map(({ type, id, hash }): JsonObject => (hash === undefined ? { type, id } : { type, id, hash }));
  const t = entryTemplate({ recordedAt, kind: input.kind, actor: input.actor, subjects, payloadHash: input.payloadHash });
  const append = sql`ledger_append(${t.beforeLeafIndex}, ${t.beforePrevLeafHash}, ${t.beforeSeq}, ${t.after})`;
  const [row] = rowsOf<{ seq: string | number; leaf_index: string | number; leaf_hash: string }>(
    await tx.execute(
      alongside
        ? sql`with hashed as materialized (select seq, leaf_index, leaf_hash from ${append}), alongside as (${alongside}) select seq, leaf_index, leaf_hash from hashed`
        : sql`select seq, leaf_index, leaf_hash from ${append}`,
    ),
  );
  if (!row) throw new Error("ledger_append returned no row");
  return { seq: Number(row.seq), leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash, recordedAt };
}

/**
 * Builds the Merkle tree up to the current head: hashes the new entries' leaves into the stored
 * border and stores every interior node they complete. Serialised on the ledger_tree row; cheap
 * when nothing is new. Called before proofs and checkpoints, and periodically by the workers.
 */
export async function extendTree(db: Executor, batchSize = 20_000): Promise<{ builtSize: number; rootHash: string }> {
  return db.transaction(async (tx) => {
    const [tree] = await tx.select().from(ledgerTree).where(eq(ledgerTree.id, 1)).for("update");
    if (!tree) throw new Error("ledger_tree row is missing: the ledger migration did not run");
    const stored = new Map(borderNodes(tree.builtSize).map((id, i) => [nodeKey(id), tree.border[i] ?? ""]));
    const acc = MerkleAccumulator.restore(tree.builtSize, (id) => fromHex(stored.get(nodeKey(id)) ?? ""));
    for (;;) {
      const leaves = await tx
        .select({ leafIndex: ledgerEntries.leafIndex, leafHash: ledgerEntries.leafHash })
        .from(ledgerEntries)
        .where(gte(ledgerEntries.leafIndex, acc.size))
        .orderBy(asc(ledgerEntries.leafIndex))
        .limit(batchSize);
      const nodes: { level: number; index: number; hash: string }[] = [];
      for (const leaf of leaves) {
        // A gap would mean an entry vanished: stop building and let verification name it.
        if (leaf.leafIndex !== acc.size) throw new AppError("unavailable", `ledger entry at leaf index ${acc.size} is missing: run npm run ledger:verify`);
        for (const node of acc.append(fromHex(leaf.leafHash))) nodes.push({ level: node.level, index: node.index, hash: toHex(node.hash) });
      }
      for (let i = 0; i < nodes.length; i += 5_000) await tx.insert(ledgerNodes).values(nodes.slice(i, i + 5_000));
      if (leaves.length < batchSize) break;
    }
    if (acc.size !== tree.builtSize) {
      await tx.update(ledgerTree).set({ builtSize: acc.size, border: acc.border().map((node) => toHex(node.hash)) }).where(eq(ledgerTree.id, 1));
    }
    return { builtSize: acc.size, rootHash: toHex(acc.root()) };
  });
}

export async function ledgerSize(db: Executor): Promise<number> {
  const [head] = await db.select({ treeSize: ledgerHead.treeSize }).from(ledgerHead).where(eq(ledgerHead.id, 1));
  return head?.treeSize ?? 0;
}

/**
 * Fetches stored subtree roots in one query: leaf hashes from the entries, interior nodes from
 * ledger_nodes (an index lookup per id; a proof at 1M entries needs about 40).
 */
async function loadNodes(db: Executor, ids: NodeId[]): Promise<(id: NodeId) => Uint8Array> {
  const leaves = [...new Set(ids.filter((id) => id.level === 0).map((id) => id.index))];
  const interior = ids.filter((id) => id.level > 0);
  const rows = rowsOf<{ level: number; idx: string | number; hash: string }>(
    await db.execute(sql`
      select 0 as level, leaf_index as idx, leaf_hash as hash from ledger_entries where leaf_index = any(${`{${leaves.join(",")}}`}::bigint[])
      union all
      select n.level::int, n.idx, n.hash from unnest(${`{${interior.map((id) => id.level).join(",")}}`}::smallint[], ${`{${interior.map((id) => id.index).join(",")}}`}::bigint[]) as q(level, idx)
        join ledger_nodes n on n.level = q.level and n.idx = q.idx`),
  );
  const found = new Map(rows.map((row) => [`${row.level}/${row.idx}`, row.hash]));
  return (id) => {
    const hash = found.get(nodeKey(id));
    if (!hash) throw new AppError("unavailable", `ledger node ${nodeKey(id)} is missing: run npm run ledger:verify`);
    return fromHex(hash);
  };
}

/** How far the Merkle tree is built; it is built further only when a request needs more. */
async function builtSizeFor(db: Executor, treeSize: number, builtSize: number): Promise<void> {
  const size = Number.isSafeInteger(treeSize) && treeSize <= builtSize ? builtSize : (await extendTree(db)).builtSize;
  if (!Number.isSafeInteger(treeSize) || treeSize < 1 || treeSize > size) {
    throw new AppError("invalid_input", `treeSize: must be between 1 and the ledger's size ${size}`);
  }
}

/** Checks a requested tree size, building the tree further only when it does not reach that far yet. */
async function checkTreeSize(db: Executor, treeSize: number): Promise<void> {
  const [tree] = await db.select({ builtSize: ledgerTree.builtSize }).from(ledgerTree).where(eq(ledgerTree.id, 1));
  await builtSizeFor(db, treeSize, tree?.builtSize ?? 0);
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

/**
 * The audit path of entry `seq` in the tree of `treeSize` leaves (RFC 6962 §2.1.1), public, in one
 * query. Every element of the path is either the complete sibling subtree at its level,
 * (level, (leafIndex >> level) xor 1), or the tree's partial right edge, whose subtrees are border
 * nodes of `treeSize`, as are the root's: so the query fetches the entry, its siblings at every
 * level (those that exist) and the border, and the path is put together here.
 */
export async function inclusionProofFor(seq: number, treeSize: number): Promise<InclusionProof> {
  if (!Number.isSafeInteger(seq)) throw new AppError("not_found", `no ledger entry ${seq}`);
  const validSize = Number.isSafeInteger(treeSize) && treeSize >= 1;
  const border = validSize ? rangeNodes(0, treeSize) : [];
  let levels = 0;
  while (validSize && 2 ** levels < treeSize) levels += 1;
  const db = await getDb();
  const fetch = async () =>
    rowsOf<{ level: number | null; idx: string | number | null; hash: string | null; leaf_index: string | number | null; entry: Record<string, unknown> | string | null; built_size: string | number | null }>(
      await db.execute(sql`
        with e as (select leaf_index, leaf_hash, entry from ledger_entries where seq = ${seq}),
        want as (
          select l as level, (e.leaf_index >> l) # 1 as idx from e, generate_series(0, ${levels - 1}) as l
          union
          select * from unnest(${`{${border.map((id) => id.level).join(",")}}`}::int[], ${`{${border.map((id) => id.index).join(",")}}`}::bigint[]))
        select null::int as level, null::bigint as idx, e.leaf_hash as hash, e.leaf_index, e.entry, t.built_size
          from ledger_tree t left join e on true where t.id = 1
        union all
        select w.level, w.idx, x.leaf_hash, null, null, null from want w join ledger_entries x on w.level = 0 and x.leaf_index = w.idx
        union all
        select w.level, w.idx, n.hash, null, null, null from want w join ledger_nodes n on n.level = w.level and n.idx = w.idx`),
    );
  let rows = await fetch();
  const builtSize = Number(rows.find((row) => row.built_size !== null)?.built_size ?? 0);
  await builtSizeFor(db, treeSize, builtSize);
  // The tree was just built further for this size: its new nodes are needed too.
  if (treeSize > builtSize) rows = await fetch();
  const head = rows.find((row) => row.built_size !== null);
  if (!head || head.leaf_index === null || head.hash === null || head.entry === null || Number(head.leaf_index) >= treeSize) {
    throw new AppError("not_found", `no ledger entry ${seq} within the first ${treeSize} entries`);
  }
  const found = new Map(rows.filter((row) => row.level !== null).map((row) => [`${row.level}/${row.idx}`, row.hash!]));
  const get = (id: NodeId) => {
    const hash = found.get(nodeKey(id));
    if (!hash) throw new AppError("unavailable", `ledger node ${nodeKey(id)} is missing: run npm run ledger:verify`);
    return fromHex(hash);
  };
  const leafIndex = Number(head.leaf_index);
  return {
    seq,
    leafIndex,
    treeSize,
    leafHash: head.hash,
    rootHash: toHex(foldRight(border.map(get))),
    auditPath: inclusionProofRanges(leafIndex, treeSize).map(([s, e]) => toHex(subtreeHashFromNodes(s, e, get))),
    entry: typeof head.entry === "string" ? (JSON.parse(head.entry) as Record<string, unknown>) : head.entry,
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

/** The current tree size and root: the tree is built up to the head first. */
export async function currentTreeHead(db: Executor): Promise<{ treeSize: number; rootHash: string }> {
  const { builtSize, rootHash } = await extendTree(db);
  return { treeSize: builtSize, rootHash };
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
export async function listLedgerEntries(filter: {
  kind?: string;
  actor?: string;
  subject?: string;
  afterSeq?: number;
  beforeSeq?: number;
  from?: string;
  to?: string;
  limit?: number;
}): Promise<LedgerEntrySummary[]> {
  const db = await getDb();
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(ledgerEntries.kind, filter.kind));
  if (filter.actor) conditions.push(eq(ledgerEntries.actor, filter.actor));
  if (filter.subject) conditions.push(sql`${ledgerEntries.entry}->'subjects' @> ${JSON.stringify([{ id: filter.subject }])}::jsonb`);
  if (filter.afterSeq !== undefined) conditions.push(gt(ledgerEntries.seq, filter.afterSeq));
  if (filter.beforeSeq !== undefined) conditions.push(lt(ledgerEntries.seq, filter.beforeSeq));
  // recorded_at is ISO 8601 text in UTC, which orders as time does.
  if (filter.from) conditions.push(gte(ledgerEntries.recordedAt, filter.from));
  if (filter.to) conditions.push(lt(ledgerEntries.recordedAt, filter.to));
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(...conditions))
    .orderBy(desc(ledgerEntries.seq))
    .limit(Math.min(500, filter.limit ?? 100));
  return rows.map((row) => ({ seq: row.seq, leafIndex: row.leafIndex, kind: row.kind, actor: row.actor, recordedAt: row.recordedAt, leafHash: row.leafHash, subjects: row.entry.subjects }));
}

/**
 * Every stored entry in sequence order, in batches, for the verifier. The next batch is already
 * requested while the caller checks the current one, so the database and the hashing overlap.
 * Raw rows, not the query builder: at a million entries its per-row mapping is a second or more.
 */
export async function* readLedgerInOrder(db: Executor, batchSize = 20_000): AsyncGenerator<LogRecord[]> {
  const fetchAfter = async (after: number): Promise<LogRecord[]> => {
    // The hashed text as stored, not the jsonb column: printing jsonb costs the server more than
    // the verifier spends hashing. Rows come shaped as LogRecords, with seq as float8 (exact below
    // 2^53) so both drivers return a number: a million objects fewer to allocate. (ORDER BY names
    // the table's column: the output column `seq` is the float8, which no index sorts.)
    return rowsOf<LogRecord>(
      await db.execute(sql`select seq::float8 as seq, entry_text as entry, leaf_hash as "leafHash" from ledger_entries where seq > ${after} order by ledger_entries.seq limit ${batchSize}`),
    );
  };
  let next: Promise<LogRecord[]> | null = fetchAfter(Number.MIN_SAFE_INTEGER);
  try {
    while (next) {
      const batch: LogRecord[] = await next;
      next = batch.length === batchSize ? fetchAfter(batch[batch.length - 1]!.seq) : null;
      if (batch.length > 0) yield batch;
    }
  } finally {
    // A caller that stops early (a fault found) leaves the prefetch to settle unobserved.
    next?.catch(() => undefined);
  }
}

export async function listCheckpoints(db: Executor, upToSize?: number) {
  return db
    .select()
    .from(ledgerCheckpoints)
    .where(upToSize === undefined ? undefined : lte(ledgerCheckpoints.treeSize, upToSize))
    .orderBy(asc(ledgerCheckpoints.id));
}
