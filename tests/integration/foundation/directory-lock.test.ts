import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDirectoryLock, DatabaseLockedError } from "@/db/directory-lock";

const ROOT = path.resolve(import.meta.dirname, "../../..");

describe("the embedded database's process lock", () => {
  it("refuses a lock held by a live process and takes over one left by a dead process", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-lock-"));
    const lockFile = path.join(dir, "pglite.lock");
    const sleeper = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(lockFile, String(sleeper.pid));
      expect(() => acquireDirectoryLock(lockFile, dir)).toThrow(DatabaseLockedError);
      expect(() => acquireDirectoryLock(lockFile, dir)).toThrow(new RegExp(`in use by process ${sleeper.pid}`));
    } finally {
      sleeper.kill();
    }
    const dead = spawnSync("true").pid;
    fs.writeFileSync(lockFile, String(dead));
    const lock = acquireDirectoryLock(lockFile, dir);
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it.runIf(!process.env.DATABASE_URL)("makes a second process opening the same database stop with a clear message, touching nothing", async () => {
    const { getDatabaseHandle } = await import("@/db");
    await getDatabaseHandle();
    const dataDir = process.env.SIGHTLINE_DATA_DIR!;
    const before = fs.readdirSync(path.join(dataDir, "pglite")).sort();
    const script = `import { openDatabase } from "@/db"; openDatabase({ dataDir: ${JSON.stringify(dataDir)} }).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(child.status).toBe(3);
    expect(child.stderr).toMatch(/in use by process \d+/);
    expect(fs.readdirSync(path.join(dataDir, "pglite")).sort()).toEqual(before);
  });
});
