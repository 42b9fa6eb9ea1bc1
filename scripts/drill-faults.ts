/**
 * npm run drill:faults — fault drills against the production server on a throwaway PostgreSQL
 * (npm run drill:faults:pglite for the embedded database), printing what happened:
 *  1. the database frozen (SIGSTOP of the postmaster and every backend): each request answered
 *     503 with Retry-After within 2 s, the server alive, answers again without a restart once
 *     the database resumes (PostgreSQL only);
 *  2. the database stopped (pg_ctl stop -m fast) and started again: the same (PostgreSQL only);
 *  3. SIGKILL of the whole server under write load: every acknowledged objection and logged
 *     forecast view is there after a restart, and the ledger verifies;
 *  4. SIGTERM under load: the server exits cleanly within 10 s, losing no acknowledged write;
 *  5. a backup (pg_dump / PGlite dumpDataDir) restored into a fresh database: equal row counts
 *     in every table and the same ledger head.
 * Usage: npm run drill:faults [-- --short]   (--short: shorter load phases, for the test suite)
 * Exits 1 when any expectation fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql } from "drizzle-orm";
import { backupDatabase, restoreDatabase } from "@/db/backup";
import { closeDatabase, openDatabase, rowsOf, type Database } from "@/db";
import { currentTreeHead } from "@/db/queries/ledger";
import { closedLoop, prepareDemo, sleep, startServer, stopServer, type AppServer } from "./support/app-server";

const SHORT = process.argv.includes("--short");
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const failures: string[] = [];
const expectThat = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
};

interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
}

async function timed(url: string, init: RequestInit = {}): Promise<Timed> {
  const t0 = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - t0, retryAfter: response.headers.get("retry-after") };
  } catch {
    return { status: 0, ms: performance.now() - t0, retryAfter: null };
  }
}

let objectionSerial = 0;
/** A new objection from its own client address (the intake limit is per address), with an Idempotency-Key. */
function objection(server: AppServer): Promise<Response> {
  const n = objectionSerial++;
  return fetch(`${server.url}/api/v1/objections`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": randomUUID(), "X-Forwarded-For": `10.9.${(n >> 8) & 255}.${n & 255}` },
    body: JSON.stringify({ kind: "objection", description: `Drill objection ${n}: please stop using data about our street.`, areaCode: "D01" }),
  });
}

/** The three kinds of request a database outage must not hang: health, a logged read, a public write. */
async function probeAll(server: AppServer, police: string): Promise<Record<string, Timed>> {
  const [health, forecast, write] = await Promise.all([
    timed(`${server.url}/api/health`),
    timed(`${server.url}/api/v1/forecasts?purpose=briefing`, { headers: { Authorization: `Bearer ${police}` } }),
    timed(`${server.url}/api/v1/objections`, { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": "10.8.0.1" }, body: JSON.stringify({ kind: "objection", description: "During the outage.", areaCode: "D01" }) }),
  ]);
  return { "GET /api/health": health, "GET /api/v1/forecasts": forecast, "POST /api/v1/objections": write };
}

async function untilRecovered(server: AppServer, police: string, limitMs = 30_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    const answer = await timed(`${server.url}/api/v1/forecasts?purpose=briefing`, { headers: { Authorization: `Bearer ${police}` } });
    if (answer.status === 200) return performance.now() - t0;
    await sleep(100);
  }
  return Number.POSITIVE_INFINITY;
}

function report(label: string, answers: Record<string, Timed>): void {
  for (const [request, answer] of Object.entries(answers)) {
    expectThat(answer.status === 503 && answer.retryAfter !== null && answer.ms <= 2_000, `${label}: ${request} → ${answer.status || "no answer"} in ${answer.ms.toFixed(0)} ms (Retry-After: ${answer.retryAfter ?? "none"})`);
  }
}

/** The postmaster's pid and data directory, from the server itself. */
async function postmaster(): Promise<{ pid: number; dataDir: string; binary: string; opts: string[] }> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const dataDir = (await client.query<{ setting: string }>("select setting from pg_settings where name = 'data_directory'")).rows[0]!.setting;
  await client.end();
  const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  // postmaster.opts: the server binary, then each argument in double quotes.
  const line = fs.readFileSync(path.join(dataDir, "postmaster.opts"), "utf8").trim();
  const binary = line.split(/\s+/)[0]!;
  const args = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  const opts = args.filter((arg, i) => arg !== "-D" && args[i - 1] !== "-D");
  return { pid, dataDir, binary, opts };
}

