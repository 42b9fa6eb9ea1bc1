import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/db";
import { ChangeAwareCache } from "@/db/change-feed";
import { users } from "@/db/schema";
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

type IdentityRow = { id: string; role: string; pseudonym: string; session_version: number; email: string; display_name: string; disabled_at: unknown; area_ids: string[] | null };

function toIdentity(row: IdentityRow | undefined): LiveIdentity | null {
  if (!row || row.disabled_at !== null || !isRole(row.role)) return null;
  return {
    actor: { userId: row.id, role: row.role, pseudonym: row.pseudonym, areaIds: row.area_ids ?? [] },
    sessionVersion: Number(row.session_version),
    email: row.email,
    displayName: row.display_name,
  };
}

/** Runs on every request, so the user and their jurisdiction come back in one round trip. */
const identityColumns = sql`u.id, u.role, u.pseudonym, u.session_version, u.email, u.display_name, u.disabled_at,
  array(select a.area_id from user_areas a where a.user_id = u.id order by a.area_id) as area_ids`;

/**
 * Identities are read on every request, so each process remembers them until a committed change to
 * users, their areas or their tokens is announced (db/change-feed.ts): a role change, a disable or
 * a revoked token holds from the next request on. Only live identities are remembered, frozen
 * because they are shared between requests; the time limit bounds how late a token's use is noted.
 */
const liveIdentities = new ChangeAwareCache<LiveIdentity | null>(["identity"], 30_000, 5_000);
const remembered = (identity: LiveIdentity | null) => identity !== null;

function frozen(identity: LiveIdentity | null): LiveIdentity | null {
  if (!identity) return null;
  Object.freeze(identity.actor.areaIds);
  Object.freeze(identity.actor);
  return Object.freeze(identity);
}

/** The user as they are now, or null when they no longer exist or are disabled. */
export async function findLiveIdentity(userId: string): Promise<LiveIdentity | null> {
  return liveIdentities.get(`user:${userId}`, async () => {
    const db = await getDb();
    return frozen(toIdentity(rowsOf<IdentityRow>(await db.execute(sql`select ${identityColumns} from users u where u.id = ${userId}`))[0]));
  }, remembered);
}

/**
 * The owner of a live (unrevoked) API token. Its use is recorded at most once a minute, in the
 * same statement, when the identity is read rather than remembered, so a busy client does not
 * turn every read into a write.
 */
export async function findIdentityByTokenHash(tokenHash: string): Promise<LiveIdentity | null> {
  return liveIdentities.get(`token:${tokenHash}`, async () => {
    const db = await getDb();
    const rows = rowsOf<IdentityRow>(
      await db.execute(sql`
        with token as (select id, user_id, last_used_at from api_tokens where token_hash = ${tokenHash} and revoked_at is null),
        touched as (
          update api_tokens set last_used_at = now() from token
          where api_tokens.id = token.id and (token.last_used_at is null or token.last_used_at < now() - interval '1 minute'))
        select ${identityColumns} from token join users u on u.id = token.user_id`),
    );
    return frozen(toIdentity(rows[0]));
  }, remembered);
}
