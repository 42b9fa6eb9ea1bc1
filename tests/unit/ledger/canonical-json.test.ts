import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson } from "@/lib/ledger";

describe("canonicalJson", () => {
  it("reproduces the RFC 8785 §3.2.2 worked example", () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units as in RFC 8785 §3.2.3", () => {
    const keys = ["\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6"];
    const encoded = canonicalJson(Object.fromEntries(keys.map((k) => [k, 0])));
    // Compared as text: Object.keys would list the integer-like key "1" first whatever the order.
    const expected = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"];
    expect(encoded).toBe(`{${expected.map((k) => `${JSON.stringify(k)}:0`).join(",")}}`);
  });

  it("writes numbers in ECMAScript canonical form", () => {
    expect(canonicalJson([-0, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2, 5e-324])).toBe(
      "[0,1e+21,1e-7,123456789012345680000,0.30000000000000004,5e-324]",
    );
  });

  it("sorts nested objects and adds no whitespace", () => {
    expect(canonicalJson({ z: { b: 1, a: [{ d: 2, c: 3 }] }, a: "x y" })).toBe(
      '{"a":"x y","z":{"a":[{"c":3,"d":2}],"b":1}}',
    );
  });

  it.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["undefined", undefined],
    ["undefined in an array", [1, undefined]],
    ["undefined in an object", { a: undefined }],
    ["a function", { f: () => 1 }],
    ["a symbol", Symbol("s")],
    ["a bigint", 1n],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a lone surrogate", "\ud800"],
    ["a lone surrogate in a key", { "\udc00": 1 }],
  ])("refuses %s", (_, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it("names the path of the offending value", () => {
    expect(() => canonicalJson({ a: [{ b: NaN }] })).toThrow("$.a[0].b: NaN has no JSON form");
  });

  it("refuses cycles but accepts a shared, acyclic object twice", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow("cyclic");
  });

  it("accepts objects without a prototype", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it("round-trips any JSON value to the same canonical text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("does not depend on key insertion order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });
});
