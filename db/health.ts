import "server-only";
import { getDatabaseHandle } from "./index";

/** One probe at a time, its answer kept this long, so a burst of stalled requests costs one connection. */
const REMEMBER_MS = 500;
let remembered: { at: number; ok: boolean } | null = null;
let inFlight: Promise<boolean> | null = null;

/**
 * Whether the database answers a fresh connection within `timeoutMs` (milliseconds). Used when a
 * request has stalled, to tell a slow query from a database that is stopped or frozen.
 */
export function databaseResponds(timeoutMs = 700): Promise<boolean> {
  if (remembered && Date.now() - remembered.at < REMEMBER_MS) return Promise.resolve(remembered.ok);
  inFlight ??= getDatabaseHandle()
    .then((handle) => handle.probe(timeoutMs))
    .catch(() => false)
    .then((ok) => {
      remembered = { at: Date.now(), ok };
      inFlight = null;
      return ok;
    });
  return inFlight;
}
