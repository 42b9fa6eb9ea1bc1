import "server-only";
import type { Executor } from "@/db";
import { publicKeyFromBase64, verifyCheckpoint, verifyLog, type LogRecord, type LogVerification, type SignedCheckpoint } from "@/lib/ledger";
import { ledgerSigner } from "@/lib/server/ledger-signer";
import { listCheckpoints, readLedgerInOrder } from "./ledger";
import { signedFromRow } from "./ledger-checkpoints";

export interface LedgerAudit {
  log: LogVerification;
  entries: number;
  checkpoints: number;
  /** Checkpoints whose signature fails, by tree size. */
  badSignatures: number[];
  milliseconds: number;
}

/**
 * Recomputes every leaf and the roots at every stored checkpoint and at the last checkpoint
 * published outside the database, and checks every checkpoint signature. The first bad sequence
 * number is named for an edit, deletion, swap, insertion or truncation.
 */
export async function auditLedger(db: Executor, published: SignedCheckpoint | null, publicKeyBase64?: string): Promise<LedgerAudit> {
  const started = performance.now();
  const publicKey = publicKeyFromBase64(publicKeyBase64 ?? ledgerSigner().publicKeyBase64);
  const records: LogRecord[] = [];
  for await (const batch of readLedgerInOrder(db)) for (const record of batch) records.push(record);
  const stored = (await listCheckpoints(db)).map(signedFromRow);
  const all = published ? [...stored, published] : stored;
  const badSignatures = all.filter((signed) => !verifyCheckpoint(signed, publicKey).ok).map((signed) => signed.checkpoint.treeSize);
  const claims = all.filter((signed) => verifyCheckpoint(signed, publicKey).ok).map(({ checkpoint }) => ({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash }));
  const log = verifyLog(records, { checkpoints: claims });
  return { log, entries: records.length, checkpoints: all.length, badSignatures, milliseconds: performance.now() - started };
}
