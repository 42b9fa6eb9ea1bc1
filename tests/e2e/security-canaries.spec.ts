import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ROLES, type Role } from "@/lib/auth/permissions";
import type { Canaries } from "@/tests/security/plant-canaries";
import { ROUTE_RULES } from "@/tests/security/endpoints";
import { DEMO_EMAILS, fillPattern, ledgerHead, signedInContext } from "@/tests/security/http";

/**
 * No server-to-client leaks: a server of its own, on a database whose secret columns hold known
 * values (every password hash and API token hash, tracking-code hashes, objection contact
 * e-mails, the signing key and its path, AUTH_SECRET), crawled as nobody and as every role —
 * every page as HTML and as its RSC payload, every GET endpoint as JSON, CSV and GeoJSON — and
 * none of the values may appear. The one contact e-mail its handling officer may read is the
 * positive control: the crawl must find it on that officer's case page, and nowhere else.
 * The crawl also checks that GET never changes state: the only ledger entries it may add are the
 * logged forecast views.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(15 * 60_000);

type Caller = "anonymous" | Role;
let server: ChildProcess | undefined;
let baseURL: string;
let dataDir: string;
let canaries: Canaries;
const contexts = new Map<Caller, APIRequestContext>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(15 * 60_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-canaries-"));
  const env = { ...process.env, SIGHTLINE_DATA_DIR: dataDir, DATABASE_URL: "", AUTH_SECRET: randomBytes(32).toString("base64url"), LEDGER_SIGNING_KEY_FILE: path.join(dataDir, `cnry${randomBytes(6).toString("hex")}`, "signing.pem"), SIGHTLINE_WORKERS: "0", NEXT_TELEMETRY_DISABLED: "1" };
  const planted = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "tests/security/plant-canaries.ts"], { env, encoding: "utf8", timeout: 10 * 60_000 });
  expect(planted.status, planted.stderr).toBe(0);
  canaries = JSON.parse(planted.stdout.trim().split("\n").at(-1)!) as Canaries;
  expect(canaries.secrets.length).toBeGreaterThan(10);
  const port = await freePort();
  baseURL = `http://localhost:${port}`;
  server = spawn("npm", ["start"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"], detached: true });
  for (let i = 0; ; i++) {
    if (await fetch(`${baseURL}/api/health`).then((r) => r.ok).catch(() => false)) break;
    if (server.exitCode !== null || i > 600) throw new Error("the canary server did not start");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  contexts.set("anonymous", await playwrightRequest.newContext({ baseURL }));
  for (const role of ROLES) contexts.set(role, await signedInContext(baseURL, DEMO_EMAILS[role]));
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.dispose();
  if (server?.pid) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Same-site links worth following from a page; never sign-out or Auth.js's own routes. */
