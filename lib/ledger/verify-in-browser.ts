/**
 * Receipt verification with WebCrypto only (no node:crypto, no Buffer), so a browser — or anyone
 * with a JavaScript runtime — can check a ledger receipt without trusting the server: the entry
 * hashes to its leaf, the audit path leads from the leaf to the signed root, and the signature
 * over that root is the operator's.
 */
import { canonicalJson, type JsonObject } from "./canonical-json";
import { checkpointMessage, type CheckpointFields } from "./checkpoint-message";
import { inclusionSides, type ProofFailure } from "./proof-path";

export interface ReceiptToVerify {
  entry: JsonObject;
  leafHash: string;
  leafIndex: number;
  /** Audit path (hex) in the tree of checkpoint.treeSize leaves. */
  auditPath: string[];
  checkpoint: CheckpointFields;
  /** Ed25519 signature over the checkpoint, base64. */
  signature: string;
  /** The operator's raw Ed25519 public key, base64. */
  publicKey: string;
}

export interface PathStep {
  side: "left" | "right";
  sibling: string;
  result: string;
}

export type BrowserVerification =
  | { ok: true; steps: PathStep[]; root: string }
  | { ok: false; reason: "entry_hash_mismatch" | ProofFailure | "bad_signature" | "signature_unsupported"; steps: PathStep[] };

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (text: string) => new Uint8Array((text.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)));
const unbase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", joined));
}

/** Verifies a receipt step by step; the steps are returned so a page can show the proof path. */
export async function verifyReceipt(receipt: ReceiptToVerify): Promise<BrowserVerification> {
  const leaf = await sha256(new Uint8Array([0]), new TextEncoder().encode(canonicalJson(receipt.entry)));
  if (hex(leaf) !== receipt.leafHash) return { ok: false, reason: "entry_hash_mismatch", steps: [] };
  const sides = inclusionSides(receipt.leafIndex, receipt.checkpoint.treeSize, receipt.auditPath.length);
  if (typeof sides === "string") return { ok: false, reason: sides, steps: [] };
  const steps: PathStep[] = [];
  let running = leaf;
  for (const [i, side] of sides.entries()) {
    const sibling = unhex(receipt.auditPath[i] ?? "");
    running = side === "left" ? await sha256(new Uint8Array([1]), sibling, running) : await sha256(new Uint8Array([1]), running, sibling);
    steps.push({ side, sibling: receipt.auditPath[i] ?? "", result: hex(running) });
  }
  if (hex(running) !== receipt.checkpoint.rootHash) return { ok: false, reason: "root_mismatch", steps };
  let key: CryptoKey;
  try {
    key = await globalThis.crypto.subtle.importKey("raw", unbase64(receipt.publicKey), { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return { ok: false, reason: "signature_unsupported", steps };
  }
  const signed = await globalThis.crypto.subtle.verify("Ed25519", key, unbase64(receipt.signature), new TextEncoder().encode(checkpointMessage(receipt.checkpoint)));
  return signed ? { ok: true, steps, root: hex(running) } : { ok: false, reason: "bad_signature", steps };
}