const children = (pid: number) => execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).split("\n").map((s) => Number(s.trim())).filter(Boolean);
const asPostgres = (args: string[]) => (process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0]!, args.slice(1)]) as [string, string[]];

async function drillFrozen(server: AppServer, police: string): Promise<void> {
  console.log("\n1. database frozen (SIGSTOP of the postmaster and its backends)");
  const { pid } = await postmaster();
  const frozen = [pid, ...children(pid)];
  for (const p of frozen) process.kill(p, "SIGSTOP");
  let resumedAt = 0;
  try {
    report("frozen", await probeAll(server, police));
    await sleep(2_000);
    report("still frozen 2 s later", await probeAll(server, police));
    expectThat(server.process.exitCode === null, "the server is still running");
  } finally {
    for (const p of frozen) process.kill(p, "SIGCONT");
    resumedAt = performance.now();
  }
  const recovery = await untilRecovered(server, police);
  expectThat(Number.isFinite(recovery), `answers again ${(performance.now() - resumedAt).toFixed(0)} ms after the database resumed (first 200 after ${recovery.toFixed(0)} ms), no restart`);
}

async function drillStopped(server: AppServer, police: string): Promise<void> {
  console.log("\n2. database stopped (pg_ctl stop -m fast) and started again");
  const { dataDir, binary, opts } = await postmaster();
  const pgCtl = path.join(path.dirname(binary), "pg_ctl");
  const [command, args] = asPostgres([pgCtl, "-D", dataDir, "-m", "fast", "-w", "stop"]);
  execFileSync(command, args, { stdio: "ignore" });
  report("stopped", await probeAll(server, police));
  expectThat(server.process.exitCode === null, "the server is still running");
  const log = path.join(path.dirname(dataDir), `drill-${process.pid}.log`);
  const [startCommand, startArgs] = asPostgres([pgCtl, "-D", dataDir, "-l", log, "-w", "-o", opts.map((o) => `'${o}'`).join(" "), "start"]);
  const started = performance.now();
  execFileSync(startCommand, startArgs, { stdio: "ignore" });
  const recovery = await untilRecovered(server, police);
  expectThat(Number.isFinite(recovery), `answers again ${recovery.toFixed(0)} ms after the database was back up (${((performance.now() - started) / 1000).toFixed(1)} s after pg_ctl start), no restart`);
}

interface Acknowledged {
  codes: string[];
  viewSeqs: number[];
}

/** Writes under load until `stop` resolves: objections and logged forecast views; what was acknowledged. */
async function writeLoad(server: AppServer, police: string, seconds: number): Promise<Acknowledged & { sent: number }> {
  const acked: Acknowledged = { codes: [], viewSeqs: [] };
  const run = await closedLoop(10, seconds, async (worker) => {
    if (worker % 2 === 0) {
      const response = await objection(server);
      if (response.status === 201) acked.codes.push(((await response.json()) as { trackingCode: string }).trackingCode);
      else await response.arrayBuffer();
      return { status: response.status, label: "objection" };
    }
    const response = await fetch(`${server.url}/api/v1/forecasts?purpose=patrol_planning`, { headers: { Authorization: `Bearer ${police}` } });
    if (response.status === 200) acked.viewSeqs.push(((await response.json()) as { receipt: { seq: number } }).receipt.seq);
    else await response.arrayBuffer();
    return { status: response.status, label: "view" };
  });
  return { ...acked, sent: run.samples.length };
}

/**
 * One objection and one logged view answered before the load starts: a server just started on a
 * busy machine can take seconds over its first requests, and a fault injected then would find no
 * acknowledged write to lose (a short drill once killed the server with 0 objections acknowledged).
 */
