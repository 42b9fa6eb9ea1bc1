import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * The fault drills of npm run drill:faults in their short form, against this build: SIGKILL and
 * SIGTERM under write load, backup and restore — and, on PostgreSQL (when TEST_DATABASE_URL names
 * one, as in CI), the database frozen and stopped. The drill prints its figures; any failed
 * expectation makes it exit 1.
 */
test.setTimeout(20 * 60_000);

function drill(databaseUrl: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/drill-faults.ts", "--short"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 18 * 60_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

test("the embedded database survives SIGKILL and SIGTERM under load, and a backup restores to the same rows and ledger head", () => {
  const { status, output } = drill("");
  console.log(output);
  expect(status, output).toBe(0);
  expect(output).toMatch(/all expectations held/);
});

test("PostgreSQL frozen or stopped gets 503 with Retry-After within 2 s and recovery without restart; SIGKILL, SIGTERM, backup as above", () => {
  // Under CI=true the PostgreSQL drill is never skipped (scripts/test-all.sh forbids skipping there too).
  test.skip(!process.env.TEST_DATABASE_URL && process.env.CI !== "true", "needs TEST_DATABASE_URL (scripts/with-postgres.sh sets it; CI runs it)");
  expect(process.env.TEST_DATABASE_URL, "CI=true but TEST_DATABASE_URL is not set: the frozen/stopped database drill cannot be skipped").toBeTruthy();
  const { status, output } = drill(process.env.TEST_DATABASE_URL!);
  console.log(output);
  expect(status, output).toBe(0);
  expect(output).toMatch(/all expectations held/);
});

test("a short load run over the realistic mix answers without errors, every acknowledged write is stored, and the ledger verifies", () => {
  // npm run bench:load in its short form (the README's figures are the 60 s, 20-connection run).
  const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/bench-load.ts", "--seconds", "10", "--connections", "6", "--districts", "4"], {
    env: { ...process.env, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 15 * 60_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  console.log(output);
  expect(run.status, output).toBe(0);
  expect(output).toMatch(/errors 0 /);
  expect(output).toMatch(/ledger verifies/);
});
