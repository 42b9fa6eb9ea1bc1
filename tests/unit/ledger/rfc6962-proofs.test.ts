import { describe, expect, it } from "vitest";
import {
  EMPTY_ROOT,
  consistencyProof,
  consistencyProofRanges,
  fromHex,
  inclusionProof,
  inclusionProofRanges,
  leafHash,
  merkleRoot,
  toHex,
  verifyConsistency,
  verifyInclusion,
  type SubtreeHash,
} from "@/lib/ledger";
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_DATA, ROOTS } from "./rfc6962-vectors";

const leafHashes = LEAF_DATA.map((d) => leafHash(d));
const subtreeHash: SubtreeHash = (start, end) => merkleRoot(leafHashes.slice(start, end));
const root = (size: number) => fromHex(ROOTS[size - 1]!);
const someHash = fromHex("abacaba000000000000000000000000000000000000000000060061e00123456");
const flipped = (proof: readonly Uint8Array[], i: number, mask: number) =>
  proof.map((h, j) => (j === i ? h.map((b, k) => (k === 0 ? b ^ mask : b)) : h));

describe("inclusion proofs against the published RFC 6962 vectors", () => {
  it.each(INCLUSION_PROOFS)("generates the known audit path of leaf $index in a tree of $size", (v) => {
    expect(inclusionProof(v.index, v.size, subtreeHash).map(toHex)).toEqual(v.proof);
  });

  it.each(INCLUSION_PROOFS)("verifies the known audit path of leaf $index in a tree of $size", (v) => {
    const proof = v.proof.map(fromHex);
    expect(verifyInclusion(v.index, v.size, leafHashes[v.index]!, proof, root(v.size))).toEqual({ ok: true });
  });

  it.each(INCLUSION_PROOFS.filter((v) => v.proof.length > 0))(
    "rejects every corruption of the path of leaf $index in a tree of $size",
    ({ index, size, proof: hex }) => {
      const proof = hex.map(fromHex);
      const leaf = leafHashes[index]!;
      const r = root(size);
      const probes: [string, ReturnType<typeof verifyInclusion>][] = [
        ["index - 1", verifyInclusion(index - 1, size, leaf, proof, r)],
        ["index + 1", verifyInclusion(index + 1, size, leaf, proof, r)],
        ["index ^ 2", verifyInclusion(index ^ 2, size, leaf, proof, r)],
        ["size * 2", verifyInclusion(index, size * 2, leaf, proof, r)],
        ["size / 2", verifyInclusion(index, Math.floor(size / 2), leaf, proof, r)],
        ["wrong leaf", verifyInclusion(index, size, leafHash("wrong"), proof, r)],
        ["empty root", verifyInclusion(index, size, leaf, proof, EMPTY_ROOT)],
        ["random root", verifyInclusion(index, size, leaf, proof, someHash)],
        ["trailing root", verifyInclusion(index, size, leaf, [...proof, r], r)],
        ["preceding root", verifyInclusion(index, size, leaf, [r, ...proof], r)],
        ["trailing short hash", verifyInclusion(index, size, leaf, [...proof, new Uint8Array()], r)],
        ["removed last", verifyInclusion(index, size, leaf, proof.slice(0, -1), r)],
        ["inserted", verifyInclusion(index, size, leaf, [proof[0]!, someHash, ...proof.slice(1)], r)],
        ...proof.map((_, i) => [`bit 3 of proof[${i}]`, verifyInclusion(index, size, leaf, flipped(proof, i, 8), r)] as [string, ReturnType<typeof verifyInclusion>]),
      ];
      expect(probes.filter(([, check]) => check.ok).map(([name]) => name)).toEqual([]);
    },
  );

  it("says why a proof fails", () => {
    const v = INCLUSION_PROOFS[2]!;
    const proof = v.proof.map(fromHex);
    expect(verifyInclusion(v.index, v.size, leafHashes[v.index]!, proof, someHash)).toEqual({ ok: false, reason: "root_mismatch" });
    expect(verifyInclusion(8, 8, leafHashes[0]!, proof, someHash)).toEqual({ ok: false, reason: "index_out_of_range" });
    expect(verifyInclusion(0, 8, leafHashes[0]!, proof.slice(1), root(8))).toEqual({ ok: false, reason: "wrong_length" });
    expect(verifyInclusion(0, 8, new Uint8Array(3), proof, root(8))).toEqual({ ok: false, reason: "malformed" });
    expect(verifyInclusion(-1, 8, leafHashes[0]!, proof, root(8))).toEqual({ ok: false, reason: "malformed" });
  });

  it("treats a single-leaf tree's root as its leaf hash, with an empty path", () => {
    const h = leafHash("data");
    expect(verifyInclusion(0, 1, h, [], h).ok).toBe(true);
    expect(verifyInclusion(0, 1, h, [], someHash).ok).toBe(false);
    expect(verifyInclusion(0, 0, h, [], h).ok).toBe(false);
    expect(verifyInclusion(1, 0, h, [], h).ok).toBe(false);
    expect(verifyInclusion(2, 1, h, [], h).ok).toBe(false);
  });

  it("names the ranges a server must hash, deepest first", () => {
    expect(inclusionProofRanges(5, 8)).toEqual([[4, 5], [6, 8], [0, 4]]);
    expect(inclusionProofRanges(1, 5)).toEqual([[0, 1], [2, 4], [4, 5]]);
    expect(() => inclusionProofRanges(5, 5)).toThrow(RangeError);
  });
});