async function warmUp(server: AppServer, police: string): Promise<void> {
  const t0 = performance.now();
  for (const send of [() => objection(server), () => fetch(`${server.url}/api/v1/forecasts?purpose=briefing`, { headers: { Authorization: `Bearer ${police}` } })]) {
    while (true) {
      const status = await send().then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }).catch(() => 0);
      if (status === 200 || status === 201) break;
      if (performance.now() - t0 > 60_000) throw new Error(`the server did not answer a write within 60 s (last status ${status})`);
      await sleep(250);
    }
  }
}

async function verifyStored(acked: Acknowledged, env: Record<string, string | undefined>, label: string): Promise<void> {
  // "0 of 0 stored" proves nothing: the load must have had writes acknowledged before the fault.
  expectThat(acked.codes.length > 0 && acked.viewSeqs.length > 0, `${label}: writes were acknowledged under load (${acked.codes.length} objections, ${acked.viewSeqs.length} views)`);
  const server = await startServer(env);
  try {
    let missingCodes = 0;
    for (const code of acked.codes) if ((await fetch(`${server.url}/api/v1/objections/${encodeURIComponent(code)}`)).status !== 200) missingCodes++;
    let missingViews = 0;
    for (const seq of acked.viewSeqs) if ((await fetch(`${server.url}/api/v1/ledger/entries/${seq}/proof`)).status !== 200) missingViews++;
    expectThat(missingCodes === 0, `${label}: ${acked.codes.length - missingCodes} of ${acked.codes.length} acknowledged objections stored`);
    expectThat(missingViews === 0, `${label}: ${acked.viewSeqs.length - missingViews} of ${acked.viewSeqs.length} acknowledged forecast views on the ledger`);
  } finally {
    await stopServer(server);
  }
  // A proof answers for any entry at a seq, e.g. one written after a lost view: each receipt's seq
  // must hold a forecast.viewed entry.
  if (acked.viewSeqs.length > 0) {
    const stored = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: env.SIGHTLINE_DATA_DIR!, migrate: false });
    try {
      const seqs = rowsOf<{ seq: number }>(await stored.db.execute(sql`select seq from ledger_entries where kind = 'forecast.viewed' and seq in (${sql.join(acked.viewSeqs.map((seq) => sql`${seq}`), sql`, `)})`)).map((row) => Number(row.seq));
      const wrong = acked.viewSeqs.filter((seq) => !seqs.includes(seq));
      expectThat(wrong.length === 0, `${label}: every acknowledged view's seq holds a forecast.viewed entry${wrong.length ? ` (not: ${wrong.slice(0, 5).join(", ")})` : ""}`);
    } finally {
      await stored.close();
    }
  }
  const verify = spawnSync("npm", ["run", "--silent", "ledger:verify"], { env: { ...process.env, ...env }, encoding: "utf8" });
  expectThat(verify.status === 0, `${label}: npm run ledger:verify → ${(verify.stdout + verify.stderr).trim().split("\n").at(-1)}`);
}

async function drillKill(env: Record<string, string | undefined>, police: string): Promise<void> {
  console.log("\n3. SIGKILL of the server under write load");
  const server = await startServer(env);
  await warmUp(server, police);
  const load = writeLoad(server, police, SHORT ? 4 : 10);
  await sleep((SHORT ? 2.5 : 6) * 1000);
  server.signal("SIGKILL", true);
  await server.exited;
  const acked = await load;
  console.log(`  killed mid-load: ${acked.sent} requests sent, ${acked.codes.length} objections and ${acked.viewSeqs.length} views acknowledged`);
  await verifyStored(acked, env, "after SIGKILL");
}

