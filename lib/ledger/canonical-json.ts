/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings exactly as ECMAScript's JSON.stringify writes them. Two parties
 * that hold the same data therefore hash the same bytes, which is what lets anyone recompute a
 * ledger entry's leaf hash without trusting the server's serialiser.
 */

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

// A lone surrogate cannot be encoded as UTF-8, so two encoders would disagree on its bytes;
// RFC 8785 requires I-JSON input, which forbids it. With the `u` flag a paired surrogate is one
// code point and does not match this class.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Serialises a JSON value canonically. Throws a TypeError naming the offending path on anything
 * JSON cannot represent exactly (NaN, ±Infinity, undefined, functions, symbols, bigints,
 * non-plain objects such as Date or Map, cycles, lone surrogates) instead of silently dropping or
 * converting it, as JSON.stringify would.
 *
 * @example canonicalJson({ b: [1, 2e-3], a: "x" }) // '{"a":"x","b":[1,0.002]}'
 */
export function canonicalJson(value: unknown): string {
  try {
    return encode(value, new Set());
  } catch (error) {
    if (error instanceof NotJson) throw new TypeError(`$${error.path.join("")}: ${error.message}`);
    throw error;
  }
}

// Carries the path outwards as the stack unwinds, so the hot path never builds path strings.
class NotJson extends Error {
  readonly path: string[] = [];
}

function encode(value: unknown, ancestors: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new NotJson(`${value} has no JSON form`);
      // JSON.stringify uses Number::toString, the ES canonical form RFC 8785 adopts (and -0 → "0").
      return JSON.stringify(value);
    case "string":
      if (LONE_SURROGATE.test(value)) throw new NotJson("string holds a lone surrogate");
      return JSON.stringify(value);
    case "object":
      return Array.isArray(value) ? encodeArray(value, ancestors) : encodeObject(value, ancestors);
    default:
      throw new NotJson(`${typeof value} has no JSON form`);
  }
}

function encodeArray(items: readonly unknown[], ancestors: Set<object>): string {
  enter(items, ancestors);
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    out += within(`[${i}]`, () => encode(items[i], ancestors));
  }
  ancestors.delete(items);
  return `${out}]`;
}

function encodeObject(value: object, ancestors: Set<object>): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new NotJson(`only plain objects are JSON, not ${value.constructor?.name ?? "this object"}`);
  }
  enter(value, ancestors);
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is exactly RFC 8785's ordering.
  const keys = Object.keys(record).sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (LONE_SURROGATE.test(key)) throw new NotJson("key holds a lone surrogate");
    if (i > 0) out += ",";
    out += `${JSON.stringify(key)}:${within(`.${key}`, () => encode(record[key], ancestors))}`;
  }
  ancestors.delete(value);
  return `${out}}`;
}

function enter(value: object, ancestors: Set<object>): void {
  if (ancestors.has(value)) throw new NotJson("cyclic reference");
  ancestors.add(value);
}

function within(segment: string, run: () => string): string {
  try {
    return run();
  } catch (error) {
    if (error instanceof NotJson) error.path.unshift(segment);
    throw error;
  }
}
