import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { changeStamp } from "@/db/change-feed";
import { findIdentityByTokenHash, findLiveIdentity } from "@/db/queries/identity";
import { createApiToken, revokeApiToken } from "@/db/queries/tokens";
import { createUserAsSystem } from "@/db/queries/users";
import { hashApiToken } from "@/lib/auth/api-token";

/**
 * Identities (and served forecasts) are remembered per process until the database announces a
 * change. "Another process" is a second PostgreSQL connection; on the embedded database, which one
 * process alone may open, it is a statement of this process's own.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
let other: pg.Client | null = null;

async function elsewhere(statement: string): Promise<void> {
  if (other) await other.query(statement);
  else await (await getDb()).execute(sql.raw(statement));
}

async function settled(): Promise<void> {
  let stamp = changeStamp(["identity"]);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (changeStamp(["identity"]) === stamp) return;
    stamp = changeStamp(["identity"]);
  }
}

async function rolledBackElsewhere(statement: string): Promise<void> {
  if (other) {
    await other.query("begin");
    await other.query(statement);
    await other.query("rollback");
    return;
  }
  const undo = new Error("roll back");
  await expect((await getDb()).transaction(async (tx) => {
    await tx.execute(sql.raw(statement));
    throw undo;
  })).rejects.toBe(undo);
}

async function eventually(check: () => Promise<boolean> | boolean, ms = 3_000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the change feed behind the per-process caches", () => {
  beforeAll(async () => {
    await getDb();
    if (onPostgres) {
      other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
    }
    expect(await eventually(() => changeStamp(["identity"]) !== null)).toBe(true);
  });
  afterAll(async () => {
    await other?.end();
  });

  const newTokenHolder = async () => {
    const user = await createUserAsSystem({ email: `feed-${randomUUID().slice(0, 8)}@example.test`, displayName: "Feed", role: "oversight_officer", password: "correct horse battery", areaCodes: [] });
    const identity = (await findLiveIdentity(user.id))!;
    const { token, summary } = await createApiToken(identity.actor, "feed");
    // The notifications of these inserts travel on their own from another connection: let them land.
    await settled();
    return { userId: user.id, actor: identity.actor, hash: hashApiToken(token), tokenId: summary.id };
  };
  const roleOf = async (hash: string) => (await findIdentityByTokenHash(hash))?.actor.role ?? null;

  it("remembers an identity until a committed change is announced, whoever made it", async () => {
    const holder = await newTokenHolder();
    expect(await roleOf(holder.hash)).toBe("oversight_officer");
    // Unannounced (the trigger switched off), the change is not seen: the identity is remembered.
    await elsewhere(`alter table users disable trigger users_changed`);
    try {
      await elsewhere(`update users set role = 'citizen' where id = '${holder.userId}'`);
    } finally {
      await elsewhere(`alter table users enable always trigger users_changed`);
    }
    expect(await roleOf(holder.hash)).toBe("oversight_officer");
    // Announced, it is seen: at once here, within the notification's trip from another connection.
    await elsewhere(`update users set display_name = 'Feed again' where id = '${holder.userId}'`);
    expect(await eventually(async () => (await roleOf(holder.hash)) === "citizen")).toBe(true);
    await elsewhere(`update users set disabled_at = now() where id = '${holder.userId}'`);
    expect(await eventually(async () => (await findIdentityByTokenHash(holder.hash)) === null)).toBe(true);
  });

  it("forgets a revoked token at the next request, and a rolled-back change announces nothing", async () => {
    const holder = await newTokenHolder();
    expect(await roleOf(holder.hash)).toBe("oversight_officer");
    const before = changeStamp(["identity"]);
    await rolledBackElsewhere(`update users set role = 'citizen' where id = '${holder.userId}'`);
    await settled();
    expect(changeStamp(["identity"])).toBe(before);
    await revokeApiToken(holder.actor, holder.tokenId);
    expect(await findIdentityByTokenHash(holder.hash)).toBeNull();
  });

  it.runIf(onPostgres)("caches nothing while the listening connection is lost, and listens again after", async () => {
    const holder = await newTokenHolder();
    expect(await roleOf(holder.hash)).toBe("oversight_officer");
    await other!.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN sightline_changes'`);
    expect(await eventually(() => changeStamp(["identity"]) === null)).toBe(true);
    await elsewhere(`alter table users disable trigger users_changed`);
    try {
      await elsewhere(`update users set role = 'citizen' where id = '${holder.userId}'`);
      expect(await roleOf(holder.hash)).toBe("citizen");
    } finally {
      await elsewhere(`alter table users enable always trigger users_changed`);
    }
    expect(await eventually(() => changeStamp(["identity"]) !== null, 5_000)).toBe(true);
  });
});
