import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEntryText, canonicalJson, entryFromCanonicalText, type JsonObject } from "@/lib/ledger";
import { jsonbText } from "./jsonb-layout";

/** Whatever canonicalJson does with a value (its text or its error), for comparing two encoders. */
function outcome(encode: (value: JsonObject) => string, value: JsonObject): string {
  try {
    return encode(value);
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom('a"b', "c\\d", "\u0000", "\ud800", "é€😀"));
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const subject = fc.record({ type: anyText, id: anyText, hash: fc.oneof(hex64, anyText) }, { requiredKeys: ["type", "id"] });
const entry = fc.record({
  actor: anyText,
  kind: anyText,
  leafIndex: fc.oneof(fc.nat(), fc.double(), fc.constant(-0)),
  payloadHash: fc.oneof(hex64, anyText),
  prevLeafHash: fc.oneof(fc.constant(null), hex64, anyText),
  recordedAt: anyText,
  seq: fc.oneof(fc.nat(), fc.integer(), fc.double()),
  subjects: fc.array(subject, { maxLength: 3 }),
});

describe("canonicalEntryText", () => {
  it("is canonicalJson for entries of the stored shape, whatever their strings and numbers", () => {
    fc.assert(
      fc.property(entry, (value) => {
        expect(outcome(canonicalEntryText, value)).toBe(outcome(canonicalJson, value));
      }),
      { numRuns: 2000 },
    );
  });

  it("is canonicalJson for any change of that shape: a key added, removed or nested deeper", () => {
    const changed = fc.tuple(entry, fc.constantFrom("add", "remove", "nest", "subjectKey", "subjectNotObject", "nullPrototype"), fc.string({ maxLength: 8 })).map(([value, change, key]) => {
      const copy: Record<string, unknown> = { ...value, subjects: value.subjects.map((s) => ({ ...s })) };
      if (change === "add") copy[key || "extra"] = 1;
      if (change === "remove") delete copy[Object.keys(copy)[key.length % 8]!];
      if (change === "nest") copy.actor = { actor: value.actor };
      if (change === "subjectKey") copy.subjects = [{ type: "t", id: "i", [key || "extra"]: "x" }];
      if (change === "subjectNotObject") copy.subjects = ["t", null];
      if (change === "nullPrototype") return Object.assign(Object.create(null) as object, copy) as JsonObject;
      return copy as JsonObject;
    });
    fc.assert(
      fc.property(changed, (value) => {
        expect(outcome(canonicalEntryText, value)).toBe(outcome(canonicalJson, value));
      }),
      { numRuns: 2000 },
    );
  });

  it("writes an appended entry exactly as it was hashed", () => {
    const stored = '{"actor":"u_abc123","kind":"forecast.viewed","leafIndex":7,"payloadHash":"' + "ab".repeat(32) + '","prevLeafHash":null,"recordedAt":"2026-01-01T00:00:00.000Z","seq":9,"subjects":[{"hash":"' + "cd".repeat(32) + '","id":"f1","type":"forecast"},{"id":"v1","type":"view"}]}';
    // As PostgreSQL's jsonb returns it: keys by length, then bytes.
    const fromJsonb = JSON.parse(JSON.stringify(JSON.parse(stored), ["seq", "kind", "actor", "subjects", "leafIndex", "recordedAt", "payloadHash", "prevLeafHash", "id", "hash", "type"])) as JsonObject;
    expect(Object.keys(fromJsonb)[0]).toBe("seq");
    expect(canonicalEntryText(fromJsonb)).toBe(stored);
  });

  it("reads the canonical text of any entry: position fields as JSON.parse gives them", () => {
    fc.assert(
      fc.property(entry, (value) => {
        let text: string;
        try {
          text = canonicalJson(value);
        } catch {
          return;
        }
        const parsed = JSON.parse(text) as JsonObject;
        expect(entryFromCanonicalText(text)).toEqual({ text, seq: parsed.seq, leafIndex: parsed.leafIndex, prevLeafHash: parsed.prevLeafHash });
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses stored text that is JSON but not canonical, whatever its layout", () => {
    const layouts = fc.constantFrom(jsonbText, (value: unknown) => JSON.stringify(value, null, 1), (value: unknown) => JSON.stringify({ ...(value as object), seq: undefined, extra: 1 }));
    fc.assert(
      fc.property(entry, layouts, (value, layout) => {
        const text = layout(value);
        if (outcome(canonicalJson, JSON.parse(text) as JsonObject) === text) return;
        expect(() => entryFromCanonicalText(text)).toThrow(TypeError);
      }),
      { numRuns: 2000 },
    );
    const canonical = '{"actor":"system","kind":"k","leafIndex":1,"payloadHash":"p","prevLeafHash":null,"recordedAt":"t","seq":2,"subjects":[]}';
    expect(entryFromCanonicalText(canonical).seq).toBe(2);
    for (const bad of [canonical.replace('"seq":2', '"seq":02'), canonical.replace('"seq":2', '"seq":2.0'), canonical.replace(",", ", "), canonical.replace('"kind":"k",', "") + " "]) {
      expect(() => entryFromCanonicalText(bad)).toThrow();
    }
    expect(() => entryFromCanonicalText('{"seq": 1}x')).toThrow(SyntaxError);
  });
});