describe("consistency proofs against the published RFC 6962 vectors", () => {
  it.each(CONSISTENCY_PROOFS)("generates the known proof from $oldSize to $newSize", (v) => {
    expect(consistencyProof(v.oldSize, v.newSize, subtreeHash).map(toHex)).toEqual(v.proof);
  });

  it.each(CONSISTENCY_PROOFS)("verifies the known proof from $oldSize to $newSize", (v) => {
    const check = verifyConsistency(v.oldSize, v.newSize, v.proof.map(fromHex), root(v.oldSize), root(v.newSize));
    expect(check).toEqual({ ok: true });
  });

  it.each(CONSISTENCY_PROOFS.filter((v) => v.proof.length > 0))(
    "rejects every corruption of the proof from $oldSize to $newSize",
    ({ oldSize, newSize, proof: hex }) => {
      const proof = hex.map(fromHex);
      const [r1, r2] = [root(oldSize), root(newSize)];
      const check = (m: number, n: number, p: readonly Uint8Array[], a: Uint8Array, b: Uint8Array) =>
        verifyConsistency(m, n, p, a, b);
      const probes: [string, ReturnType<typeof verifyConsistency>][] = [
        ["oldSize - 1", check(oldSize - 1, newSize, proof, r1, r2)],
        ["oldSize + 1", check(oldSize + 1, newSize, proof, r1, r2)],
        ["oldSize ^ 2", check(oldSize ^ 2, newSize, proof, r1, r2)],
        ["newSize * 2", check(oldSize, newSize * 2, proof, r1, r2)],
        ["newSize / 2", check(oldSize, Math.floor(newSize / 2), proof, r1, r2)],
        ["wrong old root", check(oldSize, newSize, proof, someHash, r2)],
        ["wrong new root", check(oldSize, newSize, proof, r1, someHash)],
        ["swapped roots", check(oldSize, newSize, proof, r2, r1)],
        ["empty proof", check(oldSize, newSize, [], r1, r2)],
        ["trailing old root", check(oldSize, newSize, [...proof, r1], r1, r2)],
        ["trailing new root", check(oldSize, newSize, [...proof, r2], r1, r2)],
        ["preceding old root", check(oldSize, newSize, [r1, ...proof], r1, r2)],
        ["preceding new root", check(oldSize, newSize, [r2, ...proof], r1, r2)],
        ["preceding proof[0]", check(oldSize, newSize, [proof[0]!, ...proof], r1, r2)],
        ["truncated", check(oldSize, newSize, proof.slice(0, -1), r1, r2)],
        ...proof.map((_, i) => [`bit 4 of proof[${i}]`, check(oldSize, newSize, flipped(proof, i, 16), r1, r2)] as [string, ReturnType<typeof verifyConsistency>]),
      ];
      expect(probes.filter(([, result]) => result.ok).map(([name]) => name)).toEqual([]);
    },
  );

  it.each([
    ["equal sizes, equal roots", 3, 3, [], root(3), root(3), true],
    ["equal sizes, different roots", 3, 3, [], root(3), root(4), false],
    ["equal sizes, non-empty proof", 3, 3, [root(1)], root(3), root(3), false],
    ["from the empty tree", 0, 5, [], EMPTY_ROOT, root(5), true],
    ["from size 0 with a non-empty root", 0, 5, [], root(1), root(5), false],
    ["from size 0 with a non-empty proof", 0, 5, [EMPTY_ROOT], EMPTY_ROOT, root(5), false],
    ["back in time", 5, 3, [], root(5), root(3), false],
    ["growth with an empty proof", 1, 2, [], root(1), root(2), false],
  ] as const)("handles %s", (_, m, n, proof, r1, r2, ok) => {
    expect(verifyConsistency(m, n, proof, r1, r2).ok).toBe(ok);
  });

  it("names the ranges a server must hash", () => {
    expect(consistencyProofRanges(6, 8)).toEqual([[4, 6], [6, 8], [0, 4]]);
    expect(consistencyProofRanges(4, 8)).toEqual([[4, 8]]);
    expect(consistencyProofRanges(0, 8)).toEqual([]);
    expect(() => consistencyProofRanges(9, 8)).toThrow(RangeError);
  });
});
