/**
 * Signed checkpoints: the log operator's signed statement "at this time my log `origin` had
 * `treeSize` entries with root `rootHash`". Published copies let anyone detect a rewritten or
 * truncated log later, because the operator cannot produce a consistency proof to a fork.
 */
import * as crypto from "node:crypto";
import type { KeyObject } from "node:crypto";
import { checkpointMessage } from "./checkpoint-message";
import { fromHex, isHashHex } from "./hash";
import { keyIdOf } from "./signing-key";
import { verifyConsistency, type ProofFailure } from "./verify-proof";

export interface Checkpoint {
  /** Identifies the log, e.g. "sightline.example.org/ledger"; one line, never empty. */
  readonly origin: string;
  /** Number of entries covered. */
  readonly treeSize: number;
  /** MTH of the first `treeSize` entries, 64 lowercase hex characters. */
  readonly rootHash: string;
  /** When it was signed, ISO 8601 UTC as Date.toISOString writes it. */
  readonly timestamp: string;
}

export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** `keyIdOf` the signing key's public half. */
  readonly keyId: string;
  /** Ed25519 signature over `checkpointBytes(checkpoint)`, base64. */
  readonly signature: string;
}

export type CheckpointFailure =
  | "malformed" // a field is missing or out of its format
  | "unknown_key" // signed by a key other than the one given
  | "bad_signature"
  | "origin_mismatch" // the previous checkpoint belongs to another log
  | "tree_shrank" // fewer entries than the previous checkpoint: truncation
  | "time_regressed" // signed earlier than the previous checkpoint
  | `inconsistent_${ProofFailure}`; // not an extension of the previous tree: a fork or rewrite

export type CheckpointCheck = { readonly ok: true } | { readonly ok: false; readonly reason: CheckpointFailure };

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The exact bytes that are signed: a context line, then the checkpoint as canonical JSON.
 * Throws a TypeError on a malformed checkpoint.
 */
export function checkpointBytes(checkpoint: Checkpoint): Uint8Array {
  const problem = checkpointProblem(checkpoint);
  if (problem) throw new TypeError(`malformed checkpoint: ${problem}`);
  return new Uint8Array(Buffer.from(checkpointMessage(checkpoint)));
}

/**
 * Signs a checkpoint with an Ed25519 private key.
 *
 * @example signCheckpoint({ origin, treeSize: 8, rootHash, timestamp: now.toISOString() }, key)
 */
export function signCheckpoint(checkpoint: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  const signature = crypto.sign(null, checkpointBytes(checkpoint), privateKey);
  return { checkpoint, keyId: keyIdOf(crypto.createPublicKey(privateKey)), signature: signature.toString("base64") };
}

/**
 * Verifies a checkpoint's signature and, given the previous checkpoint this verifier already
 * trusts with a consistency proof between them, that the log only grew: same origin, no fewer
 * entries, no earlier time, and the old tree a prefix of the new. A bad checkpoint is a result,
 * not an exception; only a `publicKey` that is not an Ed25519 public key throws (a TypeError).
 *
 * @example verifyCheckpoint(latest, publicKey, { checkpoint: lastSeen, consistencyProof })
 */
export function verifyCheckpoint(
  signed: SignedCheckpoint,
  publicKey: KeyObject,
  previous?: { readonly checkpoint: Checkpoint; readonly consistencyProof: readonly Uint8Array[] },
): CheckpointCheck {
  const { checkpoint } = signed;
  if (checkpointProblem(checkpoint) || typeof signed.signature !== "string") return fail("malformed");
  if (signed.keyId !== keyIdOf(publicKey)) return fail("unknown_key");
  const signature = Buffer.from(signed.signature, "base64");
  if (signature.toString("base64") !== signed.signature) return fail("malformed");
  if (!crypto.verify(null, checkpointBytes(checkpoint), publicKey, signature)) return fail("bad_signature");
  if (!previous) return { ok: true };

  const old = previous.checkpoint;
  if (checkpointProblem(old)) return fail("malformed");
  if (old.origin !== checkpoint.origin) return fail("origin_mismatch");
  if (checkpoint.treeSize < old.treeSize) return fail("tree_shrank");
  // Same-format ISO strings compare chronologically as text.
  if (checkpoint.timestamp < old.timestamp) return fail("time_regressed");
  const proof = verifyConsistency(
    old.treeSize,
    checkpoint.treeSize,
    previous.consistencyProof,
    fromHex(old.rootHash),
    fromHex(checkpoint.rootHash),
  );
  return proof.ok ? { ok: true } : fail(`inconsistent_${proof.reason}`);
}

/** Why a value is not a well-formed checkpoint, or null if it is. */
export function checkpointProblem(checkpoint: Checkpoint): string | null {
  const { origin, treeSize, rootHash, timestamp } = checkpoint;
  if (typeof origin !== "string" || origin.length === 0 || /[\r\n]/.test(origin)) return "origin";
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) return "treeSize";
  if (typeof rootHash !== "string" || !isHashHex(rootHash)) return "rootHash";
  if (typeof timestamp !== "string" || !ISO_UTC.test(timestamp)) return "timestamp";
  // Rejects well-shaped but impossible dates such as 2025-02-30, which Date would roll over.
  const time = Date.parse(timestamp);
  if (Number.isNaN(time) || new Date(time).toISOString() !== timestamp) return "timestamp";
  return null;
}

const fail = (reason: CheckpointFailure): CheckpointCheck => ({ ok: false, reason });
