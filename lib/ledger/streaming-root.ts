/**
 * The RFC 6962 root of a log read leaf by leaf, for verification only: the same border as
 * MerkleAccumulator, but kept in one buffer and fed hex leaf hashes, so a million leaves cost a
 * million node hashes and no per-node allocation. (MerkleAccumulator also hands out every
 * completed node for storage; a verifier has no use for them.)
 */
import { HASH_BYTES, sha256Into } from "./hash";
import { EMPTY_ROOT } from "./merkle-hash";

// 2^64 leaves have a border of at most 64 subtrees.
const MAX_LEVELS = 64;

export class StreamingRoot {
  #size = 0;
  /** Border subtree roots, left (largest) to right, slot i at bytes [32·i, 32·i + 32). */
  #top = 0;
  readonly #border = Buffer.alloc((MAX_LEVELS + 1) * HASH_BYTES);
  // 0x01 || left || right: adjacent border slots are copied in with one call.
  readonly #input = Buffer.alloc(1 + 2 * HASH_BYTES);

  constructor() {
    this.#input[0] = 0x01;
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Appends a leaf hash given as 64 hex characters (the caller has checked the form).
   *
   * @example root.appendHex(row.leaf_hash)
   */
  appendHex(leafHashHex: string): void {
    let top = this.#top;
    if (this.#border.write(leafHashHex, top * HASH_BYTES, HASH_BYTES, "hex") !== HASH_BYTES) {
      throw new RangeError("a leaf hash must be 64 hex characters");
    }
    // Each trailing 1 bit of the old size is a border subtree that the new leaf completes.
    for (let index = this.#size; index % 2 === 1; index = (index - 1) / 2) {
      this.#border.copy(this.#input, 1, (top - 1) * HASH_BYTES, (top + 1) * HASH_BYTES);
      sha256Into(this.#input, this.#border, (top - 1) * HASH_BYTES);
      top -= 1;
    }
    this.#top = top + 1;
    this.#size += 1;
  }

  /**
   * Appends a perfect subtree of 2^level leaves given by its root, e.g. one computed by a worker
   * thread. The tree's size must be a multiple of 2^level (the subtree is aligned where it goes),
   * as for the nodes `rangeNodes(size, end)` lists.
   *
   * @example root.appendSubtree(2, hashOfLeaves4to7) // at size 4: now 8 leaves
   */
  appendSubtree(level: number, hash: Uint8Array): void {
    const width = 2 ** level;
    if (!Number.isInteger(level) || level < 0 || level >= MAX_LEVELS || this.#size % width !== 0) {
      throw new RangeError(`a subtree of 2^${level} leaves does not fit at size ${this.#size}`);
    }
    if (hash.length !== HASH_BYTES) throw new RangeError("a subtree root must be a 32-byte hash");
    let top = this.#top;
    this.#border.set(hash, top * HASH_BYTES);
    // As for a leaf, one level up: each trailing 1 bit of size / 2^level is a waiting sibling.
    for (let index = this.#size / width; index % 2 === 1; index = (index - 1) / 2) {
      this.#border.copy(this.#input, 1, (top - 1) * HASH_BYTES, (top + 1) * HASH_BYTES);
      sha256Into(this.#input, this.#border, (top - 1) * HASH_BYTES);
      top -= 1;
    }
    this.#top = top + 1;
    this.#size += width;
  }

  /** The MTH of the leaves so far: the border folded from the right. */
  root(): Uint8Array {
    if (this.#top === 0) return EMPTY_ROOT;
    const acc = Buffer.alloc(HASH_BYTES);
    this.#border.copy(acc, 0, (this.#top - 1) * HASH_BYTES, this.#top * HASH_BYTES);
    for (let i = this.#top - 2; i >= 0; i--) {
      this.#border.copy(this.#input, 1, i * HASH_BYTES, (i + 1) * HASH_BYTES);
      acc.copy(this.#input, 1 + HASH_BYTES);
      sha256Into(this.#input, acc, 0);
    }
    return acc;
  }
}
