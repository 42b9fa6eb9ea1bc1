/**
 * npm run bench:ledger — the ledger on a real PostgreSQL (a throwaway one from with-postgres.sh):
 *  1. appends/s with 16 concurrent writers, each append in its own transaction as the app makes
 *     them (BEGIN, ledger_append, COMMIT), and for comparison as one autocommitted statement and
 *     through group commit, under production durability (fsync, synchronous_commit and
 *     full_page_writes on) and under the throwaway server's test settings (all off); after every
 *     round the whole chain is walked for forks (leafIndex gapless in seq order, every
 *     prevLeafHash the previous entry's leaf hash); what the lock holder spends its time on; CPU
 *     per append of this process and of the PostgreSQL server, which on 2 cores bounds the rate;
 *  2. the log grown to 1,000,000 entries (bulk-loaded through the same hashing), then full
 *     verifications from the database, and inclusion proofs at 1M entries.
 * Usage: npm run bench:ledger [-- --entries 1000000 --appends 4000 --rounds 3 --only appends|verify|proofs --workers N]
 * (`--only verify` grows the log and verifies it, without the append rounds; the verify step also
 * times a read-only pass over the log and each step of checking an entry on the first 100,000.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { appendToLedger, extendTree, inclusionProofFor, readLedgerInOrder } from "@/db/queries/ledger";
import { LedgerGroupCommit } from "@/db/queries/ledger-batch";
import { auditLedger, readPackedLedger } from "@/db/queries/ledger-verify";
import { ledgerEntries, ledgerHead, ledgerNodes, ledgerTree } from "@/db/schema";
import { canonicalJson, entryFromCanonicalText, fromHex, leafHashHex, MerkleAccumulator, sha256Hex, StreamingRoot, toHex, verifyInclusion, type LogRecord } from "@/lib/ledger";
import type { LedgerEntryInput } from "@/lib/ledger/entry-kinds";
import { defaultVerifyWorkers } from "@/lib/ledger/verify-workers";

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const TOTAL = option("--entries", 1_000_000);
const APPENDS = option("--appends", 4_000);
const ROUNDS = option("--rounds", 3);
const STEPS = ["appends", "verify", "proofs"] as const;
const ONLY = (() => {
  const at = process.argv.indexOf("--only");
  if (at === -1) return null;
  const step = STEPS.find((name) => name === process.argv[at + 1]);
  if (!step) throw new Error(`--only takes one of ${STEPS.join(", ")}, not ${String(process.argv[at + 1])}`);
  return step;
})();
const runs = (step: (typeof STEPS)[number]) => ONLY === null || ONLY === step;
// Worker threads for the full verification (0: on the calling thread only, as before).
const WORKERS = option("--workers", defaultVerifyWorkers());
const WRITERS = 16;

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const range = (values: number[], digits = 0) => {
  const [low, high] = [Math.min(...values).toFixed(digits), Math.max(...values).toFixed(digits)];
  return low === high ? low : `${low}–${high}`;
};
const load = () => `load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`;

/**
 * CPU seconds used so far by the PostgreSQL server (postmaster and its children), read from /proc;
 * null where the server is not local or /proc is unreadable. Clock ticks are 1/100 s on Linux.
 */
function serverCpuReader(dataDirectory: string): () => number | null {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDirectory, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return () => null;
  }
  return () => {
    let ticks = 0;
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(pid) === postmaster || Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks / 100;
  };
}

async function settings(): Promise<string> {
  const db = await getDb();
  const [row] = rowsOf<Record<string, string>>(
    await db.execute(sql`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit, current_setting('full_page_writes') as full_page_writes, current_setting('wal_sync_method') as wal_sync_method`),
  );
  return Object.entries(row ?? {}).map(([key, value]) => `${key}=${value}`).join(" ");
}

/** Server-wide durability for the throwaway server (needs a superuser); returns what now applies. */
async function setDurability(on: boolean): Promise<string> {
  const db = await getDb();
  const value = on ? "on" : "off";
  for (const name of ["fsync", "synchronous_commit", "full_page_writes"]) await db.execute(sql.raw(`alter system set ${name} = ${value}`));
  await db.execute(sql`select pg_reload_conf()`);
  // Sessions take a reload at their next command; give the postmaster a moment to signal them.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return settings();
}

