import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { decode, encode } from "@auth/core/jwt";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiToken, callAction, DEMO_EMAILS, serverActionIds, signedInContext } from "@/tests/security/http";

/**
 * Sign-in, sessions and their cookies over HTTP against the production build: identical answers
 * for every failure, throttling with 429 and Retry-After, cookie flags, sessions ended by
 * demotion and by their absolute lifetime (a forged, otherwise valid cookie 13 hours old).
 */
test.describe.configure({ mode: "serial" });

const ADDRESS = { "X-Forwarded-For": "198.51.100.88" };
const PASSWORD = "a long and unguessable passphrase";
let baseURL: string;
let admin: APIRequestContext;

async function createUser(role: string): Promise<{ email: string; id: string }> {
  const email = `session-${randomUUID().slice(0, 8)}@example.test`;
  const response = await admin.post("/api/v1/users", { data: { email, displayName: "Session test", role, password: PASSWORD, areaCodes: role === "oversight_officer" ? ["D01"] : [] } });
  expect(response.status()).toBe(201);
  return { email, id: ((await response.json()) as { user: { id: string } }).user.id };
}

/** One sign-in attempt as a browser form post would make it, from this file's own address. */
async function attempt(email: string, password: string, headers: Record<string, string> = {}) {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { ...ADDRESS, ...headers } });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const started = performance.now();
  const response = await context.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, callbackUrl: "/home" }, maxRedirects: 0 });
  const elapsed = performance.now() - started;
  return { context, response, elapsed, location: response.headers()["location"] ?? "", cookies: response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value) };
}

test.beforeAll(async ({}, info) => {
  baseURL = info.project.use.baseURL!;
  const session = await signedInContext(baseURL, DEMO_EMAILS.admin);
  const { token } = await apiToken(session, "sessions spec");
  await session.dispose();
  admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { ...ADDRESS, Authorization: `Bearer ${token}` } });
});

test("answers a wrong password, an unknown account and a disabled account alike", async () => {
  const { email } = await createUser("citizen");
  const disabled = await createUser("citizen");
  const update = serverActionIds().get("app/(admin)/admin/users/actions.ts#updateUserAction")!;
  const disabling = await callAction(admin, update, { kind: "state+form", state: { ok: false, message: null }, form: { userId: disabled.id, change: "status", disabled: "true" } });
  expect(await disabling.text()).toMatch(/"ok":true/);
  const answers = [];
  // The disabled account is tried with its right password: it must still look like any failure.
  for (const [who, password] of [[email, "wrong password, surely"], [`nobody-${randomUUID().slice(0, 6)}@example.test`, PASSWORD], [disabled.email, PASSWORD]] as const) {
    const { response, location, cookies, elapsed, context } = await attempt(who, password);
    answers.push({ status: response.status(), location: location.replace(/^https?:\/\/[^/]+/, ""), session: cookies.some((c) => /session-token=/.test(c)), elapsed });
    await context.dispose();
  }
  console.log(`sign-in failures: wrong password ${answers[0]!.elapsed.toFixed(0)} ms, unknown account ${answers[1]!.elapsed.toFixed(0)} ms, disabled account ${answers[2]!.elapsed.toFixed(0)} ms`);
  expect(answers[0]).toMatchObject({ status: answers[1]!.status, location: answers[1]!.location, session: false });
  expect(answers[2]).toMatchObject({ status: answers[1]!.status, location: answers[1]!.location, session: false });
  expect(answers[1]!.session).toBe(false);
  expect(answers[0]!.location).toMatch(/error=CredentialsSignin/);
});

test("locks an account after five failures: the sixth attempt, even with the right password, gets 429 with Retry-After", async () => {
  const { email } = await createUser("citizen");
  for (let i = 0; i < 5; i++) {
    const { response, context } = await attempt(email, `wrong ${i}`);
    expect(response.status()).toBe(302);
    await context.dispose();
  }
  const { response, context } = await attempt(email, PASSWORD);
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(60);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("too_many_requests");
  await context.dispose();
});

test("sets the session cookie HttpOnly, SameSite=Lax and host-wide; Secure with the __Secure- prefix over HTTPS", async () => {
  const { email } = await createUser("citizen");
  const plain = await attempt(email, PASSWORD);
  const session = plain.cookies.find((c) => /^authjs\.session-token=/.test(c));
  expect(session, plain.cookies.join("\n")).toBeDefined();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).toMatch(/;\s*Path=\//i);
  await plain.context.dispose();
  // Behind the TLS-terminating proxy production runs behind.
  const secure = await attempt(email, PASSWORD, { "X-Forwarded-Proto": "https" });
  const secured = secure.cookies.find((c) => /^__Secure-authjs\.session-token=/.test(c));
  expect(secured, secure.cookies.join("\n")).toBeDefined();
  expect(secured).toMatch(/;\s*Secure/i);
  expect(secured).toMatch(/;\s*HttpOnly/i);
  await secure.context.dispose();
});

test("ends a session at its next request once an administrator demotes the user", async () => {
  const { email, id } = await createUser("oversight_officer");
  const { context } = await attempt(email, PASSWORD);
  expect((await context.get("/api/v1/me")).status()).toBe(200);
  const update = serverActionIds().get("app/(admin)/admin/users/actions.ts#updateUserAction")!;
  const changed = await callAction(admin, update, { kind: "state+form", state: { ok: false, message: null }, form: { userId: id, change: "access", role: "citizen", areaCodes: "" } });
  expect(changed.status()).toBe(200);
  expect(await changed.text()).toMatch(/"ok":true/);
  expect((await context.get("/api/v1/me")).status()).toBe(401);
  expect((await context.get("/admin/users", { maxRedirects: 0 })).status()).toBe(307);
  await context.dispose();
});

test("refuses a session cookie older than 12 hours, however it was kept alive", async () => {
  const { email } = await createUser("citizen");
  const { context, cookies } = await attempt(email, PASSWORD);
  const raw = cookies.find((c) => /^authjs\.session-token=/.test(c))!.split(";")[0]!.split("=").slice(1).join("=");
  const secret = fs.readFileSync(path.join(process.env.E2E_DATA_DIR ?? ".test-data/e2e", "auth-secret"), "utf8").trim();
  const salt = "authjs.session-token";
  const token = await decode({ token: raw, secret, salt });
  expect(token).toMatchObject({ uid: expect.any(String), sv: expect.any(Number), authAt: expect.any(Number) });
  const forged = async (authAt: number) => {
    const value = await encode({ token: { ...token, authAt }, secret, salt, maxAge: 3600 });
    const forger = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { ...ADDRESS, Cookie: `${salt}=${value}` } });
    const status = (await forger.get("/api/v1/me")).status();
    await forger.dispose();
    return status;
  };
  const now = Math.floor(Date.now() / 1000);
  expect(await forged(now - 60)).toBe(200);
  expect(await forged(now - 11 * 3600)).toBe(200);
  expect(await forged(now - 12 * 3600 - 60)).toBe(401);
  await context.dispose();
});

test.afterAll(async () => {
  await admin?.dispose();
});
