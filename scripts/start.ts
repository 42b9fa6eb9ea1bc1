/**
 * npm start — one command from a fresh clone to a running portal: validates the configuration,
 * builds when no build exists, migrates, seeds the demo city on an empty embedded database,
 * then serves the app with its job workers.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeDatabase, getDatabaseHandle } from "@/db";
import { createCheckpoint, latestCheckpoint } from "@/db/queries/ledger-checkpoints";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { seedDemoObjections } from "@/db/queries/objections-demo";
import { seedDemoPatrolsAndMonitoring } from "@/db/queries/monitoring-demo";
import { ConfigurationError, demoEnabled, parseEnv } from "@/lib/env";

const NEXT_BIN = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

/** The embedded default keeps a generated session secret in its data directory. */
function ensureAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function buildIfMissing(buildDir: string): void {
  if (fs.existsSync(path.join(process.cwd(), buildDir, "BUILD_ID"))) return;
  console.log("[sightline] no build found: building (about a minute on 2 cores)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("[sightline] the build failed; see above.");
    process.exit(result.status ?? 1);
  }
  console.log(`[sightline] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function prepareDatabase(config: ReturnType<typeof parseEnv>): Promise<void> {
  const started = Date.now();
  const handle = await getDatabaseHandle();
  try {
    console.log(`[sightline] database ready (${handle.kind}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (demoEnabled(config)) {
      const seeded = await seedDemo(handle.db, { seed: 20_261_128, now: new Date(), onProgress: (m) => console.log(`[sightline] ${m}`) });
      if (seeded.seeded) console.log(`[sightline] seeded the demo city: ${seeded.areas} districts, ${seeded.incidents} incidents`);
      if (seeded.seeded) await seedDemoModel(new Date(), (m) => console.log(`[sightline] ${m}`));
      if (seeded.seeded) await seedDemoPatrolsAndMonitoring(new Date(), (m) => console.log(`[sightline] ${m}`));
      if (seeded.seeded) await seedDemoObjections(new Date(), (m) => console.log(`[sightline] ${m}`));
      console.log(`[sightline] demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")}`);
    }
    const checkpoint = (await latestCheckpoint()) ?? (await createCheckpoint());
    console.log(`[sightline] ledger: ${checkpoint.checkpoint.treeSize} entries at the last checkpoint; public key ${checkpoint.publicKey}`);
  } finally {
    await closeDatabase();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!config.AUTH_SECRET) {
    if (config.DATABASE_URL) {
      console.error("Invalid configuration:\n  AUTH_SECRET: is required with an external database (generate one with `openssl rand -base64 32`)");
      process.exit(1);
    }
    process.env.AUTH_SECRET = ensureAuthSecret(config.SIGHTLINE_DATA_DIR);
  }
  buildIfMissing(config.SIGHTLINE_BUILD_DIR);
  await prepareDatabase(config);
  const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(config.PORT)], { stdio: "inherit", env: process.env });
  console.log(`[sightline] starting on http://localhost:${config.PORT} (prepared in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
