/**
 * Tracking codes for objection cases: 19 random Crockford base-32 symbols (95 bits) and one
 * check symbol, in four groups of five — `7K3MQ-9XT2H-BWZP4-RN6CF`. Crockford's
 * alphabet has no I, L, O or U, so a code read aloud or copied by hand survives: lower case,
 * spaces, missing dashes and the look-alikes O→0, I/L→1 are accepted when parsing. The check
 * symbol catches every single mistyped symbol and every swap of two adjacent ones.
 *
 * Pure: randomness comes in as an argument.
 */
import { sha256Hex } from "../ledger/hash";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_SYMBOLS = 19;
const GROUP = 5;
/** Entropy of a code in bits (19 symbols × 5 bits). */
export const TRACKING_CODE_BITS = DATA_SYMBOLS * 5;
/** Bytes of randomness a code needs. */
export const TRACKING_CODE_RANDOM_BYTES = Math.ceil(TRACKING_CODE_BITS / 8);

const valueOf = (symbol: string): number => ALPHABET.indexOf(symbol);

/** Multiplication by x (the element 2) in GF(32) with the primitive polynomial x⁵ + x² + 1. */
const times2 = (value: number) => ((value << 1) ^ (value & 16 ? 0b100101 : 0)) & 31;

/**
 * Damm's check over the quasigroup a ∗ b = 2a + b in GF(32): a Latin square (every single
 * substitution changes the result) in which (c ∗ x) ∗ y = (c ∗ y) ∗ x only when x = y (every
 * adjacent swap changes it). Luhn mod 32 misses swaps of 0 and Z; this misses none.
 */
function fold(values: readonly number[]): number {
  let interim = 0;
  for (const value of values) interim = times2(interim) ^ value;
  return interim;
}

/** The check value that folds the whole sequence to 0. */
const checkValue = (values: readonly number[]) => times2(fold(values));
const isValidWithCheck = (values: readonly number[]) => fold(values) === 0;

const grouped = (symbols: string) => symbols.match(new RegExp(`.{1,${GROUP}}`, "g"))!.join("-");

/**
 * A new tracking code from at least 12 random bytes (the first 95 bits are used).
 *
 * @example generateTrackingCode(crypto.randomBytes(12)) // "7K3MQ-9XT2H-BWZP4-RN6CF"
 */
export function generateTrackingCode(random: Uint8Array): string {
  if (random.length < TRACKING_CODE_RANDOM_BYTES) throw new RangeError(`a tracking code needs ${TRACKING_CODE_RANDOM_BYTES} random bytes`);
  const values: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let i = 0; values.length < DATA_SYMBOLS; ) {
    if (bits < 5) {
      buffer = ((buffer << 8) | random[i++]!) & 0xffff;
      bits += 8;
    }
    values.push((buffer >> (bits - 5)) & 31);
    bits -= 5;
  }
  values.push(checkValue(values));
  return grouped(values.map((v) => ALPHABET[v]).join(""));
}

/**
 * The canonical form of a code as a person typed or read it, or null when it is not a valid code
 * (wrong length, a symbol outside the alphabet, or a failed check symbol).
 *
 * @example parseTrackingCode("7k3mq 9xt2h bwzp4 rn6cf") // "7K3MQ-9XT2H-BWZP4-RN6CF"
 */
export function parseTrackingCode(input: string): string | null {
  if (input.length > 64) return null;
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (symbols.length !== DATA_SYMBOLS + 1) return null;
  const values = [...symbols].map(valueOf);
  if (values.some((v) => v < 0)) return null;
  return isValidWithCheck(values) ? grouped(symbols) : null;
}

/** What the database stores instead of the code itself: the code is a bearer secret, shown once. */
export function trackingCodeHash(canonicalCode: string): string {
  return sha256Hex(`sightline.objection:${canonicalCode}`);
}

/** The last group, enough for a person to tell their cases apart without revealing the code. */
export function trackingCodeHint(canonicalCode: string): string {
  return canonicalCode.slice(-GROUP);
}
