import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";
import { CHANGE_CHANNEL, listenOnPostgres, listeningUntilClosed, noteChange } from "./change-feed";
import { drizzleReadyClient } from "./pglite-client";
import { acquireDirectoryLock, DatabaseLockedError, type DirectoryLock } from "./directory-lock";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either the database or an open transaction: query helpers accept both. */
export type Executor = Database | Transaction;
export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Cheap liveness probe for /api/health. */
  ping(): Promise<void>;
  /**
   * Whether the server answers a fresh connection within `timeoutMs`, bypassing the pool (whose
   * connections may all be stuck on a frozen server). The embedded database lives in this process
   * and always answers.
   */
  probe(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite in dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  statementTimeoutMs?: number;
  poolSize?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? await openPostgres(options.databaseUrl, options) : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      if (handle.kind === "pglite") await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      else await migratePg(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const directory = path.resolve(dataDir, "pglite");
  fs.mkdirSync(directory, { recursive: true });
  // PGlite has no cross-process lock; two processes on one directory would corrupt it. A holder
  // that is just exiting (a restart) gets a few seconds to let go before we refuse.
  const lock: DirectoryLock = await acquireWithPatience(path.resolve(dataDir, "pglite.lock"), directory, 5_000);
  let client: PGlite;
  try {
    client = await PGlite.create(directory);
  } catch (error) {
    lock.release();
    throw error;
  }
  const db = drizzlePglite(await drizzleReadyClient(client), { schema }) as unknown as Database;
  // One process alone opens the embedded database and PGlite hands it its notifications before a
  // commit returns: what this process caches is never stale.
  await client.listen(CHANGE_CHANNEL, (payload) => noteChange(payload));
  const stopListening = listeningUntilClosed();
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    probe: async () => true,
    close: async () => {
      stopListening();
      try {
        await client.close();
      } finally {
        lock.release();
      }
    },
  };
}

async function acquireWithPatience(lockPath: string, guarded: string, patienceMs: number): Promise<DirectoryLock> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return acquireDirectoryLock(lockPath, guarded);
    } catch (error) {
      if (!(error instanceof DatabaseLockedError) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 1_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
  });
  // Without a listener, an idle client's error (e.g. the server restarting) crashes the process.
  pool.on("error", (error) => {
    console.error(`[db] idle PostgreSQL connection failed: ${error.message}`);
  });
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  const stopListening = listenOnPostgres(url);
  return {
    db,
    kind: "postgres",
    ping: async () => {
      await pool.query("select 1");
    },
    probe: async (timeoutMs) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
      client.on("error", () => {});
      const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const answer = client
        .connect()
        .then(() => client.query("select 1"))
        .then(() => true)
        .catch(() => false);
      try {
        return await Promise.race([answer, timer]);
      } finally {
        void client.end().catch(() => {});
      }
    },
    close: async () => {
      await stopListening();
      await pool.end();
    },
  };
}

// Next bundles route handlers separately; one handle per process lives on globalThis.
const GLOBAL_KEY = Symbol.for("sightline.database");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<DatabaseHandle> };

/** The process's database, opened (and migrated) on first use. */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  const store = globalThis as GlobalWithDb;
  if (!store[GLOBAL_KEY]) {
    const config = env();
    store[GLOBAL_KEY] = openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.SIGHTLINE_DATA_DIR,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      poolSize: config.DB_POOL_SIZE,
      migrate: config.SIGHTLINE_MIGRATE,
    }).catch((error: unknown) => {
      delete store[GLOBAL_KEY];
      throw error;
    });
  }
  return store[GLOBAL_KEY];
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

export async function closeDatabase(): Promise<void> {
  const store = globalThis as GlobalWithDb;
  const pending = store[GLOBAL_KEY];
  delete store[GLOBAL_KEY];
  if (pending) await (await pending).close();
}

/** Rows of a raw `db.execute` result: both drivers answer `{ rows }`, typed differently. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
