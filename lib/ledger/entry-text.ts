/**
 * The canonical JSON of a ledger entry, written directly for the shape appendToLedger stores
 * (actor, kind, leafIndex, payloadHash, prevLeafHash, recordedAt, seq, subjects of {type, id,
 * hash?}), and by the general encoder for anything else. Verifying a million-entry log spends
 * most of its time here otherwise: the general encoder sorts keys and tracks cycles per object.
 */
import { canonicalJson, isPlainJsonString, type JsonObject, type JsonValue } from "./canonical-json";

/**
 * Exactly `canonicalJson(entry)`: the fast path accepts only own keys of the known shape, plain
 * strings and finite numbers, and hands everything else (an extra or missing key, a string to
 * escape, a nested value) to canonicalJson, so a tampered entry is never serialised differently.
 *
 * @example canonicalEntryText(JSON.parse(row.entry)) === canonicalJson(JSON.parse(row.entry))
 */
export function canonicalEntryText(entry: JsonObject): string {
  return knownShapeText(entry) ?? canonicalJson(entry);
}

const ENTRY_KEYS = 8;

function knownShapeText(entry: JsonObject): string | null {
  if (Object.getPrototypeOf(entry) !== Object.prototype) return null;
  const keys = Object.keys(entry);
  if (keys.length !== ENTRY_KEYS) return null;
  // Eight distinct own keys, each one of the eight expected: exactly the expected set.
  for (const key of keys) {
    switch (key) {
      case "actor":
      case "kind":
      case "leafIndex":
      case "payloadHash":
      case "prevLeafHash":
      case "recordedAt":
      case "seq":
      case "subjects":
        break;
      default:
        return null;
    }
  }
  const { actor, kind, leafIndex, payloadHash, prevLeafHash, recordedAt, seq, subjects } = entry;
  if (!plain(actor) || !plain(kind) || !plain(payloadHash) || !plain(recordedAt)) return null;
  if (!finite(leafIndex) || !finite(seq)) return null;
  if (prevLeafHash !== null && !plain(prevLeafHash)) return null;
  const subjectsText = subjectsJson(subjects);
  if (subjectsText === null) return null;
  const prev = prevLeafHash === null ? "null" : `"${prevLeafHash}"`;
  // String(n) is how canonicalJson writes a number (ECMAScript's shortest round trip).
  return `{"actor":"${actor}","kind":"${kind}","leafIndex":${String(leafIndex)},"payloadHash":"${payloadHash}","prevLeafHash":${prev},"recordedAt":"${recordedAt}","seq":${String(seq)},"subjects":${subjectsText}}`;
}

function subjectsJson(value: JsonValue | undefined): string | null {
  if (!Array.isArray(value)) return null;
  const items = value as readonly JsonValue[];
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== "object" || item === null || Array.isArray(item) || Object.getPrototypeOf(item) !== Object.prototype) return null;
    const subject = item as JsonObject;
    // Own enumerable keys, as canonicalJson sees them: exactly {type, id} or {type, id, hash}.
    const keys = Object.keys(subject);
    const withHash = keys.length === 3 && keys.includes("hash");
    if (!(keys.length === 2 || withHash) || !keys.includes("type") || !keys.includes("id")) return null;
    const { type, id, hash } = subject;
    if (!plain(type) || !plain(id) || (withHash && !plain(hash))) return null;
    if (i > 0) out += ",";
    out += withHash ? `{"hash":"${hash as string}","id":"${id}","type":"${type}"}` : `{"id":"${id}","type":"${type}"}`;
  }
  return `${out}]`;
}

function plain(value: JsonValue | undefined): value is string {
  return typeof value === "string" && isPlainJsonString(value);
}

function finite(value: JsonValue | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** An entry's canonical text and the position fields the verifier checks, read from stored JSON. */
export interface EntryView {
  /** The canonical JSON the leaf hash covers. */
  readonly text: string;
  readonly seq: unknown;
  readonly leafIndex: unknown;
  readonly prevLeafHash: unknown;
}

// A canonical entry of the stored shape whose strings need no escaping and whose numbers are
// plain integers: matching this pattern proves the text canonical (keys in order, no spaces,
// nothing to escape, no leading zeros) and reads the position fields without JSON.parse.
const STR = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]*';
// At most 15 digits: such an integer survives Number() and String() unchanged.
const INT = "(0|-?[1-9][0-9]{0,14})";
const SUBJECT = `\\{(?:"hash":"${STR}",)?"id":"${STR}","type":"${STR}"\\}`;
/**
 * The pattern's source: worker threads (verify-workers.ts) build the same RegExp from it, so the
 * parallel audit accepts exactly the texts this module's fast path does. Groups: 1 leafIndex,
 * 2 prevLeafHash (null or quoted), 3 seq.
 */
export const CANONICAL_ENTRY_PATTERN =
  `^\\{"actor":"${STR}","kind":"${STR}","leafIndex":${INT},"payloadHash":"${STR}","prevLeafHash":(null|"${STR}"),` +
  `"recordedAt":"${STR}","seq":${INT},"subjects":\\[(?:${SUBJECT}(?:,${SUBJECT})*)?\\]\\}$`;
const CANONICAL_ENTRY = new RegExp(CANONICAL_ENTRY_PATTERN);

/**
 * Reads an entry stored as its canonical JSON text (what the leaf hash covers): the position
 * fields, after checking that the text is canonical. Throws a SyntaxError for text that is not
 * JSON and a TypeError for JSON that is not in canonical form (a third party recomputing the leaf
 * from the parsed entry would get a different hash).
 *
 * @example entryFromCanonicalText('{"actor":"system",…,"seq":1,…}').seq // 1
 */
export function entryFromCanonicalText(text: string): EntryView {
  const m = CANONICAL_ENTRY.exec(text);
  if (m) return { text, leafIndex: Number(m[1]), prevLeafHash: m[2] === "null" ? null : m[2]!.slice(1, -1), seq: Number(m[3]) };
  const parsed = JSON.parse(text) as JsonValue;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TypeError("an entry must be a JSON object");
  const entry = parsed as JsonObject;
  if (canonicalJson(entry) !== text) throw new TypeError("entry text is not in canonical JSON form");
  return { text, seq: entry.seq, leafIndex: entry.leafIndex, prevLeafHash: entry.prevLeafHash };
}

/** The same for an entry already parsed. */
export function entryFromObject(entry: JsonObject): EntryView {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new TypeError("an entry must be a JSON object");
  return { text: canonicalEntryText(entry), seq: entry.seq, leafIndex: entry.leafIndex, prevLeafHash: entry.prevLeafHash };
}
