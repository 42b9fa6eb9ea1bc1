import { describe, expect, it } from "vitest";
import { clearAccountFailures, recordSignInFailure, signInRetryAfter } from "@/db/queries/login-throttle";
import { ACCOUNT_RULE, IP_RULE } from "@/lib/auth/throttle-policy";

describe("sign-in throttling", () => {
  it("locks an account after too many failures and clears on success", async () => {
    const now = new Date("2026-01-01T12:00:00Z");
    for (let i = 0; i < ACCOUNT_RULE.maxFailures - 1; i++) await recordSignInFailure("who@example.test", "10.0.0.1", now);
    expect(await signInRetryAfter("who@example.test", null, now)).toBe(0);
    await recordSignInFailure("WHO@example.test", "10.0.0.1", now);
    expect(await signInRetryAfter("who@example.test", null, now)).toBe(ACCOUNT_RULE.lockSeconds);
    expect(await signInRetryAfter("other@example.test", "10.0.0.2", now)).toBe(0);
    await clearAccountFailures("who@example.test");
    expect(await signInRetryAfter("who@example.test", null, now)).toBe(0);
  });

  it("locks an IP that sprays many accounts", async () => {
    const now = new Date("2026-01-01T12:00:00Z");
    for (let i = 0; i < IP_RULE.maxFailures; i++) await recordSignInFailure(`user${i}@example.test`, "192.0.2.7", now);
    expect(await signInRetryAfter("fresh@example.test", "192.0.2.7", now)).toBeGreaterThan(0);
    expect(await signInRetryAfter("fresh@example.test", "192.0.2.8", now)).toBe(0);
  });
});