function links(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#]*)"/g)]
    .map((m) => m[1]!.replaceAll("&amp;", "&"))
    .filter((href) => !href.startsWith("/_next") && !href.startsWith("/api/auth") && !/sign-?out/i.test(href));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

test("no secret value appears in any page, RSC payload or API answer, for anyone; the handling officer alone sees the contact", async () => {
  const headBefore = await ledgerHead(contexts.get("anonymous")!);
  const leaks: string[] = [];
  const controlSeenAt: string[] = [];
  const visited: Record<string, number> = {};
  const rscPayloads: Record<string, number> = {};
  const notRsc: string[] = [];
  const ids = new Set<string>();
  const inspect = (caller: Caller, what: string, text: string) => {
    for (const secret of canaries.secrets) if (text.includes(secret.value)) leaks.push(`${secret.label} in ${what} for ${caller}`);
    if (text.includes(canaries.handledContact.email)) {
      const allowed = caller === "oversight_officer" && what.includes(`/oversight/objections/${canaries.handledContact.caseId}`);
      if (allowed) controlSeenAt.push(what);
      else leaks.push(`the handled case's contact e-mail in ${what} for ${caller}`);
    }
    for (const id of text.match(UUID) ?? []) ids.add(id);
  };

  for (const [caller, context] of contexts) {
    const queue = ["/", "/home", "/account", "/register", "/ledger", "/objections", "/objections/stats", "/objections/track", "/objections/mine", "/forecasts", "/models", "/incidents", "/oversight/objections", `/oversight/objections/${canaries.handledContact.caseId}`, "/oversight/ledger", "/oversight/forecasts", "/oversight/serious-incidents", "/admin/users", "/admin/areas", "/admin/imports"];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < 160) {
      const url = queue.shift()!;
      const key = url.replace(/\?.*$/, "") + (url.includes("?") ? "?" : "");
      if (seen.has(url) || [...seen].filter((s) => s.startsWith(key)).length > 3) continue;
      seen.add(url);
      const page = await context.get(url, { failOnStatusCode: false });
      const html = await page.text();
      inspect(caller, `page ${url}`, html + JSON.stringify(page.headers()));
      if ((page.headers()["content-type"] ?? "").includes("text/html")) {
        for (const link of links(html)) if (!seen.has(link)) queue.push(link);
        // Next answers RSC: 1 with a redirect to `?_rsc`, which is followed; what comes back must be
        // the flight payload itself, or this would only look at the HTML a second time.
        const rsc = await context.get(url, { headers: { RSC: "1" }, failOnStatusCode: false });
        if ((rsc.headers()["content-type"] ?? "").includes("text/x-component")) rscPayloads[caller] = (rscPayloads[caller] ?? 0) + 1;
        else notRsc.push(`${url} for ${caller}: ${rsc.status()} ${rsc.headers()["content-type"] ?? "no content type"}`);
        inspect(caller, `RSC payload of ${url}`, await rsc.text());
      }
    }
    visited[caller] = seen.size;
  }

  // Every GET endpoint, with every id the crawl found for its path parameters.
  const candidates = [...ids].slice(0, 25);
  for (const [key] of Object.entries(ROUTE_RULES).filter(([k]) => k.startsWith("GET /api/") && !k.includes("/api/auth"))) {
    const pattern = key.slice(4);
    const names = [...pattern.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
    const values = names.length === 0 ? [{}] : candidates.map((id) => Object.fromEntries(names.map((n) => [n, n === "seq" || n === "cell" ? "1" : id])));
    for (const [caller, context] of contexts) {
      for (const params of values) {
        const url = fillPattern(pattern, params);
        const variants = pattern.includes("/register") || pattern.includes("/incidents") ? ["", "?format=csv"] : pattern === "/api/v1/forecasts" ? ["?purpose=briefing", "?purpose=briefing&horizon=1"] : [""];
        for (const variant of variants) {
          const response = await context.get(url + variant, { failOnStatusCode: false, headers: variant.includes("purpose") ? { Accept: "application/geo+json" } : {} });
          if (response.status() >= 500) leaks.push(`${url + variant} answered ${response.status()} for ${caller}`);
          inspect(caller, `GET ${url}${variant}`, (await response.text()) + JSON.stringify(response.headers()));
        }
      }
    }
  }
  console.log(`canaries: ${canaries.secrets.length} secret values; pages crawled per caller ${JSON.stringify(visited)}, RSC payloads ${JSON.stringify(rscPayloads)}; ${candidates.length} ids tried on every GET endpoint`);
  expect(leaks).toEqual([]);
  expect(notRsc, "RSC requests answered with something other than an RSC payload").toEqual([]);
  for (const caller of contexts.keys()) expect(rscPayloads[caller] ?? 0, `RSC payloads inspected for ${caller}`).toBeGreaterThan(10);
  expect(controlSeenAt.length, "the handling officer must see the contact on the case page (proves the crawl reaches it)").toBeGreaterThan(0);

  // GET never changes state: the crawl may add only the logged forecast views.
  const added = (await (await contexts.get("anonymous")!.get(`/api/v1/ledger/entries?afterSeq=${headBefore}&limit=500`)).json()) as { entries: { kind: string }[] };
  expect([...new Set(added.entries.map((e) => e.kind))].filter((kind) => kind !== "forecast.viewed")).toEqual([]);
});
