import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db";
import { LogVerifier, publicKeyFromBase64, verifyCheckpoint, type LogRecord, type LogVerification, type SignedCheckpoint } from "@/lib/ledger";
import { verifyPackedBatches, type PackedBatch } from "@/lib/ledger/verify-workers";
import { ledgerSigner } from "@/lib/server/ledger-signer";
import { listCheckpoints, readLedgerInOrder } from "./ledger";
import { signedFromRow } from "./ledger-checkpoints";

export interface LedgerAudit {
  log: LogVerification;
  /** Entries read and checked: all of them, or up to the first bad one. */
  entries: number;
  checkpoints: number;
  /** Checkpoints whose signature fails, by tree size. */
  badSignatures: number[];
  milliseconds: number;
  /** Worker threads that checked entries (0: all on the calling thread). */
  workers: number;
  /** With workers: batches they did not find clean, checked again row by row on this thread. */
  recheckedBatches: number;
}

export interface AuditOptions {
  /**
   * Worker threads to check and hash entries on (see lib/ledger/verify-workers.ts); 0, the
   * default, checks everything on the calling thread, which suits a web process sharing its cores.
   * `npm run ledger:verify` uses one per core. The verdict is the same either way.
   */
  workers?: number;
  /** Rows read per query (default 20,000 sequentially, 10,000 with workers). */
  batchSize?: number;
}

/**
 * Recomputes every leaf and the roots at every stored checkpoint and at the last checkpoint
 * published outside the database, and checks every checkpoint signature. The first bad sequence
 * number is named for an edit, deletion, swap, insertion or truncation. The log is streamed in
 * batches, so memory stays flat however long it is.
 */
export async function auditLedger(db: Executor, published: SignedCheckpoint | null, publicKeyBase64?: string, options: AuditOptions = {}): Promise<LedgerAudit> {
  const started = performance.now();
  const publicKey = publicKeyFromBase64(publicKeyBase64 ?? ledgerSigner().publicKeyBase64);
  const stored = (await listCheckpoints(db)).map(signedFromRow);
  const all = published ? [...stored, published] : stored;
  const valid = all.map((signed) => verifyCheckpoint(signed, publicKey).ok);
  const badSignatures = all.filter((_, i) => !valid[i]).map((signed) => signed.checkpoint.treeSize);
  const claims = all.filter((_, i) => valid[i]).map(({ checkpoint }) => ({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash }));
  const verifier = new LogVerifier({ checkpoints: claims });
  const workers = Math.max(0, Math.floor(options.workers ?? 0));
  let entries = 0;
  let recheckedBatches = 0;
  if (workers > 0) {
    const parallel = await verifyPackedBatches(readPackedLedger(db, options.batchSize ?? 10_000), verifier, workers);
    entries = parallel.entries;
    recheckedBatches = parallel.sequentialBatches;
  } else {
    reading: for await (const batch of readLedgerInOrder(db, options.batchSize)) {
      for (const record of batch) {
        entries += 1;
        if (!verifier.push(record)) break reading;
      }
    }
  }
  return { log: verifier.finish(), entries, checkpoints: all.length, badSignatures, milliseconds: performance.now() - started, workers, recheckedBatches };
}

/**
 * The log in seq order, packed for the worker threads: per row its seq and one text column, the
 * leaf hash followed by the entry text, which the driver decodes with far less work than three
 * columns (a million row objects cost the reader more than hashing them); a batch joins them into
 * one string. Each batch can be read again as records for the row-by-row check.
 */
export async function* readPackedLedger(db: Executor, batchSize: number): AsyncGenerator<PackedBatch> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, not ${batchSize}`);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    // A leaf hash column of any other length than 64 bytes would shift the split: null, and its
    // batch is checked row by row. (ORDER BY names the table's seq, which the index sorts.)
    const rows = rowsOf<{ seq: number; packed: string | null }>(
      await db.execute(
        sql`select seq::float8 as seq, case when octet_length(leaf_hash) = 64 then leaf_hash || entry_text end as packed from ledger_entries where seq > ${after} order by ledger_entries.seq limit ${batchSize}`,
      ),
    );
    if (rows.length === 0) return;
    const seqs = new Float64Array(rows.length);
    const parts: string[] = new Array<string>(rows.length);
    let whole = true;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      seqs[i] = row.seq;
      if (row.packed === null) whole = false;
      else parts[i] = row.packed;
    }
    const [from, to] = [after, seqs[rows.length - 1]!];
    yield {
      count: rows.length,
      seqs,
      packed: whole ? parts.join("\n") : null,
      records: async () =>
        rowsOf<LogRecord>(
          await db.execute(sql`select seq::float8 as seq, entry_text as entry, leaf_hash as "leafHash" from ledger_entries where seq > ${from} and seq <= ${to} order by ledger_entries.seq`),
        ),
    };
    if (rows.length < batchSize) return;
    after = to;
  }
}
