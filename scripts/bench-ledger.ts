/**
 * npm run bench:ledger — the ledger on a real PostgreSQL (a throwaway one from with-postgres.sh):
 *  1. appends/s with 16 concurrent writers, and forks (must be 0);
 *  2. a log grown to 1,000,000 entries (bulk-loaded through the same hashing), then a full
 *     verification from the database, and inclusion proofs served at 1M entries.
 * Usage: npm run bench:ledger [-- --entries 1000000 --appends 4000]
 */
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { appendToLedger, extendTree, inclusionProofFor } from "@/db/queries/ledger";
import { auditLedger } from "@/db/queries/ledger-verify";
import { ledgerEntries, ledgerHead, ledgerNodes, ledgerTree } from "@/db/schema";
import { entryLeafHash, fromHex, MerkleAccumulator, sha256Hex, toHex, verifyInclusion, type JsonObject } from "@/lib/ledger";

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const TOTAL = option("--entries", 1_000_000);
const APPENDS = option("--appends", 4_000);
const WRITERS = 16;

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

async function concurrentAppends(): Promise<void> {
  const db = await getDb();
  const perWriter = Math.ceil(APPENDS / WRITERS);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < perWriter; i++) {
        await db.transaction((tx) => appendToLedger(tx, { kind: "forecast.viewed", actor: "system", subjects: [{ type: "forecast", id: `w${writer}-${i}` }], payloadHash: sha256Hex(`${writer}/${i}`) }));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [check] = rowsOf<{ n: number; distinct_idx: number; max_idx: number }>(
    await db.execute(sql`select count(*)::int as n, count(distinct leaf_index)::int as distinct_idx, max(leaf_index)::int as max_idx from ledger_entries`),
  );
  const forks = check!.n - check!.distinct_idx + (check!.max_idx + 1 - check!.n);
  console.log(`appends: ${WRITERS * perWriter} by ${WRITERS} concurrent writers in ${seconds.toFixed(2)} s = ${Math.round((WRITERS * perWriter) / seconds)} appends/s; forks ${forks}`);
}

/** Grows the log to TOTAL entries with the same hashing as appendToLedger, in bulk batches. */
async function bulkGrow(): Promise<void> {
  const db = await getDb();
  await extendTree(db);
  const [head] = await db.select().from(ledgerHead);
  const tree = MerkleAccumulator.empty();
  const existing = rowsOf<{ leaf_hash: string }>(await db.execute(sql`select leaf_hash from ledger_entries order by seq`));
  for (const row of existing) tree.append(fromHex(row.leaf_hash));
  let prev = head!.lastLeafHash;
  let seq = head!.lastSeq;
  const started = performance.now();
  await db.execute(sql`alter table ledger_entries set unlogged`).catch(() => undefined);
  while (tree.size < TOTAL) {
    const entries: (typeof ledgerEntries.$inferInsert)[] = [];
    const nodes: (typeof ledgerNodes.$inferInsert)[] = [];
    const recordedAt = new Date().toISOString();
    for (let i = 0; i < 5_000 && tree.size < TOTAL; i++) {
      seq += 1;
      const entry: JsonObject = { seq, leafIndex: tree.size, prevLeafHash: prev, recordedAt, kind: "forecast.viewed", actor: "system", subjects: [{ type: "forecast", id: `bulk-${seq}` }], payloadHash: sha256Hex(String(seq)) };
      const leafHash = entryLeafHash(entry);
      entries.push({ seq, leafIndex: tree.size, entry, leafHash });
      for (const node of tree.append(fromHex(leafHash))) nodes.push({ level: node.level, index: node.index, hash: toHex(node.hash) });
      prev = leafHash;
    }
    await db.transaction(async (tx) => {
      await tx.insert(ledgerEntries).values(entries);
      for (let i = 0; i < nodes.length; i += 5_000) await tx.insert(ledgerNodes).values(nodes.slice(i, i + 5_000));
      await tx.update(ledgerHead).set({ treeSize: tree.size, lastSeq: seq, lastLeafHash: prev });
      await tx.update(ledgerTree).set({ builtSize: tree.size, border: tree.border().map((n) => toHex(n.hash)) });
    });
  }
  console.log(`grown to ${tree.size} entries in ${((performance.now() - started) / 1000).toFixed(1)} s (bulk load, not a measure of appends)`);
}

async function main(): Promise<void> {
  await concurrentAppends();
  await bulkGrow();
  const db = await getDb();
  const rssBefore = process.memoryUsage().rss;
  const audit = await auditLedger(db, null);
  console.log(`verify: ${audit.entries} entries read and verified in ${(audit.milliseconds / 1000).toFixed(2)} s (ok=${audit.log.ok}); RSS +${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB`);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const seq = 1 + Math.floor(Math.random() * TOTAL);
    const started = performance.now();
    const proof = await inclusionProofFor(seq, TOTAL);
    times.push(performance.now() - started);
    if (!verifyInclusion(proof.leafIndex, TOTAL, fromHex(proof.leafHash), proof.auditPath.map(fromHex), fromHex(proof.rootHash)).ok) throw new Error(`proof for ${seq} does not verify`);
  }
  console.log(`inclusion proof at ${TOTAL} entries: median ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms (200 proofs, each verified)`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
