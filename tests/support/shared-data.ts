import fs from "node:fs";
import path from "node:path";

/** The real St. Louis data beside the checkout; never copied into the project. */
export const STLOUIS_DIR = path.resolve(import.meta.dirname, "../../../shared/data/stlouis");

/**
 * Whether tests needing the real data can run. Outside CI a missing folder skips with a printed
 * reason; in CI (CI=true) it is a failure, because there the data is always present.
 */
export function stlouisAvailable(): boolean {
  if (fs.existsSync(path.join(STLOUIS_DIR, "part1_2017.csv"))) return true;
  if (process.env.CI === "true") throw new Error(`CI=true but the St. Louis data is missing at ${STLOUIS_DIR}`);
  console.warn(`skipping: the St. Louis data is not at ${STLOUIS_DIR}`);
  return false;
}
