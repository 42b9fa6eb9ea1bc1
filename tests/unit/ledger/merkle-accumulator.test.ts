import { describe, expect, it } from "vitest";
import {
  MerkleAccumulator,
  borderNodes,
  inclusionProof,
  leafHash,
  merkleRoot,
  rangeNodes,
  subtreeHashFromNodes,
  toHex,
  type NodeId,
} from "@/lib/ledger";
import { LEAF_DATA, ROOTS } from "./rfc6962-vectors";
import { numberedLeaves, referencePath, referenceRoot } from "./reference-tree";

const key = ({ level, index }: NodeId) => `${level}/${index}`;

/** Appends leaves and keeps every node, as a database layer would. */
function buildStore(leaves: readonly Uint8Array[]) {
  const tree = MerkleAccumulator.empty();
  const store = new Map<string, Uint8Array>();
  leaves.forEach((data, index) => {
    const leaf = leafHash(data);
    store.set(key({ level: 0, index }), leaf);
    for (const node of tree.append(leaf)) store.set(key(node), node.hash);
  });
  const getNode = (id: NodeId) => {
    const hash = store.get(key(id));
    if (!hash) throw new Error(`node ${key(id)} was never stored`);
    return hash;
  };
  return { tree, store, getNode };
}

describe("MerkleAccumulator", () => {
  it("reproduces the published roots as leaves are appended one by one", () => {
    const tree = MerkleAccumulator.empty();
    expect(toHex(tree.root())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    LEAF_DATA.forEach((data, i) => {
      tree.append(leafHash(data));
      expect(tree.size).toBe(i + 1);
      expect(toHex(tree.root())).toBe(ROOTS[i]);
    });
  });

  it("emits each completed interior node once, lowest first", () => {
    const tree = MerkleAccumulator.empty();
    const emitted = numberedLeaves(8).map((d) => tree.append(leafHash(d)).map(key));
    expect(emitted).toEqual([[], ["1/0"], [], ["1/1", "2/0"], [], ["1/2"], [], ["1/3", "2/1", "3/0"]]);
  });

  it("emits nodes whose hashes are the roots of their leaf ranges", () => {
    const leaves = numberedLeaves(13);
    const { store } = buildStore(leaves);
    for (const [id, hash] of store) {
      const [level, index] = id.split("/").map(Number) as [number, number];
      const width = 2 ** level;
      expect(hash).toEqual(referenceRoot(leaves.slice(index * width, (index + 1) * width)));
    }
    expect(store.size).toBe(13 + 6 + 3 + 1);
  });

  it("resumes from its stored border and continues to the same roots", () => {
    const leaves = numberedLeaves(40);
    const { getNode } = buildStore(leaves.slice(0, 27));
    const resumed = MerkleAccumulator.restore(27, getNode);
    expect(resumed.root()).toEqual(referenceRoot(leaves.slice(0, 27)));
    leaves.slice(27).forEach((d) => resumed.append(leafHash(d)));
    expect(resumed.root()).toEqual(referenceRoot(leaves));
    expect(resumed.border().map(key)).toEqual(["5/0", "3/4"]);
  });

  it("refuses leaf hashes and stored nodes that are not 32 bytes", () => {
    expect(() => MerkleAccumulator.empty().append(new Uint8Array(31))).toThrow(RangeError);
    expect(() => MerkleAccumulator.restore(3, () => new Uint8Array(4))).toThrow(RangeError);
  });
});

describe("stored tree nodes", () => {
  it("decompose a leaf range into the fewest aligned perfect subtrees", () => {
    expect(rangeNodes(0, 6).map(key)).toEqual(["2/0", "1/2"]);
    expect(rangeNodes(3, 13).map(key)).toEqual(["0/3", "2/1", "2/2", "0/12"]);
    expect(rangeNodes(5, 5)).toEqual([]);
    expect(borderNodes(0)).toEqual([]);
    expect(() => rangeNodes(4, 3)).toThrow(RangeError);
  });

  it("answer every proof range without touching other leaves", () => {
    const leaves = numberedLeaves(37);
    const { getNode } = buildStore(leaves);
    for (let index = 0; index < 37; index++) {
      const proof = inclusionProof(index, 37, (s, e) => subtreeHashFromNodes(s, e, getNode));
      expect(proof).toEqual(referencePath(index, leaves));
    }
  });

  it("refuse ranges that are not subtrees of the log's tree", () => {
    const { getNode } = buildStore(numberedLeaves(8));
    expect(() => subtreeHashFromNodes(1, 3, getNode)).toThrow("not a subtree");
    expect(() => subtreeHashFromNodes(2, 2, getNode)).toThrow(RangeError);
    expect(subtreeHashFromNodes(4, 7, getNode)).toEqual(merkleRoot(numberedLeaves(7).slice(4).map((d) => leafHash(d))));
  });
});
