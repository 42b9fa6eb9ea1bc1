import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiToken, callAction, DEMO_EMAILS, ledgerHead, serverActionIds, signedInContext } from "@/tests/security/http";
import { signIn } from "./support";

/**
 * Headers and request guards against the production build: the security headers on pages and
 * API answers (a per-request script nonce the browser enforces, and the app still works under
 * it), cross-site state changes refused, and headers that once let requests skip Next's
 * middleware (CVE-2025-29927) or take the prefetch and RSC paths changing nothing.
 */
const ADDRESS = { "X-Forwarded-For": "198.51.100.99" };
let baseURL: string;
let citizenCookies: APIRequestContext;
let adminToken: string;

test.beforeAll(async ({}, info) => {
  baseURL = info.project.use.baseURL!;
  citizenCookies = await signedInContext(baseURL, DEMO_EMAILS.citizen);
  const admin = await signedInContext(baseURL, DEMO_EMAILS.admin);
  adminToken = (await apiToken(admin, "headers spec")).token;
  await admin.dispose();
});

test.afterAll(async () => {
  await citizenCookies?.dispose();
});

test("pages carry a nonce-based CSP, no framing, nosniff, a referrer policy and HSTS; the nonce is new each time and on every inline script", async ({ request }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/");
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeDefined();
    nonces.add(nonce!);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" });
    expect(headers["strict-transport-security"]).toMatch(/max-age=\d{8}/);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) if (!/\bsrc=/.test(script)) expect(script, "inline script without the nonce").toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(2);
});

test("API answers may load nothing, and authenticated answers are never stored by caches", async () => {
  const api = await citizenCookies.get("/api/v1/me");
  expect(api.status()).toBe(200);
  expect(api.headers()["content-security-policy"]).toMatch(/^default-src 'none'/);
  expect(api.headers()["cache-control"]).toContain("no-store");
  const page = await citizenCookies.get("/home");
  expect(page.status()).toBe(200);
  expect(page.headers()["cache-control"]).toContain("no-store");
  const bearer = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${adminToken}` } });
  const users = await bearer.get("/api/v1/users");
  expect(users.headers()["cache-control"]).toContain("no-store");
  await bearer.dispose();
});

test("the browser enforces the policy and the app still works under it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/");
  // Hydration works: the language switch (a client component posting a server action) changes the page.
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.context().clearCookies();
  await signIn(page, "oversight_officer");
  for (const path of ["/models", "/oversight/ledger", "/ledger", "/register", "/objections"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
  expect(violations).toEqual([]);
  // An injected inline script without the nonce does not run, and the browser says why.
  const ran = await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.appendChild(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test("refuses state changes a browser sends from another site, with a session cookie; a Bearer token is unaffected", async () => {
  const before = (await (await citizenCookies.get("/api/v1/tokens")).json()) as { tokens: unknown[] };
  const forgeries: Record<string, string>[] = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site", Origin: "https://sub.evil.example" }, { Origin: "null" }];
  for (const headers of forgeries) {
    const response = await citizenCookies.post("/api/v1/tokens", { data: { name: "forged" }, headers });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  }
  const after = (await (await citizenCookies.get("/api/v1/tokens")).json()) as { tokens: unknown[] };
  expect(after.tokens).toHaveLength(before.tokens.length);
  const same = await citizenCookies.post("/api/v1/tokens", { data: { name: "same origin" }, headers: { Origin: baseURL, "Sec-Fetch-Site": "same-origin" } });
  expect(same.status()).toBe(201);
  const bearer = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${adminToken}`, Origin: "https://tool.example" } });
  expect((await bearer.post("/api/v1/tokens", { data: { name: "from a tool" } })).status()).toBe(201);
  await bearer.dispose();
  // Server actions: Next compares Origin with Host itself.
  const head = await ledgerHead(citizenCookies);
  const create = serverActionIds().get("app/(signed-in)/account/actions.ts#createTokenAction")!;
  const forged = await callAction(citizenCookies, create, { kind: "state+form", state: { token: null, error: null }, form: { name: "forged by action" } }, { Origin: "https://evil.example" });
  expect(forged.status()).toBe(500);
  const tokens = (await (await citizenCookies.get("/api/v1/tokens")).json()) as { tokens: { name: string }[] };
  expect(tokens.tokens.map((t) => t.name)).not.toContain("forged by action");
  expect(await ledgerHead(citizenCookies)).toBe(head);
});

test("headers that once skipped the middleware, or take the prefetch and RSC paths, change nothing: the caller is still refused", async ({ request }) => {
  const bypasses: Record<string, string>[] = [
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
    { RSC: "1" },
    { RSC: "1", "Next-Router-Prefetch": "1" },
    { "Next-Router-Prefetch": "1", Purpose: "prefetch" },
    { "x-nextjs-data": "1" },
    { "x-invoke-path": "/api/health", "x-invoke-query": "%7B%7D" },
  ];
  const citizen = citizenCookies;
  for (const headers of bypasses) {
    const label = JSON.stringify(headers);
    const anonymous = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { ...ADDRESS, ...headers } });
    expect((await anonymous.get("/api/v1/users")).status(), label).toBe(401);
    expect((await anonymous.post("/api/v1/models", { data: { name: "bypass", purpose: "bypass" } })).status(), label).toBe(401);
    const page = await anonymous.get("/admin/users", { maxRedirects: 0 });
    const body = await page.text();
    expect(body, label).not.toContain("police@demo.test");
    expect([200, 307, 401, 403], label).toContain(page.status());
    if (page.status() === 200) expect(body, label).toMatch(/signin|NEXT_REDIRECT/);
    await anonymous.dispose();
    expect((await citizen.get("/api/v1/users", { headers })).status(), label).toBe(403);
    const forbidden = await citizen.get("/admin/users", { headers, maxRedirects: 0 });
    expect(await forbidden.text(), label).not.toContain("police@demo.test");
    // An RSC request without a router state is sent back to the page itself (307), which refuses as above.
    expect([403, 200, 307], label).toContain(forbidden.status());
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});
