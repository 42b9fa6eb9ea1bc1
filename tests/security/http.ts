/**
 * HTTP helpers for the security browser tests: signing in through Auth.js's own endpoints (no
 * page), personal API tokens per role, server actions called by their id, and the ledger head as
 * the public witness that nothing was written.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import type { Role } from "@/lib/auth/permissions";

export const DEMO_PASSWORD = "sightline-demo";
export const DEMO_EMAILS: Record<Role, string> = {
  admin: "admin@demo.test",
  model_developer: "developer@demo.test",
  oversight_officer: "oversight1@demo.test",
  police_staff: "police@demo.test",
  citizen: "citizen@demo.test",
};

/** Signs in through /api/auth/callback/credentials; the context then carries the session cookie. */
export async function signedInContext(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, callbackUrl: "/home" }, maxRedirects: 0 });
  expect(response.status(), `sign-in of ${email}`).toBe(302);
  const cookies = await context.storageState();
  expect(cookies.cookies.map((c) => c.name), `session cookie of ${email}`).toContainEqual(expect.stringMatching(/authjs\.session-token$/));
  return context;
}

/** A personal API token for the signed-in context's user. */
export async function apiToken(context: APIRequestContext, name = "security sweep"): Promise<{ token: string; id: string }> {
  const response = await context.post("/api/v1/tokens", { data: { name } });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as { token: string; summary: { id: string } };
  return { token: body.token, id: body.summary.id };
}

/** The newest ledger sequence number: public, and every accountable write moves it. */
export async function ledgerHead(context: APIRequestContext): Promise<number> {
  const response = await context.get("/api/v1/ledger/entries?limit=1");
  expect(response.status()).toBe(200);
  const { entries } = (await response.json()) as { entries: { seq: number }[] };
  return entries[0]?.seq ?? -1;
}

/** Server action ids by `file#exportedName`, from the build's server reference manifest. */
export function serverActionIds(): Map<string, string> {
  const buildDir = process.env.SIGHTLINE_BUILD_DIR ?? ".next";
  const file = path.resolve(buildDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.filename && entry.exportedName) ids.set(`${entry.filename}#${entry.exportedName}`, id);
  return ids;
}

export type ActionArguments = { kind: "none" } | { kind: "form"; form: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> } | { kind: "state+form"; state: unknown; form: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> };

/**
 * Calls a server action the way React's client does: POST with `Next-Action: <id>`, arguments
 * encoded as React's reply format (field "0" is the JSON argument list; a FormData argument is
 * `"$K1"` and its fields are sent as `_1_<name>`).
 */
export async function callAction(context: APIRequestContext, id: string, args: ActionArguments, headers: Record<string, string> = {}): Promise<APIResponse> {
  const common = { headers: { "Next-Action": id, Accept: "text/x-component", ...headers }, maxRedirects: 0, failOnStatusCode: false } as const;
  if (args.kind === "none") return context.post("/", { ...common, headers: { ...common.headers, "Content-Type": "text/plain;charset=UTF-8" }, data: "[]" });
  const list = args.kind === "form" ? ["$K1"] : [args.state, "$K1"];
  // The argument list goes last, as React's client sends it: the server resolves "$K1" from the
  // fields that came before it. (A plain object would put the integer-like key "0" first.)
  const multipart = new FormData();
  for (const [name, value] of Object.entries(args.form)) {
    if (typeof value === "string") multipart.append(`_1_${name}`, value);
    else multipart.append(`_1_${name}`, new File([new Uint8Array(value.buffer)], value.name, { type: value.mimeType }));
  }
  multipart.append("0", JSON.stringify(list));
  return context.post("/", { ...common, multipart });
}

/**
 * How a refused action answers: the app's messages for unauthenticated, forbidden, permission and
 * not found in the returned state, or an error row of the RSC stream (`1:E{"digest":…}`) when the
 * action threw its refusal instead of returning it.
 */
export const REFUSAL = /Sign in or send a valid API token|Your role may not do this|This action needs the permission|No such|^\d+:E\{"digest"/m;

/** Fills a route pattern's dynamic segments: /api/v1/jobs/[id] with { id: "…" }. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return value;
  });
}
