import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/http/api";
import { crossOriginProblem } from "@/lib/http/same-origin";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy, newNonce, staticSecurityHeaders } from "@/lib/http/security-headers";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const headers = (values: Record<string, string>) => new Headers(values);

describe("the cross-site request guard of the JSON API", () => {
  it.each([
    ["a same-origin browser POST", "POST", { host: "portal.example", origin: "https://portal.example", "sec-fetch-site": "same-origin" }, null],
    ["a POST from a script or server (no Origin, no Sec-Fetch-Site)", "POST", { host: "portal.example" }, null],
    ["a Bearer-token POST from anywhere", "POST", { host: "portal.example", origin: "https://evil.example", authorization: "Bearer slt_x" }, null],
    ["a GET from another site", "GET", { host: "portal.example", origin: "https://evil.example", "sec-fetch-site": "cross-site" }, null],
    ["behind a proxy that forwards the host", "PUT", { host: "10.0.0.5:3000", "x-forwarded-host": "portal.example", origin: "https://portal.example" }, null],
  ])("lets %s through", (_name, method, values, expected) => {
    expect(crossOriginProblem(method, headers(values))).toBe(expected);
  });

  it.each([
    ["a cookie POST from another site", "POST", { host: "portal.example", origin: "https://evil.example" }, /Origin https:\/\/evil\.example/],
    ["a DELETE the browser marks cross-site", "DELETE", { host: "portal.example", "sec-fetch-site": "cross-site" }, /cross-site/],
    ["a PUT from a sibling subdomain", "PUT", { host: "portal.example", origin: "https://portal.example", "sec-fetch-site": "same-site" }, /same-site/],
    ["a PATCH from a sandboxed frame (Origin: null)", "PATCH", { host: "portal.example", origin: "null" }, /null/],
    ["a POST from the right host name on another port", "POST", { host: "portal.example", origin: "https://portal.example:8443" }, /not this site/],
  ])("refuses %s", (_name, method, values, expected) => {
    expect(crossOriginProblem(method, headers(values))).toMatch(expected);
  });
});

describe("database outages", () => {
  const wrapped = (cause: Error) => Object.assign(new Error("Failed query: select 1"), { cause });
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["an administrator shutdown, wrapped by drizzle", wrapped(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))],
    ["a server still starting", wrapped(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))],
    ["a pool that cannot connect in time", new Error("timeout exceeded when trying to connect")],
    ["a statement timeout", wrapped(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }))],
  ])("treats %s as unavailable (503)", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("does not hide a programming error as an outage", () => {
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('relation "nope" does not exist'), { code: "42P01" })))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
  });
});

describe("security headers", () => {
  it("allow scripts only from this origin or with the request's nonce, and no framing", () => {
    const policy = contentSecurityPolicy("abc123", false);
    expect(policy).toMatch(/script-src 'self' 'nonce-abc123'(;|$)/);
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*script|\*/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy("abc123", true)).toContain("'unsafe-eval'");
    expect(API_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'.*frame-ancestors 'none'/);
  });

  it("make a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("send nosniff, a referrer policy and no framing always, HSTS in production only", () => {
    const production = Object.fromEntries(staticSecurityHeaders(true).map((h) => [h.key, h.value]));
    expect(production).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY" });
    expect(production["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(staticSecurityHeaders(false).some((h) => h.key === "Strict-Transport-Security")).toBe(false);
  });
});

describe("framework versions", () => {
  const installed = (name: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  const locked = (name: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> }).packages[`node_modules/${name}`]?.version;
  const parts = (version: string) => version.split(/[.-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const atLeast = (version: string, minimum: string) => {
    const [a, b] = [parts(version), parts(minimum)];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const [x, y] = [a[i], b[i]];
      if (x === y) continue;
      if (x === undefined) return typeof y === "string"; // 1.0.0 > 1.0.0-beta
      if (y === undefined) return typeof x !== "string";
      if (typeof x === "number" && typeof y === "number") return x > y;
      return String(x) > String(y);
    }
    return true;
  };

  // next ≥ 16.4.6: fixes the middleware bypass by x-middleware-subrequest (CVE-2025-29927, fixed in
  // 15.2.3) and the 2025–2026 advisories after it; next-auth 5.0.0-beta.32 is the pinned beta;
  // drizzle-orm ≥ 0.45.2 escapes identifiers (CVE-2026-39356, GHSA-gpj5-g38j-94v9).
  it.each([
    ["next", "16.4.6"],
    ["next-auth", "5.0.0-beta.32"],
    ["drizzle-orm", "0.45.2"],
  ])("%s is at least %s, installed and locked", (name, minimum) => {
    expect(atLeast(installed(name), minimum), `installed ${name} ${installed(name)}`).toBe(true);
    expect(atLeast(locked(name) ?? "0", minimum), `locked ${name} ${locked(name)}`).toBe(true);
  });

  it("compares versions as semver does", () => {
    expect(atLeast("16.10.0", "16.4.6")).toBe(true);
    expect(atLeast("16.4.5", "16.4.6")).toBe(false);
    expect(atLeast("5.0.0-beta.31", "5.0.0-beta.32")).toBe(false);
    expect(atLeast("5.0.0", "5.0.0-beta.32")).toBe(true);
  });
});
