/**
 * npm run bench:web — the approved-forecast read with its ledger entry, over HTTP against
 * `npm start` (a production build) on a fresh demo database: the embedded PGlite by default,
 * PostgreSQL with `npm run bench:web:postgres`. Prints requests/s, latency percentiles and errors,
 * then checks that every answered view is stored once and the ledger still verifies.
 * Usage: npm run bench:web [-- --seconds 30 --connections 20]
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { auditLedger } from "@/db/queries/ledger-verify";
import { option, prepareDemo, quantile, startServer, stopServer } from "./support/app-server";

const SECONDS = option("--seconds", 30);
const CONNECTIONS = option("--connections", 20);
const WARMUP_SECONDS = 3;
const QUERY = "/api/v1/forecasts?purpose=patrol_planning&horizon=7";
/** The same load on the health route (a `select 1`; on PostgreSQL through a fresh connection): the ceiling of this machine and server now. */
const BASELINE = "/api/health";

interface Run {
  latencies: number[];
  statuses: Map<number, number>;
  bytes: number;
  seconds: number;
}

/**
 * autocannon as the load generator: it shares this machine's cores with the server, and its own
 * HTTP client costs a fraction of fetch's. Every response's status and latency is kept, so the
 * percentiles are exact.
 */
async function load(url: string, token: string, seconds: number, acceptGzip: boolean): Promise<Run> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let bytes = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, ...(acceptGzip ? { "accept-encoding": "gzip" } : {}) },
      },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, responseBytes, responseTime) => {
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      bytes += responseBytes;
      latencies.push(responseTime);
    });
  });
  const failed = result.errors + result.timeouts;
  if (failed > 0) statuses.set(0, failed);
  return { latencies, statuses, bytes, seconds: (performance.now() - started) / 1000 };
}

function report(label: string, run: Run): void {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const ok = run.statuses.get(200) ?? 0;
  console.log(`  ${label}: ${(run.latencies.length / run.seconds).toFixed(0)} requests/s over ${run.seconds.toFixed(1)} s  (200: ${ok}, other: ${run.latencies.length - ok} ${JSON.stringify(Object.fromEntries(run.statuses))})`);
  console.log(`    latency ms p50 ${quantile(sorted, 0.5).toFixed(1)}  p95 ${quantile(sorted, 0.95).toFixed(1)}  p99 ${quantile(sorted, 0.99).toFixed(1)}  max ${sorted.at(-1)?.toFixed(1)}`);
}

async function main(): Promise<void> {
  const external = Boolean(process.env.DATABASE_URL);
  const ownDataDir = process.env.SIGHTLINE_DATA_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-web-"));
  process.env.SIGHTLINE_DATA_DIR ??= ownDataDir!;
  if (external) process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.SIGHTLINE_WORKERS = "0";
  const started = performance.now();
  const token = (await prepareDemo()).police_staff;
  console.log(`bench:web: demo city, approved version and forecasts ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const server = await startServer();
  const url = `${server.url}${QUERY}`;
  let warm: Run;
  let run: Run;
  let gzipped: Run;
  let baseline: Run;
  try {
    warm = await load(url, token, WARMUP_SECONDS, false);
    run = await load(url, token, SECONDS, false);
    gzipped = await load(url, token, Math.min(10, SECONDS), true);
    baseline = await load(`${server.url}${BASELINE}`, token, Math.min(10, SECONDS), false);
  } finally {
    await stopServer(server);
  }
  console.log(`bench:web on ${external ? "PostgreSQL" : "PGlite"}: GET ${QUERY} (view logged on the ledger), ${CONNECTIONS} connections (autocannon), load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  report("forecast read", run);
  report("forecast read, gzip", gzipped);
  report(`baseline ${BASELINE} (${external ? "a fresh connection and select 1" : "one select 1"})`, baseline);
  console.log(`  body ${(run.bytes / Math.max(1, run.latencies.length) / 1024).toFixed(1)} KiB per response, ${(run.bytes / run.seconds / 1024 / 1024).toFixed(1)} MiB/s`);

  // Every answered view must be stored exactly once, with its ledger entry, and the ledger must verify.
  const db = await getDb();
  const [stored] = rowsOf<{ views: string | number; entries: string | number }>(
    await db.execute(sql`select (select count(*) from forecast_views) as views, (select count(*) from ledger_entries where kind = 'forecast.viewed') as entries`),
  );
  const answered = [warm, run, gzipped].reduce((sum, each) => sum + (each.statuses.get(200) ?? 0), 0);
  const audit = await auditLedger(db, null);
  await closeDatabase();
  console.log(`  views answered ${answered}, stored ${stored!.views}, ledger entries ${stored!.entries}; ledger ${audit.log.ok ? "verifies" : `FAILS at ${audit.log.seq}`} (${audit.entries} entries)`);
  if (Number(stored!.views) < answered || !audit.log.ok) process.exitCode = 1;
  if (ownDataDir) fs.rmSync(ownDataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