/** Walks the whole log in seq order: entries out of place or linked to anything but their predecessor. */
async function chainBreaks(): Promise<{ entries: number; breaks: number }> {
  const db = await getDb();
  const [row] = rowsOf<{ entries: string | number; breaks: string | number }>(
    await db.execute(sql`
      with ordered as (
        select leaf_index, entry->>'prevLeafHash' as prev, row_number() over (order by seq) - 1 as position, lag(leaf_hash) over (order by seq) as before
        from ledger_entries)
      select count(*) as entries, count(*) filter (where leaf_index <> position or prev is distinct from before) as breaks from ordered`),
  );
  return { entries: Number(row?.entries ?? 0), breaks: Number(row?.breaks ?? 0) };
}

/**
 * What the backend holding the ledger's advisory lock is doing, sampled every few milliseconds while
 * the writers run: the lock serialises every append, so this is where the time between two
 * appends goes. Uses one pooled connection of its own.
 */
function sampleLockHolder(): { stop: () => Promise<Map<string, number>> } {
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    const db = await getDb();
    while (running) {
      const rows = rowsOf<{ state: string | null; wait: string | null }>(
        await db.execute(sql`
          select a.state, a.wait_event_type || ':' || a.wait_event as wait from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.classid = 1279607879 and l.objid = 1 and l.granted`),
      );
      for (const row of rows) {
        const what =
          row.state === "idle in transaction"
            ? "waiting for the client's next command (result → COMMIT)"
            : row.wait?.startsWith("IO:WAL") || row.wait === "LWLock:WALWrite"
              ? "flushing WAL at commit"
              : row.wait === "Lock:advisory"
                ? "already queued for its next append (the sample caught a hand-over)"
                : row.wait
                  ? `waiting: ${row.wait}`
                  : "executing (on a core or waiting for one)";
        counts.set(what, (counts.get(what) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return counts;
    },
  };
}

/**
 * How a caller appends: in its own transaction (BEGIN, ledger_append, COMMIT: what most callers
 * do), as one autocommitted statement (appendToLedger on the pool, with or without `alongside`:
 * the lock is then held only inside the server), or through LedgerGroupCommit (forecast views:
 * concurrent callers share a transaction, each with its own entry).
 */
type AppendMode = "transaction" | "statement" | "group commit";
const MODES: AppendMode[] = ["transaction", "statement", "group commit"];

async function appendRound(mode: AppendMode, serverCpu: () => number | null): Promise<{ rate: number; nodeMicros: number; serverMicros: number | null; breaks: number; holder: Map<string, number> }> {
  const db = await getDb();
  const perWriter = Math.ceil(APPENDS / WRITERS);
  const group = new LedgerGroupCommit<null>(getDb, async () => undefined);
  const entry = (writer: number, i: number): LedgerEntryInput => ({ kind: "forecast.viewed", actor: "system", subjects: [{ type: "forecast", id: `w${writer}-${i}` }], payloadHash: sha256Hex(`${writer}/${i}`) });
  const sampler = sampleLockHolder();
  const cpu = process.cpuUsage();
  const server = serverCpu();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < perWriter; i++) {
        if (mode === "transaction") await db.transaction((tx) => appendToLedger(tx, entry(writer, i)));
        else if (mode === "statement") await appendToLedger(db, entry(writer, i));
        else await group.append(entry(writer, i), null);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const holder = await sampler.stop();
  const used = process.cpuUsage(cpu);
  const serverAfter = serverCpu();
  const appends = WRITERS * perWriter;
  const { breaks } = await chainBreaks();
  return {
    rate: appends / seconds,
    nodeMicros: (used.user + used.system) / appends,
    serverMicros: server === null || serverAfter === null ? null : ((serverAfter - server) * 1e6) / appends,
    breaks,
    holder,
  };
}

type Round = Awaited<ReturnType<typeof appendRound>>;

function report(mode: AppendMode, rounds: Round[]): void {
  console.log(`- ${mode}: ${range(rounds.map((r) => r.rate))} appends/s (${rounds.map((r) => Math.round(r.rate)).join(", ")}); forks ${Math.max(...rounds.map((r) => r.breaks))}`);
  const holder = new Map<string, number>();
  for (const round of rounds) for (const [what, n] of round.holder) holder.set(what, (holder.get(what) ?? 0) + n);
  const samples = [...holder.values()].reduce((a, b) => a + b, 0);
  const shares = [...holder].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${Math.round((100 * n) / samples)}% ${what}`);
  // Group commit locks the head row for a whole batch and never takes the advisory lock.
  if (samples > 0) console.log(`  the lock holder, ${samples} samples: ${shares.join("; ")}`);
  const cpu = rounds.map((r) => r.nodeMicros + (r.serverMicros ?? 0));
  const server = rounds.every((r) => r.serverMicros !== null) ? `, PostgreSQL ${range(rounds.map((r) => r.serverMicros!))} µs → 2 cores cap at ${range(cpu.map((c) => 2e6 / c))} appends/s` : "";
  console.log(`  CPU per append: this process ${range(rounds.map((r) => r.nodeMicros))} µs${server} (${load()})`);
}

async function concurrentAppends(serverCpu: () => number | null): Promise<void> {
  const db = await getDb();
  const [{ superuser } = { superuser: "off" }] = rowsOf<{ superuser: string }>(await db.execute(sql`select current_setting('is_superuser') as superuser`));
  for (const durable of superuser === "on" ? [true, false] : [null]) {
    const applied = durable === null ? await settings() : await setDurability(durable);
    const label = durable === null ? "server as configured" : durable ? "production durability" : "test settings (not durable)";
    console.log(`appends, ${label} [${applied}], ${WRITERS} writers × ${Math.ceil(APPENDS / WRITERS)} appends, ${ROUNDS} round(s) each:`);
    for (const mode of MODES) {
      const rounds: Round[] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await appendRound(mode, serverCpu));
      report(mode, rounds);
    }
  }
}

/** Grows the log to TOTAL entries with the same hashing as appendToLedger, in bulk batches. */
async function bulkGrow(): Promise<void> {
  const db = await getDb();
  await extendTree(db);
  const [head] = await db.select().from(ledgerHead);
  const tree = MerkleAccumulator.empty();
  const existing = rowsOf<{ leaf_hash: string }>(await db.execute(sql`select leaf_hash from ledger_entries order by seq`));
  for (const row of existing) tree.append(fromHex(row.leaf_hash));
  let prev = head!.lastLeafHash;
  let seq = head!.lastSeq;
  const started = performance.now();
  while (tree.size < TOTAL) {
    const entries: (typeof ledgerEntries.$inferInsert)[] = [];
    const nodes: (typeof ledgerNodes.$inferInsert)[] = [];
    const recordedAt = new Date().toISOString();
    for (let i = 0; i < 5_000 && tree.size < TOTAL; i++) {
      seq += 1;
      const entryText = canonicalJson({ seq, leafIndex: tree.size, prevLeafHash: prev, recordedAt, kind: "forecast.viewed", actor: "system", subjects: [{ type: "forecast", id: `bulk-${seq}`, hash: sha256Hex(`f${seq}`) }, { type: "view", id: `v-${seq}` }], payloadHash: sha256Hex(String(seq)) });
      const leafHash = leafHashHex(entryText);
      entries.push({ seq, leafIndex: tree.size, entryText, leafHash });
      for (const node of tree.append(fromHex(leafHash))) nodes.push({ level: node.level, index: node.index, hash: toHex(node.hash) });
      prev = leafHash;
    }
    await db.transaction(async (tx) => {
      await tx.insert(ledgerEntries).values(entries);
      for (let i = 0; i < nodes.length; i += 5_000) await tx.insert(ledgerNodes).values(nodes.slice(i, i + 5_000));
      await tx.update(ledgerHead).set({ treeSize: tree.size, lastSeq: seq, lastLeafHash: prev });
      await tx.update(ledgerTree).set({ builtSize: tree.size, border: tree.border().map((n) => toHex(n.hash)) });
    });
  }
  console.log(`grown to ${tree.size} entries in ${((performance.now() - started) / 1000).toFixed(1)} s (bulk load, not a measure of appends)`);
}

/**
 * Where a verification's time goes: one pass that only reads the log from the database (as the
 * verifier does, in the same batches: packed with workers, row by row without), then each step
 * of checking an entry timed alone on the first 100,000 entries in memory, projected to the whole
 * log (with workers these steps run on the workers, spread over the cores).
 */
async function verifyPhases(serverCpu: () => number | null): Promise<void> {
  const db = await getDb();
  const sample: LogRecord[] = [];
  let entries = 0;
  const cpu = process.cpuUsage();
  const server = serverCpu();
  const started = performance.now();
  if (WORKERS > 0) {
    for await (const batch of readPackedLedger(db, 10_000)) entries += batch.count;
    for await (const batch of readLedgerInOrder(db, 20_000)) {
      sample.push(...batch);
      if (sample.length >= 100_000) break;
    }
  } else {
    for await (const batch of readLedgerInOrder(db)) {
      entries += batch.length;
      for (const record of batch) if (sample.length < 100_000) sample.push(record);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = serverCpu();
  const serverText = server === null || serverAfter === null ? "" : `, PostgreSQL CPU ${(serverAfter - server).toFixed(1)} s`;
  console.log(`verify phases: reading ${entries} entries only (${WORKERS > 0 ? "packed batches" : "row by row"}): ${seconds.toFixed(2)} s, this process CPU ${((used.user + used.system) / 1e6).toFixed(1)} s${serverText} (${load()})`);
  const texts = sample.map((record) => record.entry as string);
  const step = (name: string, run: () => void) => {
    const begun = performance.now();
    run();
    const micros = ((performance.now() - begun) * 1000) / sample.length;
    return `${name} ${micros.toFixed(2)} µs (${((micros * entries) / 1e6).toFixed(2)} s)`;
  };
  const steps = [
    step("canonical form + position fields", () => texts.forEach((text) => entryFromCanonicalText(text))),
    step("leaf hash", () => texts.forEach((text) => leafHashHex(text))),
    step("tree", () => {
      const tree = new StreamingRoot();
      for (const record of sample) tree.appendHex(record.leafHash);
    }),
  ];
  console.log(`verify phases per entry, single thread (${sample.length} entries in memory; projected to ${entries}): ${steps.join("; ")} (${load()})`);
}

async function verifications(serverCpu: () => number | null): Promise<void> {
  const db = await getDb();
  await verifyPhases(serverCpu);
  const walls: number[] = [];
  for (let round = 0; round < 2; round++) {
    const rssBefore = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const server = serverCpu();
    const audit = await auditLedger(db, null, undefined, { workers: WORKERS });
    const used = process.cpuUsage(cpu);
    const serverAfter = serverCpu();
    walls.push(audit.milliseconds / 1000);
    const serverText = server === null || serverAfter === null ? "" : `, PostgreSQL CPU ${(serverAfter - server).toFixed(1)} s`;
    console.log(
      `verify: ${audit.entries} entries read and verified in ${(audit.milliseconds / 1000).toFixed(2)} s (ok=${audit.log.ok}, ${audit.workers} worker threads, ${audit.recheckedBatches} batches rechecked row by row); this process CPU (all threads) ${((used.user + used.system) / 1e6).toFixed(1)} s${serverText}; RSS +${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB (${load()})`,
    );
  }
  console.log(`verify range: ${range(walls, 2)} s`);
}

async function proofs(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const seq = 1 + Math.floor(Math.random() * TOTAL);
      const started = performance.now();
      const proof = await inclusionProofFor(seq, TOTAL);
      times.push(performance.now() - started);
      if (!verifyInclusion(proof.leafIndex, TOTAL, fromHex(proof.leafHash), proof.auditPath.map(fromHex), fromHex(proof.rootHash)).ok) throw new Error(`proof for ${seq} does not verify`);
    }
    console.log(`inclusion proof at ${TOTAL} entries: median ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms (300 proofs, each verified; ${load()})`);
  }
}

async function main(): Promise<void> {
  const db = await getDb();
  const [dir] = rowsOf<{ data_directory: string }>(await db.execute(sql`select current_setting('data_directory') as data_directory`));
  const serverCpu = serverCpuReader(dir?.data_directory ?? "");
  if (runs("appends")) await concurrentAppends(serverCpu);
  if (ONLY === "appends") return;
  await bulkGrow();
  if (runs("verify")) await verifications(serverCpu);
  if (runs("proofs")) await proofs();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
