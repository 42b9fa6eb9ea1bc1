import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens, userAreas, users } from "@/db/schema";
import { isRole, type Actor } from "@/lib/auth/permissions";

/**
 * Identity resolution for the auth layer: who a session or token belongs to, now.
 * These run before there is an actor, so they check nothing but existence and liveness.
 */
export interface LoginCandidate {
  id: string;
  passwordHash: string;
  sessionVersion: number;
  disabled: boolean;
}

export async function findLoginCandidate(email: string): Promise<LoginCandidate | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, sessionVersion: users.sessionVersion, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  return row ? { id: row.id, passwordHash: row.passwordHash, sessionVersion: row.sessionVersion, disabled: row.disabledAt !== null } : null;
}

export interface LiveIdentity {
  actor: Actor;
  sessionVersion: number;
  email: string;
  displayName: string;
}

/** The user as they are now, or null when they no longer exist or are disabled. */
export async function findLiveIdentity(userId: string): Promise<LiveIdentity | null> {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row || row.disabledAt !== null || !isRole(row.role)) return null;
  const scope = await db.select({ areaId: userAreas.areaId }).from(userAreas).where(eq(userAreas.userId, userId));
  return {
    actor: { userId: row.id, role: row.role, pseudonym: row.pseudonym, areaIds: scope.map((s) => s.areaId) },
    sessionVersion: row.sessionVersion,
    email: row.email,
    displayName: row.displayName,
  };
}

/** The owner of a live (unrevoked) API token, recording its use. */
export async function findIdentityByTokenHash(tokenHash: string): Promise<LiveIdentity | null> {
  const db = await getDb();
  const [token] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .returning({ userId: apiTokens.userId });
  return token ? findLiveIdentity(token.userId) : null;
}
