import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/http/return-path";
import { FUZZ_SEED, HOSTILE_STRINGS } from "@/tests/security/fuzz";

const SITE = "https://portal.example";
const staysOnSite = (path: string) => new URL(path, SITE).origin === SITE;

describe("the return path after sign-in or a language switch (no open redirect)", () => {
  it.each(["/home", "/models?state=approved&page=2", "/oversight/objections/abc#history", "/register/%2F%2Fevil.example"])("keeps the same-site path %j", (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n\\evil.example",
    "/\t\\evil.example",
    "https://evil.example/home",
    "javascript:alert(1)",
    "home",
    "",
  ])("sends %j home instead", (path) => {
    expect(safeReturnPath(path)).toBe("/home");
  });

  it("never leaves the site, whatever it is given", () => {
    const piece = fc.oneof(fc.constantFrom("/", "\\", "\t", "\n", "\r", " ", "%2F", "%5C", ".", "..", "@", ":", "?", "#", "evil.example", "//", "\u0000", ...HOSTILE_STRINGS.filter((s) => s.length < 100)), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")), (input) => {
        const path = safeReturnPath(input);
        expect(path.startsWith("/"), JSON.stringify(input)).toBe(true);
        expect(staysOnSite(path), `${JSON.stringify(input)} → ${JSON.stringify(path)}`).toBe(true);
      }),
      { seed: FUZZ_SEED, numRuns: 5_000 },
    );
  });
});