async function drillTerm(env: Record<string, string | undefined>, police: string): Promise<void> {
  console.log("\n4. SIGTERM under load");
  const server = await startServer(env);
  await warmUp(server, police);
  const load = writeLoad(server, police, SHORT ? 4 : 8);
  await sleep((SHORT ? 2 : 4) * 1000);
  const t0 = performance.now();
  server.signal("SIGTERM");
  const code = await server.exited;
  while (server.alive() && performance.now() - t0 < 15_000) await sleep(20);
  const ms = performance.now() - t0;
  const acked = await load;
  expectThat(ms < 10_000 && !server.alive(), `every process of the server gone ${ms.toFixed(0)} ms after SIGTERM`);
  expectThat(code === 0, `exit code ${code}`);
  if (!DATABASE_URL) expectThat(!fs.existsSync(path.join(env.SIGHTLINE_DATA_DIR!, "pglite.lock")), "the embedded database's lock was released");
  await verifyStored(acked, env, "after SIGTERM");
}

async function countsAndHead(db: Database): Promise<{ counts: Record<string, number>; head: { treeSize: number; rootHash: string } }> {
  const tables = rowsOf<{ name: string }>(await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).map((t) => t.name);
  const [row] = rowsOf<Record<string, number>>(await db.execute(sql.raw(`select ${tables.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(", ")}`)));
  return { counts: Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])), head: await currentTreeHead(db) };
}

async function drillBackup(env: Record<string, string | undefined>): Promise<void> {
  console.log("\n5. backup restored into a fresh database");
  const file = path.join(os.tmpdir(), `sightline-drill-${process.pid}.backup`);
  const t0 = performance.now();
  const { bytes } = await backupDatabase({ databaseUrl: DATABASE_URL, dataDir: env.SIGHTLINE_DATA_DIR!, file });
  const backupMs = performance.now() - t0;
  let target: { databaseUrl?: string; dataDir: string };
  if (DATABASE_URL) {
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    const name = `restored_${process.pid}`;
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(DATABASE_URL);
    url.pathname = `/${name}`;
    target = { databaseUrl: url.toString(), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "sightline-restored-")) };
  } else target = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "sightline-restored-")) };
  const t1 = performance.now();
  await restoreDatabase({ ...target, file });
  const restoreMs = performance.now() - t1;
  const source = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: env.SIGHTLINE_DATA_DIR!, migrate: false });
  const restored = await openDatabase({ ...target, migrate: false });
  try {
    const [a, b] = [await countsAndHead(source.db), await countsAndHead(restored.db)];
    const differing = Object.keys(a.counts).filter((t) => a.counts[t] !== b.counts[t]);
    expectThat(differing.length === 0 && Object.keys(a.counts).length === Object.keys(b.counts).length, `${Object.keys(a.counts).length} tables, ${Object.values(a.counts).reduce((x, y) => x + y, 0)} rows: equal row counts${differing.length ? ` except ${differing.join(", ")}` : ""} (backup ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${(backupMs / 1000).toFixed(1)} s, restore ${(restoreMs / 1000).toFixed(1)} s)`);
    expectThat(a.head.treeSize === b.head.treeSize && a.head.rootHash === b.head.rootHash, `same ledger head: ${b.head.treeSize} entries, root ${b.head.rootHash.slice(0, 16)}…`);
  } finally {
    await source.close();
    await restored.close();
    fs.rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-drill-"));
  process.env.SIGHTLINE_DATA_DIR = dataDir;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const env: Record<string, string | undefined> = { SIGHTLINE_DATA_DIR: dataDir, AUTH_SECRET: process.env.AUTH_SECRET, SIGHTLINE_WORKERS: "0", DATABASE_URL: DATABASE_URL ?? "" };
  console.log(`drill:faults on ${DATABASE_URL ? "PostgreSQL" : "PGlite"}${SHORT ? " (short)" : ""}: preparing a demo city…`);
  const tokens = await prepareDemo({ districts: 6, incidents: 5_000 });
  const police = tokens.police_staff;
  try {
    if (DATABASE_URL) {
      const server = await startServer(env);
      try {
        await drillFrozen(server, police);
        await drillStopped(server, police);
      } finally {
        await stopServer(server);
      }
    } else console.log("\n1–2. database frozen or stopped: not applicable — the embedded database runs inside the server process");
    await drillKill(env, police);
    await drillTerm(env, police);
    await drillBackup(env);
  } finally {
    await closeDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(failures.length === 0 ? "\ndrill:faults: all expectations held" : `\ndrill:faults: ${failures.length} expectation(s) failed`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

