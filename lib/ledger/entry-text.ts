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

// PostgreSQL writes jsonb as `{"k": v, "k2": v2}`, keys ordered by length and then bytes. For an
// entry of the stored shape whose strings need no escaping and whose numbers are plain integers,
// that text maps to the canonical one by reordering, without building objects: a third of the
// cost of JSON.parse and canonicalJson, which anything else goes through.
const STR = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]*';
// At most 15 digits: such an integer survives Number() and String() unchanged.
const INT = "(?:0|-?[1-9][0-9]{0,14})";
const SUBJECT = `\\{"id": "${STR}", (?:"hash": "${STR}", )?"type": "${STR}"\\}`;
const JSONB_ENTRY = new RegExp(
  `^\\{"seq": (${INT}), "kind": "(${STR})", "actor": "(${STR})", "subjects": \\[((?:${SUBJECT}(?:, ${SUBJECT})*)?)\\], ` +
    `"leafIndex": (${INT}), "recordedAt": "(${STR})", "payloadHash": "(${STR})", "prevLeafHash": (null|"${STR}")\\}$`,
);
const JSONB_SUBJECT = new RegExp(`\\{"id": "(${STR})", (?:"hash": "(${STR})", )?"type": "(${STR})"\\}`, "g");

/**
 * Reads an entry stored as JSON text (any layout, e.g. jsonb's): its canonical text and position
 * fields. Throws a SyntaxError or TypeError when the text is not JSON that canonicalJson accepts.
 *
 * @example entryFromStoredText('{"seq": 1, "kind": …}').text // '{"actor":…,"kind":…,…,"seq":1,…}'
 */
export function entryFromStoredText(stored: string): EntryView {
  const m = JSONB_ENTRY.exec(stored);
  if (!m) return entryFromObject(JSON.parse(stored) as JsonObject);
  const [, seq, kind, actor, subjects, leafIndex, recordedAt, payloadHash, prev] = m as unknown as string[];
  let subjectsText = "";
  // The whole list matched above and strings hold no quote, so each match is the next subject.
  for (const s of subjects!.matchAll(JSONB_SUBJECT)) {
    if (subjectsText) subjectsText += ",";
    subjectsText += s[2] === undefined ? `{"id":"${s[1]}","type":"${s[3]}"}` : `{"hash":"${s[2]}","id":"${s[1]}","type":"${s[3]}"}`;
  }
  return {
    text: `{"actor":"${actor}","kind":"${kind}","leafIndex":${leafIndex},"payloadHash":"${payloadHash}","prevLeafHash":${prev},"recordedAt":"${recordedAt}","seq":${seq},"subjects":[${subjectsText}]}`,
    seq: Number(seq),
    leafIndex: Number(leafIndex),
    prevLeafHash: prev === "null" ? null : prev!.slice(1, -1),
  };
}

/** The same for an entry already parsed. */
export function entryFromObject(entry: JsonObject): EntryView {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new TypeError("an entry must be a JSON object");
  return { text: canonicalEntryText(entry), seq: entry.seq, leafIndex: entry.leafIndex, prevLeafHash: entry.prevLeafHash };
}
