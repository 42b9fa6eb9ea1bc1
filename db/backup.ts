import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { acquireDirectoryLock } from "./directory-lock";

/**
 * Backups of either database. PostgreSQL: pg_dump's custom format, restored with pg_restore into
 * an empty database (triggers are created after the data, so append-only and approval rules hold
 * again once it is in). Embedded PGlite: its data directory as a gzipped tar (dumpDataDir), taken
 * under the directory lock, so the server must be stopped for it.
 */
const PG_BIN = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];

function pgTool(name: "pg_dump" | "pg_restore"): string {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  const bundled = PG_BIN.map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
  if (!bundled) throw new Error(`${name} is not installed (apt-get install postgresql-client)`);
  return bundled;
}

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(tool)} failed: ${result.stderr.trim() || `exit ${result.status}`}`);
}

export async function backupDatabase(options: { databaseUrl?: string; dataDir: string; file: string }): Promise<{ kind: "postgres" | "pglite"; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  if (options.databaseUrl) {
    run(pgTool("pg_dump"), ["--format=custom", "--no-owner", "--file", options.file, "--dbname", options.databaseUrl]);
    return { kind: "postgres", bytes: fs.statSync(options.file).size };
  }
  const directory = path.resolve(options.dataDir, "pglite");
  if (!fs.existsSync(path.join(directory, "PG_VERSION"))) throw new Error(`no embedded database in ${directory}`);
  const lock = acquireDirectoryLock(path.resolve(options.dataDir, "pglite.lock"), directory);
  try {
    const client = await PGlite.create(directory);
    try {
      const dump = await client.dumpDataDir("gzip");
      fs.writeFileSync(options.file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await client.close();
    }
  } finally {
    lock.release();
  }
  return { kind: "pglite", bytes: fs.statSync(options.file).size };
}

/** Restores into an empty target only: a PostgreSQL database without tables, or a data directory without a database. */
export async function restoreDatabase(options: { databaseUrl?: string; dataDir: string; file: string }): Promise<{ kind: "postgres" | "pglite" }> {
  if (!fs.existsSync(options.file)) throw new Error(`no backup at ${options.file}`);
  if (options.databaseUrl) {
    run(pgTool("pg_restore"), ["--no-owner", "--exit-on-error", "--dbname", options.databaseUrl, options.file]);
    return { kind: "postgres" };
  }
  const directory = path.resolve(options.dataDir, "pglite");
  if (fs.existsSync(path.join(directory, "PG_VERSION"))) throw new Error(`${directory} already holds a database: restore into an empty data directory`);
  fs.mkdirSync(directory, { recursive: true });
  const lock = acquireDirectoryLock(path.resolve(options.dataDir, "pglite.lock"), directory);
  try {
    const client = await PGlite.create(directory, { loadDataDir: new Blob([fs.readFileSync(options.file)]) });
    await client.query("select 1");
    await client.close();
  } finally {
    lock.release();
  }
  return { kind: "pglite" };
}
