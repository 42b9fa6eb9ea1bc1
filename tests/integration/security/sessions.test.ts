import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { findLiveIdentity } from "@/db/queries/identity";
import { clearAccountFailures, recordSignInFailure, signInRetryAfter } from "@/db/queries/login-throttle";
import { seedDemo } from "@/db/queries/seed";
import { createApiToken } from "@/db/queries/tokens";
import { createUserAsSystem, updateUser } from "@/db/queries/users";
import type { Actor } from "@/lib/auth/permissions";
import { ACCOUNT_RULE, IP_RULE } from "@/lib/auth/throttle-policy";
import { ConfigurationError, parseEnv } from "@/lib/env";

/**
 * getIdentity as every page, action and route calls it, with Next's request boundary replaced:
 * `headers()` answers this request's headers and `auth()` the session its cookie decoded to
 * (Auth.js's own cookie handling is exercised in tests/e2e/security-sessions.spec.ts).
 */
const request = vi.hoisted(() => ({ headers: new Headers(), session: null as null | { user: { id: string }; sessionVersion: number; authAt: number } }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/navigation", () => ({ redirect: () => { throw new Error("redirect"); }, forbidden: () => { throw new Error("forbidden"); } }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => request.session, SESSION_LIFETIME_SECONDS: 12 * 60 * 60 }));
const { getIdentity } = await import("@/lib/auth/session");

const now = () => Math.floor(Date.now() / 1000);
const withSession = (userId: string, sessionVersion: number, authAt = now()) => {
  request.headers = new Headers();
  request.session = { user: { id: userId }, sessionVersion, authAt };
};
const withToken = (token: string) => {
  request.headers = new Headers({ authorization: `Bearer ${token}` });
  request.session = null;
};

describe("sessions end when they must", () => {
  let admin: Actor;
  const person = async (role: "citizen" | "oversight_officer" = "oversight_officer") => {
    const user = await createUserAsSystem({ email: `s-${randomUUID().slice(0, 8)}@example.test`, displayName: "Session", role, password: "correct horse battery", areaCodes: role === "oversight_officer" ? ["D01"] : [] });
    return (await findLiveIdentity(user.id))!;
  };
  beforeAll(async () => {
    await seedDemo(await getDb(), { seed: 2, now: new Date(), city: { districts: 2, targetIncidents: 200 } });
    const { findLoginCandidate } = await import("@/db/queries/identity");
    admin = (await findLiveIdentity((await findLoginCandidate("admin@demo.test"))!.id))!.actor;
  });

  it("accepts a fresh session and refuses one past its absolute lifetime of 12 hours, however active", async () => {
    const user = await person();
    withSession(user.actor.userId, user.sessionVersion);
    expect((await getIdentity())?.actor.userId).toBe(user.actor.userId);
    withSession(user.actor.userId, user.sessionVersion, now() - 12 * 3600 + 60);
    expect(await getIdentity()).not.toBeNull();
    withSession(user.actor.userId, user.sessionVersion, now() - 12 * 3600 - 1);
    expect(await getIdentity()).toBeNull();
  });

  it("ends every session at the next request when the user is demoted, disabled or given a new password", async () => {
    for (const change of [{ role: "citizen" as const }, { disabled: true }, { password: "a brand new passphrase" }]) {
      const user = await person();
      withSession(user.actor.userId, user.sessionVersion);
      expect(await getIdentity(), JSON.stringify(change)).not.toBeNull();
      await updateUser(admin, user.actor.userId, change);
      expect(await getIdentity(), JSON.stringify(change)).toBeNull();
    }
  });

  it("narrows a jurisdiction at once, and a display-name change ends nothing", async () => {
    const user = await person();
    withSession(user.actor.userId, user.sessionVersion);
    const before = await getIdentity();
    await updateUser(admin, user.actor.userId, { areaCodes: ["D02"] });
    const after = await getIdentity();
    expect(after).not.toBeNull();
    expect(after!.actor.areaIds).not.toEqual(before!.actor.areaIds);
    await updateUser(admin, user.actor.userId, { displayName: "Renamed" });
    expect(await getIdentity()).not.toBeNull();
  });

  it("revokes the owner's API tokens on demotion, disabling or a new password, and narrows them at once on a jurisdiction change", async () => {
    for (const change of [{ role: "citizen" as const }, { disabled: true }, { password: "a brand new passphrase" }]) {
      const user = await person();
      const { token } = await createApiToken(user.actor, "session test");
      withToken(token);
      expect((await getIdentity())?.actor.role, JSON.stringify(change)).toBe("oversight_officer");
      await updateUser(admin, user.actor.userId, change);
      expect(await getIdentity(), JSON.stringify(change)).toBeNull();
    }
    const user = await person();
    const { token } = await createApiToken(user.actor, "session test");
    withToken(token);
    const before = (await getIdentity())!.actor.areaIds;
    await updateUser(admin, user.actor.userId, { areaCodes: ["D02"] });
    expect((await getIdentity())!.actor.areaIds).not.toEqual(before);
    withToken(`slt_${randomBytes(32).toString("base64url")}`);
    expect(await getIdentity()).toBeNull();
    withToken("not-a-token");
    expect(await getIdentity()).toBeNull();
  });
});

describe("sign-in throttling", () => {
  it("locks an account after five failures from many addresses, and an address after thirty over many accounts, independently", async () => {
    const at = new Date("2026-03-01T12:00:00Z");
    const email = `victim-${randomUUID().slice(0, 6)}@example.test`;
    for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) await recordSignInFailure(email, `203.0.113.${i + 1}`, at);
    expect(await signInRetryAfter(email, "198.51.100.1", at)).toBe(ACCOUNT_RULE.lockSeconds);
    // The lock outlasts its window by the clock, not by the attacker stopping.
    expect(await signInRetryAfter(email, null, new Date(at.getTime() + (ACCOUNT_RULE.lockSeconds - 1) * 1000))).toBe(1);
    expect(await signInRetryAfter(email, null, new Date(at.getTime() + ACCOUNT_RULE.lockSeconds * 1000))).toBe(0);
    await clearAccountFailures(email);
    const sprayer = "192.0.2.99";
    for (let i = 0; i < IP_RULE.maxFailures; i++) await recordSignInFailure(`sprayed-${i}@example.test`, sprayer, at);
    expect(await signInRetryAfter(`fresh-${randomUUID()}@example.test`, sprayer, at)).toBeGreaterThan(0);
    expect(await signInRetryAfter(`fresh-${randomUUID()}@example.test`, "192.0.2.100", at)).toBe(0);
  });
});

describe("configuration", () => {
  it.each([
    ["a short AUTH_SECRET", { AUTH_SECRET: "too-short" }],
    ["a repeated pattern", { AUTH_SECRET: "ab".repeat(20) }],
    ["a word", { AUTH_SECRET: "my-production-password-for-sightline-2026" }],
    ["no AUTH_SECRET in production with an external database", { NODE_ENV: "production", DATABASE_URL: "postgres://db/sightline" }],
  ])("refuses %s, naming AUTH_SECRET", (_name, source) => {
    expect(() => parseEnv(source)).toThrow(ConfigurationError);
    expect(() => parseEnv(source)).toThrow(/\n {2}AUTH_SECRET: /);
  });

  it("accepts a random secret as openssl makes it", () => {
    expect(parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x", AUTH_SECRET: randomBytes(32).toString("base64") }).AUTH_SECRET).toBeDefined();
    expect(parseEnv({ AUTH_SECRET: randomBytes(32).toString("hex") }).AUTH_SECRET).toBeDefined();
  });

  it("makes `npm start` stop before building or serving in production without a strong AUTH_SECRET", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    for (const secret of [undefined, "x".repeat(40)]) {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", DATABASE_URL: "postgres://127.0.0.1:1/none", SIGHTLINE_DATA_DIR: path.join(root, ".test-data", "never") };
      if (secret) env.AUTH_SECRET = secret;
      const run = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/start.ts"], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/AUTH_SECRET: (is required|is too weak)/);
      expect(run.stdout).not.toMatch(/building|starting on/);
    }
  });
});
