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
// Anything JSON.stringify would escape, or any surrogate half. Most strings in an entry (ids,
// hashes, kinds, timestamps) contain none, and skipping JSON.stringify for them halves the time.
const NEEDS_CARE = /[\u0000-\u001f"\\\uD800-\uDFFF]/;

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
      // Number::toString is the ES canonical form RFC 8785 adopts (and turns -0 into "0").
      return String(value);
    case "string":
      return quote(value, "string");
    case "object":
      return Array.isArray(value) ? encodeArray(value, ancestors) : encodeObject(value, ancestors);
    default:
      throw new NotJson(`${typeof value} has no JSON form`);
  }
}

// Plain loops and try/catch rather than map/join and callbacks: this runs once per field of
// every entry when a million-entry log is verified.
function encodeArray(items: readonly unknown[], ancestors: Set<object>): string {
  enter(items, ancestors);
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    try {
      out += encode(items[i], ancestors);
    } catch (error) {
      throw withSegment(error, `[${i}]`);
    }
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
    if (i > 0) out += ",";
    out += quote(key, "key");
    out += ":";
    try {
      out += encode(record[key], ancestors);
    } catch (error) {
      throw withSegment(error, `.${key}`);
    }
  }
  ancestors.delete(value);
  return `${out}}`;
}

/**
 * True when canonical JSON writes `text` as `"text"` unchanged (nothing to escape, no surrogate
 * halves), so a caller that knows a value's shape may serialise it without the general encoder.
 *
 * @example isPlainJsonString("u_ab12cd") // true;  isPlainJsonString('say "hi"') // false
 */
export function isPlainJsonString(text: string): boolean {
  return !NEEDS_CARE.test(text);
}

function quote(text: string, what: "string" | "key"): string {
  if (!NEEDS_CARE.test(text)) return `"${text}"`;
  if (LONE_SURROGATE.test(text)) throw new NotJson(`${what} holds a lone surrogate`);
  return JSON.stringify(text);
}

function enter(value: object, ancestors: Set<object>): void {
  if (ancestors.has(value)) throw new NotJson("cyclic reference");
  ancestors.add(value);
}

function withSegment(error: unknown, segment: string): unknown {
  if (error instanceof NotJson) error.path.unshift(segment);
  return error;
}
