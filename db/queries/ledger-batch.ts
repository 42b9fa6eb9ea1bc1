import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Executor } from "@/db";
import { isHashHex, type JsonObject } from "@/lib/ledger";
import { isLedgerActor, isLedgerKind, type LedgerEntryInput } from "@/lib/ledger/entry-kinds";
import { entryTemplate } from "@/lib/ledger/entry-template";
import { AppError } from "@/lib/errors";
import type { LedgerReceipt } from "./ledger";

function checkInput(input: LedgerEntryInput): void {
  if (!isLedgerKind(input.kind)) throw new AppError("invalid_input", `ledger kind "${input.kind}" is not in LEDGER_KINDS`);
  if (!isLedgerActor(input.actor)) throw new AppError("invalid_input", "ledger actor must be a pseudonym, never personal data");
  if (!isHashHex(input.payloadHash)) throw new AppError("invalid_input", "ledger payloadHash must be a SHA-256 hex digest");
}

/**
 * Appends several entries in one transaction with whatever `alongside(receipts)` adds to it. The
 * database's ledger_append_batch fills and hashes each entry in order exactly as ledger_append
 * (db/queries/ledger.ts) does one by one, under one lock and one read and update of the head: the
 * whole batch is one round trip.
 */
export async function appendBatchToLedger(
  db: Database,
  inputs: readonly LedgerEntryInput[],
  now: Date,
  alongside?: (tx: Executor, receipts: LedgerReceipt[]) => Promise<void>,
): Promise<LedgerReceipt[]> {
  inputs.forEach(checkInput);
  if (inputs.length === 0) return [];
  const recordedAt = now.toISOString();
  const templates = inputs.map((input) => {
    const subjects = input.subjects.map(({ type, id, hash }): JsonObject => (hash === undefined ? { type, id } : { type, id, hash }));
    return entryTemplate({ recordedAt, kind: input.kind, actor: input.actor, subjects, payloadHash: input.payloadHash });
  });
  return db.transaction(async (tx) => {
    const rows = rowsOf<{ seq: string | number; leaf_index: string | number; leaf_hash: string }>(
      await tx.execute(sql`select seq, leaf_index, leaf_hash from ledger_append_batch(${JSON.stringify(templates)}::jsonb) order by n`),
    );
    if (rows.length !== inputs.length) throw new Error(`ledger_append stored ${rows.length} of ${inputs.length} entries`);
    const receipts = rows.map((row): LedgerReceipt => ({ seq: Number(row.seq), leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash, recordedAt }));
    if (alongside) await alongside(tx, receipts);
    return receipts;
  });
}

/**
 * Group commit: callers append one entry each and wait for it to be committed; entries arriving
 * while a batch is being written go into the next batch. A caller's promise resolves only after its
 * entry (and its `alongside` record) committed, and rejects if that batch failed: fail closed.
 */
export class LedgerGroupCommit<Extra> {
  private pending: { input: LedgerEntryInput; extra: Extra; resolve: (receipt: LedgerReceipt) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly db: () => Promise<Database>,
    private readonly alongside: (tx: Executor, batch: { receipt: LedgerReceipt; extra: Extra }[]) => Promise<void>,
    private readonly maxBatch = 256,
  ) {}

  append(input: LedgerEntryInput, extra: Extra): Promise<LedgerReceipt> {
    checkInput(input);
    return new Promise((resolve, reject) => {
      this.pending.push({ input, extra, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const db = await this.db();
          const receipts = await appendBatchToLedger(
            db,
            batch.map((item) => item.input),
            new Date(),
            (tx, written) => this.alongside(tx, written.map((receipt, i) => ({ receipt, extra: batch[i]!.extra }))),
          );
          batch.forEach((item, i) => item.resolve(receipts[i]!));
        } catch (error) {
          batch.forEach((item) => item.reject(error));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
