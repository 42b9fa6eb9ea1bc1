/**
 * An append-only Merkle tree kept as its right border (a compact range over [0, size)): one
 * perfect-subtree root per set bit of the size. Appending costs O(1) amortised hashes, the root
 * O(log n), and memory stays O(log n) however long the log grows.
 */
import { HASH_BYTES } from "./hash";
import { EMPTY_ROOT, nodeHash } from "./merkle-hash";
import { foldRight, rangeNodes, type NodeId, type TreeNode } from "./tree-nodes";

export class MerkleAccumulator {
  #size: number;
  // Roots of the border's perfect subtrees, left (largest) to right (smallest).
  readonly #border: Uint8Array[];

  private constructor(size: number, border: Uint8Array[]) {
    this.#size = size;
    this.#border = border;
  }

  /** An empty tree. */
  static empty(): MerkleAccumulator {
    return new MerkleAccumulator(0, []);
  }

  /**
   * Resumes a tree of `size` leaves from its stored border nodes, e.g. after a restart.
   * `getNode` is called for each id of `borderNodes(size)`.
   *
   * @example MerkleAccumulator.restore(6, (id) => stored.get(id)) // border {2,0}, {1,2}
   */
  static restore(size: number, getNode: (id: NodeId) => Uint8Array): MerkleAccumulator {
    const border = borderNodes(size).map((id) => {
      const hash = getNode(id);
      if (hash.length !== HASH_BYTES) throw new RangeError(`node ${id.level}/${id.index} is not a 32-byte hash`);
      return hash;
    });
    return new MerkleAccumulator(size, border);
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash and returns the interior nodes it completed (level ≥ 1), lowest first,
   * so a caller can persist them for later proofs. Amortised one node per leaf.
   *
   * @example acc.append(leafHash(bytes)) // [] for an even-numbered leaf
   */
  append(leaf: Uint8Array): TreeNode[] {
    if (leaf.length !== HASH_BYTES) throw new RangeError("a leaf hash must be 32 bytes");
    const completed: TreeNode[] = [];
    let hash = leaf;
    let index = this.#size;
    let level = 0;
    // Each trailing 1 bit of the old size is a same-sized subtree on the border waiting for a
    // right sibling; the new leaf completes them one after another.
    while (index % 2 === 1) {
      hash = nodeHash(this.#border.pop()!, hash);
      index = (index - 1) / 2;
      level += 1;
      completed.push({ level, index, hash });
    }
    this.#border.push(hash);
    this.#size += 1;
    return completed;
  }

  /** The current MTH; the empty-tree hash when nothing has been appended. */
  root(): Uint8Array {
    return this.#border.length === 0 ? EMPTY_ROOT : foldRight(this.#border);
  }

  /** The border nodes with their hashes, left to right: what to keep to resume later. */
  border(): TreeNode[] {
    return borderNodes(this.#size).map((id, i) => ({ ...id, hash: this.#border[i]! }));
  }
}

/**
 * Ids of the perfect subtrees whose roots determine a tree of `size` leaves.
 *
 * @example borderNodes(6) // [{ level: 2, index: 0 }, { level: 1, index: 2 }]
 */
export function borderNodes(size: number): NodeId[] {
  return rangeNodes(0, size);
}
