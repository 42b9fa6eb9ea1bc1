import fs from "node:fs";

export interface DirectoryLock {
  release(): void;
}

export class DatabaseLockedError extends Error {
  override name = "DatabaseLockedError";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A pid file beside the embedded database. A second live process gets a clear error and touches
 * nothing; a lock left by a dead process is taken over.
 */
export function acquireDirectoryLock(lockPath: string, guarded: string): DirectoryLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(
          `The embedded database at ${guarded} is in use by process ${holder}. ` +
            `Stop that process, or set SIGHTLINE_DATA_DIR to another directory, or use DATABASE_URL for a shared PostgreSQL.`,
        );
      }
      if (holder === process.pid) {
        throw new DatabaseLockedError(`The embedded database at ${guarded} is already open in this process.`);
      }
      fs.unlinkSync(lockPath);
    }
  }
  throw new DatabaseLockedError(`Could not lock the embedded database at ${guarded}.`);
}
