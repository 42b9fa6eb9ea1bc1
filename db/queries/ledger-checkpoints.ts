import "server-only";
import { desc, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { ledgerCheckpoints, ledgerHead } from "@/db/schema";
import { signCheckpoint, type SignedCheckpoint } from "@/lib/ledger";
import { ledgerSigner, writePublishedCheckpoint } from "@/lib/server/ledger-signer";
import { extendTree } from "./ledger";

export interface PublishedCheckpoint extends SignedCheckpoint {
  publicKey: string;
}

function toSigned(row: typeof ledgerCheckpoints.$inferSelect): SignedCheckpoint {
  return {
    checkpoint: { origin: row.origin, treeSize: row.treeSize, rootHash: row.rootHash, timestamp: row.timestamp },
    keyId: row.keyId,
    signature: row.signature,
  };
}

/**
 * Builds the tree up to the head, signs its size and root, stores the checkpoint and publishes
 * it outside the database too. The root is computed from the stored nodes, never taken on trust.
 */
export async function createCheckpoint(now: Date = new Date()): Promise<PublishedCheckpoint> {
  const db = await getDb();
  const signer = ledgerSigner();
  const { builtSize: treeSize, rootHash } = await extendTree(db);
  const signed = signCheckpoint({ origin: signer.origin, treeSize, rootHash, timestamp: now.toISOString() }, signer.privateKey);
  await db.insert(ledgerCheckpoints).values({ origin: signer.origin, treeSize, rootHash, timestamp: signed.checkpoint.timestamp, keyId: signed.keyId, signature: signed.signature });
  writePublishedCheckpoint(signed);
  return { ...signed, publicKey: signer.publicKeyBase64 };
}

export async function latestCheckpoint(db?: Executor): Promise<PublishedCheckpoint | null> {
  const executor = db ?? (await getDb());
  const [row] = await executor.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.id)).limit(1);
  return row ? { ...toSigned(row), publicKey: ledgerSigner().publicKeyBase64 } : null;
}

export async function listPublishedCheckpoints(limit = 100): Promise<PublishedCheckpoint[]> {
  const db = await getDb();
  const rows = await db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.id)).limit(Math.min(1000, limit));
  const publicKey = ledgerSigner().publicKeyBase64;
  return rows.map((row) => ({ ...toSigned(row), publicKey }));
}

/**
 * Signs a checkpoint when the log has grown by `every` entries, or has grown at all and the last
 * checkpoint is older than `minutes`. Called periodically by the workers.
 */
export async function checkpointIfDue(policy: { every: number; minutes: number }, now: Date = new Date()): Promise<PublishedCheckpoint | null> {
  const db = await getDb();
  const [head] = await db.select({ treeSize: ledgerHead.treeSize }).from(ledgerHead).where(eq(ledgerHead.id, 1));
  const last = await latestCheckpoint(db);
  const size = head?.treeSize ?? 0;
  const lastSize = last?.checkpoint.treeSize ?? -1;
  const age = last ? now.getTime() - Date.parse(last.checkpoint.timestamp) : Infinity;
  if (size - lastSize >= policy.every || (size > lastSize && age >= policy.minutes * 60_000)) return createCheckpoint(now);
  return null;
}

export { toSigned as signedFromRow };
