/**
 * RFC 6962 / RFC 9162 §2.1.1 Merkle Tree Hash (MTH) over SHA-256. Leaves and interior nodes get
 * different one-byte prefixes so that no leaf can be passed off as an interior node (a second
 * preimage attack on the tree).
 */
import { HASH_BYTES, fromHex, sha256, sha256Hex } from "./hash";

/** MTH of the empty tree: SHA-256 of no bytes. */
export const EMPTY_ROOT: Uint8Array = fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

// One scratch buffer for interior nodes: 1 prefix byte + two 32-byte children. Hashing is
// synchronous, so reuse cannot race, and it avoids an allocation per node on the 1M-entry path.
const nodeInput = new Uint8Array(1 + 2 * HASH_BYTES);
nodeInput[0] = 0x01;

/**
 * Leaf hash SHA-256(0x00 || data). A string is hashed as its UTF-8 bytes, so the leaf hash of a
 * ledger entry is `leafHash(canonicalJson(entry))`.
 *
 * @example toHex(leafHash(new Uint8Array())) // "6e340b9c…a01d"
 */
export function leafHash(data: Uint8Array | string): Uint8Array {
  // U+0000 encodes to the single byte 0x00 in UTF-8, so prefixing the string is the same as
  // prefixing its bytes, without copying them into a new buffer first.
  if (typeof data === "string") return sha256(`\u0000${data}`);
  const input = new Uint8Array(1 + data.length);
  input.set(data, 1);
  return sha256(input);
}

/**
 * Leaf hash of a string's UTF-8 bytes, as hex: what a ledger row stores.
 *
 * @example leafHashHex("") // "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
 */
export function leafHashHex(data: string): string {
  return sha256Hex(`\u0000${data}`);
}

/** Interior node hash SHA-256(0x01 || left || right); both children must be 32-byte digests. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
    throw new RangeError("node children must be 32-byte hashes");
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return sha256(nodeInput);
}

/**
 * The largest power of two strictly below n (n ≥ 2): where RFC 6962 splits a tree of n leaves.
 *
 * @example splitPoint(5) // 4;  splitPoint(8) // 4
 */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`cannot split a tree of ${n} leaves`);
  let k = 1;
  // Multiplying, not shifting: bit operators truncate to 32 bits and sizes may exceed 2³¹.
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH of a list of leaf hashes, computed bottom-up in O(n) hashes. For large logs prefer
 * `MerkleAccumulator`, which needs O(log n) memory.
 *
 * @example toHex(merkleRoot([])) // EMPTY_ROOT
 */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  let level: Uint8Array[] = [...leafHashes];
  // Pairing left to right and carrying an odd last node up unchanged builds exactly the tree of
  // RFC 6962's "split at the largest power of two" recursion.
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
