/**
 * The arithmetic of RFC 9162 proof paths, free of any hashing or Node module, so that browser
 * code can walk a proof with WebCrypto and the server with node:crypto along the same path.
 */
export type ProofFailure =
  | "malformed" // a hash is not 32 bytes, or a size or index is not a non-negative integer
  | "index_out_of_range" // the leaf is not inside the tree, or the old tree is larger than the new
  | "wrong_length" // the proof has too many or too few hashes for the sizes
  | "root_mismatch"; // the proof does not lead to the claimed root(s)

// Arithmetic instead of bit operators: those truncate to 32 bits, tree sizes need not.
export const isOdd = (x: number): boolean => x % 2 === 1;
export const half = (x: number): number => Math.floor(x / 2);
export const isCount = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;

/**
 * Which side each audit-path hash joins on, walking from the leaf to the root (RFC 9162
 * §2.1.3.2 without the hashing), so synchronous and asynchronous (WebCrypto) verifiers share
 * one path algorithm. "left": hash(proof, running); "right": hash(running, proof).
 *
 * @example inclusionSides(5, 8, 3) // ["left", "right", "left"]
 */
export function inclusionSides(index: number, size: number, proofLength: number): ("left" | "right")[] | ProofFailure {
  if (!isCount(index) || !isCount(size)) return "malformed";
  if (index >= size) return "index_out_of_range";
  let fn = index;
  let sn = size - 1;
  const sides: ("left" | "right")[] = [];
  for (let i = 0; i < proofLength; i++) {
    if (sn === 0) return "wrong_length";
    if (isOdd(fn) || fn === sn) {
      sides.push("left");
      // A right-edge node with no right sibling moves up levels without hashing.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sides.push("right");
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? sides : "wrong_length";
}

