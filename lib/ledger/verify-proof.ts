/**
 * Inclusion and consistency proof verification, the iterative algorithms of RFC 9162 §2.1.3.2 and
 * §2.1.4.2. They need only the proof, the sizes and the claimed hashes, so anyone can run them.
 *
 * Expected failures are values with a reason code, not exceptions: a bad proof is a normal
 * answer when checking someone else's log.
 */
import { HASH_BYTES, bytesEqual } from "./hash";
import { EMPTY_ROOT, nodeHash } from "./merkle-hash";
import { half, inclusionSides, isCount, isOdd, type ProofFailure } from "./proof-path";

export { inclusionSides, type ProofFailure };

export type ProofCheck = { readonly ok: true } | { readonly ok: false; readonly reason: ProofFailure };

const OK: ProofCheck = { ok: true };
const fail = (reason: ProofFailure): ProofCheck => ({ ok: false, reason });

/**
 * Checks that `leaf` (a leaf hash) sits at `index` in the tree of `size` leaves with MTH `root`.
 *
 * @example verifyInclusion(5, 8, leafHash(entry), proof, root) // { ok: true }
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofCheck {
  if (!allHashes([leaf, root, ...proof])) return fail("malformed");
  const sides = inclusionSides(index, size, proof.length);
  if (typeof sides === "string") return fail(sides);
  let r = leaf;
  sides.forEach((side, i) => {
    r = side === "left" ? nodeHash(proof[i]!, r) : nodeHash(r, proof[i]!);
  });
  return bytesEqual(r, root) ? OK : fail("root_mismatch");
}

/**
 * Checks that the tree of `oldSize` leaves with MTH `oldRoot` is a prefix of the tree of
 * `newSize` leaves with MTH `newRoot`. Equal sizes need an empty proof and equal roots; an old
 * size of 0 needs an empty proof and the empty-tree root.
 *
 * @example verifyConsistency(6, 8, proof, rootAt6, rootAt8) // { ok: true }
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): ProofCheck {
  if (!isCount(oldSize) || !isCount(newSize) || !allHashes([oldRoot, newRoot, ...proof])) return fail("malformed");
  if (oldSize > newSize) return fail("index_out_of_range");
  if (oldSize === 0 || oldSize === newSize) {
    if (proof.length !== 0) return fail("wrong_length");
    const expectedOld = oldSize === 0 ? EMPTY_ROOT : newRoot;
    return bytesEqual(oldRoot, expectedOld) ? OK : fail("root_mismatch");
  }
  if (proof.length === 0) return fail("wrong_length");

  // When the old tree is a perfect subtree, its root is the proof's implicit first element.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return fail("wrong_length");
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail("wrong_length");
  return bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot) ? OK : fail("root_mismatch");
}

const allHashes = (hashes: readonly Uint8Array[]): boolean => hashes.every((h) => h.length === HASH_BYTES);

function isPowerOfTwo(x: number): boolean {
  let v = x;
  while (v > 1 && !isOdd(v)) v /= 2;
  return v === 1;
}
