/**
 * npm run test:e2e — Playwright in Debian's Chromium against `npm start` on a fresh embedded
 * database. Without Chromium it says so and skips, except under CI=true where that fails.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "./free-port";

function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    if (found) return found;
  }
  return null;
}


async function main(): Promise<number> {
  const chromium = findChromium();
  if (!chromium) {
    if (process.env.CI === "true") {
      console.error("e2e: Chromium is not installed, and CI=true forbids skipping (apt-get install chromium)");
      return 1;
    }
    console.log("e2e: skipped — Chromium is not installed (apt-get install chromium); CI installs it and runs these tests");
    return 0;
  }
  const dataDir = path.resolve(".test-data", `e2e-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const env = { ...process.env, E2E_CHROMIUM: chromium, E2E_DATA_DIR: dataDir, E2E_PORT: String(await freePort()) };
  const result = spawnSync(process.execPath, [path.join("node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)], { stdio: "inherit", env });
  fs.rmSync(dataDir, { recursive: true, force: true });
  return result.status ?? 1;
}

main().then((code) => process.exit(code));
