import { describe, expect, it } from "vitest";
import { StreamingRoot, leafHash, merkleRoot, toHex } from "@/lib/ledger";
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

  it("refuses a leaf that is not 64 hex characters", () => {
    expect(() => new StreamingRoot().appendHex("zz")).toThrow(RangeError);
    expect(() => new StreamingRoot().appendHex("ab".repeat(16))).toThrow(RangeError);
  });
});
