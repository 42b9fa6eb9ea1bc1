import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateTrackingCode, parseTrackingCode, TRACKING_CODE_BITS, TRACKING_CODE_RANDOM_BYTES, trackingCodeHash, trackingCodeHint } from "@/lib/objections/tracking-code";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/;
const codes = Array.from({ length: 200 }, () => generateTrackingCode(randomBytes(TRACKING_CODE_RANDOM_BYTES)));

describe("tracking codes", () => {
  it("carry at least 80 random bits in four groups of five Crockford symbols", () => {
    expect(TRACKING_CODE_BITS).toBeGreaterThanOrEqual(80);
    for (const code of codes) expect(code).toMatch(FORMAT);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("use every random bit: codes from bytes differing in one early bit differ", () => {
    const a = new Uint8Array(12);
    const b = new Uint8Array(12);
    b[0] = 0x80;
    expect(generateTrackingCode(a)).not.toBe(generateTrackingCode(b));
    const last = new Uint8Array(12);
    last[11] = 0x02; // bit 95 of 96: the last one used
    expect(generateTrackingCode(last)).not.toBe(generateTrackingCode(a));
  });

  it("refuse too little randomness", () => {
    expect(() => generateTrackingCode(new Uint8Array(11))).toThrow(RangeError);
  });

  it("read back as typed or heard: lower case, spaces, no dashes, O for 0 and I or L for 1", () => {
    for (const code of codes.slice(0, 50)) {
      expect(parseTrackingCode(code)).toBe(code);
      expect(parseTrackingCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
      expect(parseTrackingCode(code.replace(/-/g, ""))).toBe(code);
      expect(parseTrackingCode(code.replace(/0/g, "O").replace(/1/g, "l"))).toBe(code);
    }
  });

  it("catch every single mistyped symbol", () => {
    for (const code of codes.slice(0, 40)) {
      const symbols = code.replace(/-/g, "");
      for (let i = 0; i < symbols.length; i++) {
        for (const other of ALPHABET) {
          if (other === symbols[i]) continue;
          expect(parseTrackingCode(symbols.slice(0, i) + other + symbols.slice(i + 1))).toBeNull();
        }
      }
    }
  });

  it("catch every swap of two adjacent different symbols", () => {
    for (const code of codes) {
      const symbols = code.replace(/-/g, "");
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
        expect(parseTrackingCode(swapped), `${symbols} swap at ${i}`).toBeNull();
      }
    }
  });

  it("catch the swap of every pair of symbols at every data position (exhaustive)", () => {
    const withCheck = (data: string) => {
      const valid = [...ALPHABET].filter((c) => parseTrackingCode(data + c) !== null);
      expect(valid).toHaveLength(1);
      return data + valid[0];
    };
    const base = "7K3MQ9XT2HBWZP4RN6C";
    for (const i of [0, 7, 17]) {
      for (const x of ALPHABET) {
        for (const y of ALPHABET) {
          if (x === y) continue;
          const code = withCheck(base.slice(0, i) + x + y + base.slice(i + 2));
          expect(parseTrackingCode(code.slice(0, i) + y + x + code.slice(i + 2))).toBeNull();
        }
      }
    }
  });

  it("refuse wrong lengths, foreign symbols and absurd input", () => {
    const code = codes[0]!;
    expect(parseTrackingCode(code.slice(0, -1))).toBeNull();
    expect(parseTrackingCode(`${code}7`)).toBeNull();
    expect(parseTrackingCode(code.replace(/^./, "U"))).toBeNull();
    expect(parseTrackingCode("")).toBeNull();
    expect(parseTrackingCode("x".repeat(10_000))).toBeNull();
  });

  it("are stored as a hash, with only the last group as a hint", () => {
    const code = codes[0]!;
    expect(trackingCodeHash(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(trackingCodeHash(code)).not.toContain(code);
    expect(trackingCodeHash(code)).toBe(trackingCodeHash(parseTrackingCode(code.toLowerCase())!));
    expect(trackingCodeHint(code)).toBe(code.slice(-5));
  });
});
