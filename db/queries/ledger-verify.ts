import "server-only";
import type { Executor } from "@/db";
import { LogVerifier, publicKeyFromBase64, verifyCheckpoint, type LogVerification, type SignedCheckpoint } from "@/lib/ledger";
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
}

/**
 * Recomputes every leaf and the roots at every stored checkpoint and at the last checkpoint
 * published outside the database, and checks every checkpoint signature. The first bad sequence
 * number is named for an edit, deletion, swap, insertion or truncation. The log is streamed in
 * batches, so memory stays flat however long it is.
 */
export async function auditLedger(db: Executor, published: SignedCheckpoint | null, publicKeyBase64?: string): Promise<LedgerAudit> {
  const started = performance.now();
  const publicKey = publicKeyFromBase64(publicKeyBase64 ?? ledgerSigner().publicKeyBase64);
  const stored = (await listCheckpoints(db)).map(signedFromRow);
  const all = published ? [...stored, published] : stored;
  const valid = all.map((signed) => verifyCheckpoint(signed, publicKey).ok);
  const badSignatures = all.filter((_, i) => !valid[i]).map((signed) => signed.checkpoint.treeSize);
  const claims = all.filter((_, i) => valid[i]).map(({ checkpoint }) => ({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash }));
  const verifier = new LogVerifier({ checkpoints: claims });
  let entries = 0;
  reading: for await (const batch of readLedgerInOrder(db)) {
    for (const record of batch) {
      entries += 1;
      if (!verifier.push(record)) break reading;
    }
  }
  return { log: verifier.finish(), entries, checkpoints: all.length, badSignatures, milliseconds: performance.now() - started };
}
