/**
 * Addresses of perfect subtrees, so a server can keep the interior nodes it has already computed
 * and answer any proof from O(log n) stored hashes instead of rehashing the log.
 *
 * Node (level, index) is the root of the perfect subtree over leaves
 * [index·2^level, (index+1)·2^level); level 0 nodes are the leaf hashes themselves.
 */
import { nodeHash } from "./merkle-hash";

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A computed perfect-subtree root, as emitted by `MerkleAccumulator.append` for storage. */
export interface TreeNode extends NodeId {
  readonly hash: Uint8Array;
}

/**
 * Splits the leaf range [start, end) into the fewest aligned perfect subtrees, left to right.
 *
 * @example rangeNodes(0, 6) // [{ level: 2, index: 0 }, { level: 1, index: 2 }]
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`bad leaf range [${start}, ${end})`);
  }
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let width = 1;
    let level = 0;
    // Grow while the doubled subtree is still aligned at `at` and still fits before `end`.
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}

/**
 * MTH of leaves [start, end) from stored perfect-subtree roots. Valid for the ranges RFC 6962
 * proofs use, whose start is aligned to a power of two at least as wide as the range (their
 * decomposition has strictly decreasing levels); any other range is not a subtree of the log's
 * tree and throws a RangeError. `getNode` throws or returns the stored hash.
 *
 * @example subtreeHashFromNodes(4, 7, get) // nodeHash(get({level:1,index:2}), get({level:0,index:6}))
 */
export function subtreeHashFromNodes(start: number, end: number, getNode: (id: NodeId) => Uint8Array): Uint8Array {
  const nodes = rangeNodes(start, end);
  if (nodes.length === 0) throw new RangeError("an empty range has no subtree hash");
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i]!.level >= nodes[i - 1]!.level) {
      throw new RangeError(`[${start}, ${end}) is not a subtree of the log's Merkle tree`);
    }
  }
  return foldRight(nodes.map(getNode));
}

/**
 * Combines perfect-subtree roots listed left to right, largest first, into their MTH: the right
 * fold mirrors RFC 6962 splitting off the largest power of two on the left at each step.
 */
export function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (!acc) throw new RangeError("nothing to fold");
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}
