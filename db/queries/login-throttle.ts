import "server-only";
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { loginThrottle } from "@/db/schema";
import { accountKey, afterFailure, ACCOUNT_RULE, ipKey, IP_RULE, retryAfterSeconds } from "@/lib/auth/throttle-policy";

function keysFor(email: string, ip: string | null) {
  return [{ key: accountKey(email), rule: ACCOUNT_RULE }, ...(ip ? [{ key: ipKey(ip), rule: IP_RULE }] : [])];
}

/** Seconds until this account or IP may try to sign in again (0: now). */
export async function signInRetryAfter(email: string, ip: string | null, now = new Date()): Promise<number> {
  const db = await getDb();
  const keys = keysFor(email, ip).map((k) => k.key);
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
  return Math.max(0, ...rows.map((row) => retryAfterSeconds(row, now)));
}

export async function recordSignInFailure(email: string, ip: string | null, now = new Date()): Promise<void> {
  const db = await getDb();
  for (const { key, rule } of keysFor(email, ip)) {
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for("update");
      const next = afterFailure(current ?? null, rule, now);
      await tx
        .insert(loginThrottle)
        .values({ key, ...next })
        .onConflictDoUpdate({ target: loginThrottle.key, set: next });
    });
  }
}

/** A successful sign-in clears the account's failures (not the IP's: one success proves little). */
export async function clearAccountFailures(email: string): Promise<void> {
  const db = await getDb();
  await db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey(email)));
}
