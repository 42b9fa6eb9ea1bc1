import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database, type Executor } from "@/db";
import { isHashHex, leafHashHex, type JsonObject } from "@/lib/ledger";
import { isLedgerActor, isLedgerKind, type LedgerEntryInput } from "@/lib/ledger/entry-kinds";
import { entryTemplate, fillEntryTemplate } from "@/lib/ledger/entry-template";
import { AppError } from "@/lib/errors";
import type { LedgerReceipt } from "./ledger";

function checkInput(input: LedgerEntryInput): void {
  if (!isLedgerKind(input.kind)) throw new AppError("invalid_input", `ledger kind "${input.kind}" is not in LEDGER_KINDS`);
  if (!isLedgerActor(input.actor)) throw new AppError("invalid_input", "ledger actor must be a pseudonym, never personal data");
  if (!isHashHex(input.payloadHash)) throw new AppError("invalid_input", "ledger payloadHash must be a SHA-256 hex digest");
}

/**
 * Appends several entries in one transaction under the head-row lock: the positions are read once,
 * each entry is filled and hashed in order (each naming the previous one's leaf hash), and all are
 * stored in one INSERT with whatever `alongside(receipts)` adds in the same transaction. The
 * entries are exactly those appendToLedger would write one by one; the cost of a commit is shared.
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
  return db.transaction(async (tx) => {
    const [head] = rowsOf<{ tree_size: string | number; last_seq: string | number; last_leaf_hash: string | null }>(
      await tx.execute(sql`select tree_size, last_seq, last_leaf_hash from ledger_head where id = 1 for update`),
    );
    if (!head) throw new Error("ledger_head row is missing: the ledger migration did not run");
    let leafIndex = Number(head.tree_size);
    let seq = Number(head.last_seq);
    let previous = head.last_leaf_hash;
    const rows: SQL[] = [];
    const receipts = inputs.map((input) => {
      const subjects = input.subjects.map(({ type, id, hash }): JsonObject => (hash === undefined ? { type, id } : { type, id, hash }));
      const template = entryTemplate({ recordedAt, kind: input.kind, actor: input.actor, subjects, payloadHash: input.payloadHash });
      seq += 1;
      const text = fillEntryTemplate(template, leafIndex, previous, seq);
      const leafHash = leafHashHex(text);
      rows.push(sql`(${seq}, ${leafIndex}, ${text}, ${leafHash})`);
      const receipt: LedgerReceipt = { seq, leafIndex, leafHash, recordedAt };
      leafIndex += 1;
      previous = leafHash;
      return receipt;
    });
    await tx.execute(sql`insert into ledger_entries (seq, leaf_index, entry_text, leaf_hash) values ${sql.join(rows, sql`, `)}`);
    await tx.execute(sql`update ledger_head set tree_size = ${leafIndex}, last_seq = ${seq}, last_leaf_hash = ${previous} where id = 1`);
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
