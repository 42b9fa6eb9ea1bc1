/**
 * npm run bench:load — 60 s at 20 connections against the production server on a throwaway
 * PostgreSQL (npm run bench:load:pglite for the embedded database), over a realistic mix: the
 * public register, forecast reads logged on the ledger, objection submissions, oversight pages
 * and the public ledger. Prints requests/s, p50/p95/p99 per kind and overall, and errors; then
 * checks that every acknowledged write (objection, logged view) is stored and the ledger verifies.
 * Usage: npm run bench:load [-- --seconds 60 --connections 20 --districts 10]
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { auditLedger } from "@/db/queries/ledger-verify";
import { closedLoop, option, prepareDemo, quantile, startServer, stopServer, type Sample } from "./support/app-server";

const SECONDS = option("--seconds", 60);
const CONNECTIONS = option("--connections", 20);
const DISTRICTS = option("--districts", 10);

/** The mix, by weight: what a public register, police shifts, citizens and oversight would send. */
const MIX = [
  { kind: "register", weight: 25 },
  { kind: "forecast view", weight: 30 },
  { kind: "objection", weight: 10 },
  { kind: "oversight page", weight: 20 },
  { kind: "ledger", weight: 15 },
] as const;
type Kind = (typeof MIX)[number]["kind"];
const TOTAL = MIX.reduce((n, m) => n + m.weight, 0);
const pick = (): Kind => {
  let r = Math.random() * TOTAL;
  for (const m of MIX) if ((r -= m.weight) < 0) return m.kind;
  return "register";
};
const OVERSIGHT_PAGES = ["/oversight/objections", "/models", "/oversight/forecasts", "/oversight"];

async function main(): Promise<void> {
  const external = Boolean(process.env.DATABASE_URL);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-load-"));
  process.env.SIGHTLINE_DATA_DIR = dataDir;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const env = { SIGHTLINE_DATA_DIR: dataDir, AUTH_SECRET: process.env.AUTH_SECRET, SIGHTLINE_WORKERS: "0", DATABASE_URL: process.env.DATABASE_URL ?? "" };
  const prepared = performance.now();
  const tokens = await prepareDemo({ districts: DISTRICTS, incidents: DISTRICTS * 1_200 });
  console.log(`bench:load: demo city of ${DISTRICTS} districts ready in ${((performance.now() - prepared) / 1000).toFixed(1)} s`);
  const server = await startServer(env);
  const codes: string[] = [];
  let views = 0;
  let serial = 0;
  const send = async (): Promise<{ status: number; label: string }> => {
    const kind = pick();
    let response: Response;
    if (kind === "register") response = await fetch(`${server.url}/api/v1/register`);
    else if (kind === "forecast view") response = await fetch(`${server.url}/api/v1/forecasts?purpose=patrol_planning`, { headers: { Authorization: `Bearer ${tokens.police_staff}` } });
    else if (kind === "objection") {
      const n = serial++;
      response = await fetch(`${server.url}/api/v1/objections`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": randomUUID(), "X-Forwarded-For": `10.7.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ kind: "objection", description: `Load objection ${n}: please stop using data about our street.`, areaCode: "D02" }),
      });
    } else if (kind === "oversight page") response = await fetch(`${server.url}${OVERSIGHT_PAGES[serial++ % OVERSIGHT_PAGES.length]}`, { headers: { Authorization: `Bearer ${tokens.oversight_officer}` } });
    else response = await fetch(`${server.url}/api/v1/ledger/entries?limit=20`);
    if (kind === "objection" && response.status === 201) codes.push(((await response.json()) as { trackingCode: string }).trackingCode);
    else if (kind === "forecast view" && response.status === 200) {
      views++;
      await response.arrayBuffer();
    } else await response.arrayBuffer();
    return { status: response.status, label: kind };
  };
  let run: { samples: Sample[]; seconds: number };
  let missing = 0;
  try {
    await closedLoop(CONNECTIONS, 3, send);
    codes.length = 0;
    views = 0;
    const before = await fetch(`${server.url}/api/v1/ledger/entries?limit=1`).then((r) => r.json() as Promise<{ entries: { seq: number }[] }>);
    run = await closedLoop(CONNECTIONS, SECONDS, send);
    for (const code of codes) if ((await fetch(`${server.url}/api/v1/objections/${encodeURIComponent(code)}`)).status !== 200) missing++;
    (run as { headSeq?: number }).headSeq = before.entries[0]?.seq ?? 0;
  } finally {
    await stopServer(server);
  }

  const all = run.samples.map((s) => s.ms).sort((a, b) => a - b);
  const ok = run.samples.filter((s) => s.status >= 200 && s.status < 400).length;
  const errors = run.samples.length - ok;
  const statuses: Record<string, number> = {};
  for (const s of run.samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  console.log(`bench:load on ${external ? "PostgreSQL" : "PGlite"}: ${CONNECTIONS} connections, ${run.seconds.toFixed(1)} s, ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)})`);
  console.log(`  all       ${String(run.samples.length).padStart(6)} requests  ${(run.samples.length / run.seconds).toFixed(0).padStart(4)}/s  p50 ${quantile(all, 0.5).toFixed(0)} ms  p95 ${quantile(all, 0.95).toFixed(0)} ms  p99 ${quantile(all, 0.99).toFixed(0)} ms  errors ${errors} ${JSON.stringify(statuses)}`);
  for (const { kind } of MIX) {
    const mine = run.samples.filter((s) => s.label === kind);
    const sorted = mine.map((s) => s.ms).sort((a, b) => a - b);
    const bad = mine.filter((s) => s.status < 200 || s.status >= 400).length;
    console.log(`  ${kind.padEnd(15)} ${String(mine.length).padStart(6)}  ${(mine.length / run.seconds).toFixed(0).padStart(4)}/s  p50 ${quantile(sorted, 0.5).toFixed(0)} ms  p95 ${quantile(sorted, 0.95).toFixed(0)} ms  p99 ${quantile(sorted, 0.99).toFixed(0)} ms  errors ${bad}`);
  }

  // Every acknowledged write is stored, and the ledger verifies.
  const db = await getDb();
  const headSeq = (run as { headSeq?: number }).headSeq ?? 0;
  const [stored] = rowsOf<{ views: number }>(await db.execute(sql`select count(*)::int as views from ledger_entries where kind = 'forecast.viewed' and seq > ${headSeq}`));
  const audit = await auditLedger(db, null);
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`  writes: objections acknowledged ${codes.length}, found by their code ${codes.length - missing}; forecast views acknowledged ${views}, on the ledger ${stored!.views}`);
  console.log(`  ledger ${audit.log.ok ? "verifies" : `FAILS at seq ${audit.log.seq}`}: ${audit.entries} entries`);
  // No acknowledged write at all would make "every acknowledged write is stored" hold trivially.
  if (codes.length === 0 || views === 0) console.log("  FAIL: the run acknowledged no objection or no forecast view, so nothing was checked");
  if (missing > 0 || Number(stored!.views) < views || !audit.log.ok || errors > 0 || codes.length === 0 || views === 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
