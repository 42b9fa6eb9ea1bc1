import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  MerkleAccumulator,
  consistencyProof,
  inclusionProof,
  leafHash,
  merkleRoot,
  subtreeHashFromNodes,
  verifyConsistency,
  verifyInclusion,
  type NodeId,
  type SubtreeHash,
} from "@/lib/ledger";
import { numberedLeaves, referenceConsistency, referencePath, referenceRoot } from "./reference-tree";

const MAX = 300;
const LEAVES = numberedLeaves(MAX);
const LEAF_HASHES = LEAVES.map((d) => leafHash(d));
const ROOTS = [merkleRoot([]), ...LEAF_HASHES.map((_, i) => merkleRoot(LEAF_HASHES.slice(0, i + 1)))];

// Every node of the 300-leaf tree, so proofs here come from stored nodes as on the server.
const NODES = new Map<string, Uint8Array>();
{
  const tree = MerkleAccumulator.empty();
  LEAF_HASHES.forEach((leaf, index) => {
    NODES.set(`0/${index}`, leaf);
    for (const node of tree.append(leaf)) NODES.set(`${node.level}/${node.index}`, node.hash);
  });
}
const fromStore: SubtreeHash = (start, end) =>
  subtreeHashFromNodes(start, end, ({ level, index }: NodeId) => NODES.get(`${level}/${index}`)!);

const sizeAndIndex = fc.integer({ min: 1, max: MAX }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1)));
const sizePair = fc.integer({ min: 1, max: MAX }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

/** A copy of `hashes` with one bit flipped; `pick` chooses which, uniformly over all bits. */
function flipBit(hashes: readonly Uint8Array[], pick: number): Uint8Array[] {
  const bit = pick % (hashes.length * 256);
  const copy = hashes.map((h) => Uint8Array.from(h));
  copy[Math.floor(bit / 256)]![Math.floor((bit % 256) / 8)]! ^= 1 << bit % 8;
  return copy;
}

describe("Merkle proofs for any tree size and any leaf", () => {
  it("the accumulator's root equals the recursive MTH", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (n) => {
        const tree = MerkleAccumulator.empty();
        LEAF_HASHES.slice(0, n).forEach((h) => tree.append(h));
        expect(tree.root()).toEqual(ROOTS[n]);
      }),
      { numRuns: 50 },
    );
    expect(ROOTS[MAX]).toEqual(referenceRoot(LEAVES));
  });

  it("generated inclusion proofs equal RFC 6962 PATH and verify", () => {
    fc.assert(
      fc.property(sizeAndIndex, ([size, index]) => {
        const proof = inclusionProof(index, size, fromStore);
        expect(proof).toEqual(referencePath(index, LEAVES.slice(0, size)));
        expect(verifyInclusion(index, size, LEAF_HASHES[index]!, proof, ROOTS[size]!).ok).toBe(true);
      }),
    );
  });

  it("an inclusion check fails after any single bit flip in the proof, leaf or root", () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), ([size, index], pick) => {
        const proof = inclusionProof(index, size, fromStore);
        const all = flipBit([...proof, LEAF_HASHES[index]!, ROOTS[size]!], pick);
        const root = all.pop()!;
        const leaf = all.pop()!;
        expect(verifyInclusion(index, size, leaf, all, root).ok).toBe(false);
      }),
    );
  });

  // Not "or another size": paths of different trees can coincide (leaf 0 of 5 and of 6 leaves
  // both have three left-hand steps), which is why the size is bound by the signed checkpoint.
  it("a proof for one leaf does not verify for another index", () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(MAX), ([size, index], other) => {
        fc.pre(other !== index);
        const proof = inclusionProof(index, size, fromStore);
        expect(verifyInclusion(other, size, LEAF_HASHES[index]!, proof, ROOTS[size]!).ok).toBe(false);
      }),
    );
  });

  it("generated consistency proofs equal RFC 6962 PROOF and verify", () => {
    fc.assert(
      fc.property(sizePair, ([m, n]) => {
        const proof = consistencyProof(m, n, fromStore);
        expect(proof).toEqual(referenceConsistency(m, LEAVES.slice(0, n)));
        expect(verifyConsistency(m, n, proof, ROOTS[m]!, ROOTS[n]!).ok).toBe(true);
      }),
    );
  });

  it("a consistency check fails after any single bit flip in the proof or either root", () => {
    fc.assert(
      fc.property(sizePair, fc.nat(), ([m, n], pick) => {
        const proof = consistencyProof(m, n, fromStore);
        const all = flipBit([...proof, ROOTS[m]!, ROOTS[n]!], pick);
        const newRoot = all.pop()!;
        const oldRoot = all.pop()!;
        expect(verifyConsistency(m, n, all, oldRoot, newRoot).ok).toBe(false);
      }),
    );
  });

  it("a fork is never consistent: changing any one leaf of the old tree breaks the proof", () => {
    fc.assert(
      fc.property(sizePair, fc.nat(), ([m, n], which) => {
        fc.pre(m < n);
        const forked = [...LEAF_HASHES.slice(0, n)];
        forked[which % m] = leafHash("forged");
        const proof = consistencyProof(m, n, (s, e) => merkleRoot(forked.slice(s, e)));
        expect(verifyConsistency(m, n, proof, ROOTS[m]!, merkleRoot(forked)).ok).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
