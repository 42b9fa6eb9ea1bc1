/**
 * A deliberately naive transcription of RFC 6962 §2.1 (MTH, PATH, PROOF) over full leaf lists,
 * used as the oracle the optimised library code is checked against.
 */
import { EMPTY_ROOT, leafHash, nodeHash, splitPoint } from "@/lib/ledger";

export function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0]!);
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

export function referencePath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), referenceRoot(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), referenceRoot(leaves.slice(0, k))];
}

export function referenceConsistency(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return m === 0 ? [] : subproof(m, leaves, true);
}

function subproof(m: number, leaves: readonly Uint8Array[], whole: boolean): Uint8Array[] {
  if (m === leaves.length) return whole ? [] : [referenceRoot(leaves)];
  const k = splitPoint(leaves.length);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), whole), referenceRoot(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}

/** Leaf data i ↦ its decimal digits, so any test can regenerate the same log. */
export function numberedLeaves(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new TextEncoder().encode(String(i)));
}
