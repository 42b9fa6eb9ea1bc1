import { describe, expect, it } from "vitest";
import { EMPTY_ROOT, leafHash, leafHashHex, merkleRoot, nodeHash, sha256Hex, splitPoint, toHex } from "@/lib/ledger";
import { EMPTY_TREE_ROOT, LEAF_DATA, ROOTS } from "./rfc6962-vectors";
import { numberedLeaves, referenceRoot } from "./reference-tree";

describe("RFC 6962 Merkle tree hash", () => {
  it("hashes the empty tree to SHA-256 of nothing", () => {
    expect(toHex(EMPTY_ROOT)).toBe(EMPTY_TREE_ROOT);
    expect(toHex(merkleRoot([]))).toBe(EMPTY_TREE_ROOT);
    expect(sha256Hex("")).toBe(EMPTY_TREE_ROOT);
  });

  it("prefixes leaves with 0x00: the empty leaf hashes to the published size-1 root", () => {
    expect(toHex(leafHash(new Uint8Array()))).toBe(ROOTS[0]);
    expect(toHex(leafHash(""))).toBe(ROOTS[0]);
  });

  it("hashes a string leaf as its UTF-8 bytes", () => {
    expect(leafHash("Grüße €")).toEqual(leafHash(new TextEncoder().encode("Grüße €")));
    expect(leafHashHex("Grüße €")).toBe(toHex(leafHash("Grüße €")));
    expect(leafHashHex("")).toBe(ROOTS[0]);
  });

  it.each(ROOTS.map((root, i) => [i + 1, root] as const))("reproduces the published root of %i leaves", (n, root) => {
    expect(toHex(merkleRoot(LEAF_DATA.slice(0, n).map((d) => leafHash(d))))).toBe(root);
    expect(toHex(referenceRoot(LEAF_DATA.slice(0, n)))).toBe(root);
  });

  it("prefixes interior nodes with 0x01", () => {
    const [a, b] = [leafHash("a"), leafHash("b")];
    expect(toHex(nodeHash(a, b))).toBe(sha256Hex(new Uint8Array([1, ...a, ...b])));
  });

  it("refuses interior children that are not 32-byte hashes", () => {
    expect(() => nodeHash(new Uint8Array(31), leafHash("b"))).toThrow(RangeError);
  });

  it("splits at the largest power of two strictly below n", () => {
    expect([2, 3, 4, 5, 8, 9, 2 ** 40 + 1].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 2 ** 40]);
    expect(() => splitPoint(1)).toThrow(RangeError);
  });

  it("matches the recursive definition for every size up to 70", () => {
    const leaves = numberedLeaves(70);
    for (let n = 0; n <= 70; n++) {
      expect(merkleRoot(leaves.slice(0, n).map((d) => leafHash(d)))).toEqual(referenceRoot(leaves.slice(0, n)));
    }
  });
});
