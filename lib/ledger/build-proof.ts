/**
 * Inclusion and consistency proof generation, RFC 6962 §2.1.1 (PATH) and §2.1.2 (PROOF).
 *
 * Each proof is a list of subtree hashes. The functions here first name the leaf ranges
 * [start, end) whose hashes make up the proof, so a server can fetch exactly the stored nodes it
 * needs (see `rangeNodes`) in one query, then hash them through a `subtreeHash` callback.
 */
import { splitPoint } from "./merkle-hash";

/** A half-open range of leaf indices [start, end). */
export type LeafRange = readonly [start: number, end: number];

/** MTH of leaves [start, end); e.g. `(s, e) => subtreeHashFromNodes(s, e, getStoredNode)`. */
export type SubtreeHash = (start: number, end: number) => Uint8Array;

/**
 * Ranges whose hashes form the audit path of leaf `index` in a tree of `size` leaves, from the
 * leaf's sibling up to the root's other child.
 *
 * @example inclusionProofRanges(2, 5) // [[3, 4], [0, 2], [4, 5]]
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const out: LeafRange[] = [];
  path(index, 0, size, out);
  return out;
}

/**
 * Ranges whose hashes prove that the tree of `oldSize` leaves is a prefix of the tree of
 * `newSize` leaves. Empty when oldSize is 0 or equals newSize (nothing to prove).
 *
 * @example consistencyProofRanges(6, 8) // [[4, 6], [6, 8], [0, 4]]
 */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  checkSize(oldSize);
  checkSize(newSize);
  if (oldSize > newSize) throw new RangeError(`a tree of ${oldSize} cannot precede one of ${newSize}`);
  const out: LeafRange[] = [];
  if (oldSize > 0) subproof(oldSize, 0, newSize, true, out);
  return out;
}

/**
 * Inclusion proof (audit path) of leaf `index` in a tree of `size` leaves.
 *
 * @example inclusionProof(5, 8, hashFromStore) // three 32-byte hashes
 */
export function inclusionProof(index: number, size: number, subtreeHash: SubtreeHash): Uint8Array[] {
  return inclusionProofRanges(index, size).map(([start, end]) => subtreeHash(start, end));
}

/**
 * Consistency proof between the trees of `oldSize` and `newSize` leaves.
 *
 * @example consistencyProof(6, 8, hashFromStore) // three 32-byte hashes
 */
export function consistencyProof(oldSize: number, newSize: number, subtreeHash: SubtreeHash): Uint8Array[] {
  return consistencyProofRanges(oldSize, newSize).map(([start, end]) => subtreeHash(start, end));
}

// PATH(m, D[start:end]) from RFC 6962 §2.1.1, with ranges in place of hashes.
function path(m: number, start: number, end: number, out: LeafRange[]): void {
  const n = end - start;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(m, start, start + k, out);
    out.push([start + k, end]);
  } else {
    path(m - k, start + k, end, out);
    out.push([start, start + k]);
  }
}

// SUBPROOF(m, D[start:end], b) from RFC 6962 §2.1.2; `whole` is b: whether the old tree's root is
// this very subtree, which the verifier already has and so need not be sent.
function subproof(m: number, start: number, end: number, whole: boolean, out: LeafRange[]): void {
  const n = end - start;
  if (m === n) {
    if (!whole) out.push([start, end]);
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(m, start, start + k, whole, out);
    out.push([start + k, end]);
  } else {
    subproof(m - k, start + k, end, false, out);
    out.push([start, start + k]);
  }
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad tree size ${size}`);
}
