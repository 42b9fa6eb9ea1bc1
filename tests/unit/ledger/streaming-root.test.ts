import { describe, expect, it } from "vitest";
import { StreamingRoot, leafHash, merkleRoot, rangeNodes, toHex } from "@/lib/ledger";
import { LEAF_DATA, ROOTS } from "./rfc6962-vectors";

describe("StreamingRoot", () => {
  it("reproduces the RFC 6962 reference roots at every size", () => {
    const root = new StreamingRoot();
    expect(toHex(root.root())).toBe(toHex(merkleRoot([])));
    LEAF_DATA.forEach((data, i) => {
      root.appendHex(toHex(leafHash(data)));
      expect(toHex(root.root())).toBe(ROOTS[i]);
    });
  });

  it("agrees with merkleRoot up to 300 leaves, including every power of two and its neighbours", () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(`leaf ${i}`));
    const root = new StreamingRoot();
    leaves.forEach((leaf, i) => {
      root.appendHex(toHex(leaf));
      expect(toHex(root.root())).toBe(toHex(merkleRoot(leaves.slice(0, i + 1))));
    });
    expect(root.size).toBe(300);
  });

  it("takes perfect subtrees by their roots, as rangeNodes splits a range, to the same roots", () => {
    const leaves = Array.from({ length: 200 }, (_, i) => leafHash(`leaf ${i}`));
    const subtree = (level: number, index: number) => merkleRoot(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));
    for (const cuts of [[0, 200], [0, 1, 7, 64, 65, 130, 200], [0, 3, 5, 99, 128, 199, 200]]) {
      const root = new StreamingRoot();
      for (let i = 1; i < cuts.length; i++) {
        for (const { level, index } of rangeNodes(cuts[i - 1]!, cuts[i]!)) root.appendSubtree(level, subtree(level, index));
        expect(root.size).toBe(cuts[i]);
        expect(toHex(root.root())).toBe(toHex(merkleRoot(leaves.slice(0, cuts[i]))));
      }
    }
    const at3 = new StreamingRoot();
    for (let i = 0; i < 3; i++) at3.appendHex(toHex(leaves[i]!));
    expect(() => at3.appendSubtree(1, subtree(1, 2))).toThrow(RangeError);
    expect(() => new StreamingRoot().appendSubtree(0, new Uint8Array(31))).toThrow(RangeError);
  });

  it("refuses a leaf that is not 64 hex characters", () => {
    expect(() => new StreamingRoot().appendHex("zz")).toThrow(RangeError);
    expect(() => new StreamingRoot().appendHex("ab".repeat(16))).toThrow(RangeError);
  });
});
