/**
 * npm run bench:objections — the objection service's data-access layer on the full demo city
 * (20 districts, ~45,000 incidents, the approved demo version and its forecasts): filing (each with
 * its ledger entry), 50 concurrent retries under one Idempotency-Key, an upheld correction with its
 * whole propagation (revision, ledger, a snapshot of every incident, version flags, forecast
 * annotations), and the public statistics. The embedded PGlite in a fresh temporary directory by
 * default; PostgreSQL with DATABASE_URL. Prints milliseconds and rates.
 * Usage: npm run bench:objections [-- --filings 200 --corrections 5]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { getObjectionStatistics, submitObjection } from "@/db/queries/objections";
import { decideObjection, listObjectionQueue } from "@/db/queries/objections-handling";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const FILINGS = option("--filings", 200);
const CORRECTIONS = option("--corrections", 5);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) process.env.SIGHTLINE_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-objections-"));
  const started = performance.now();
  await seedDemo(await getDb(), { seed: 20_261_128, now: new Date() });
  await seedDemoModel(new Date());
  const officer = (await findLiveIdentity((await findLoginCandidate("oversight1@demo.test"))!.id))!.actor;
  const db = await getDb();
  const [{ n: incidents } = { n: 0 }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from incidents`));
  const [{ n: forecasts } = { n: 0 }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from forecasts`));
  console.log(`bench:objections: demo city (${incidents} incidents, ${forecasts} stored forecasts) ready in ${((performance.now() - started) / 1000).toFixed(1)} s on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`);

  const filing: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < FILINGS; i++) {
    const begin = performance.now();
    await submitObjection({ input: { kind: "access", description: `What is held about D0${(i % 9) + 1}? (${i})`, areaCode: `D0${(i % 9) + 1}` }, clientIp: `bench-${i}` });
    filing.push(performance.now() - begin);
  }
  const filingSeconds = (performance.now() - t0) / 1000;
  filing.sort((a, b) => a - b);
  console.log(`filing: ${FILINGS} sequential in ${filingSeconds.toFixed(2)} s = ${(FILINGS / filingSeconds).toFixed(0)} filings/s; p50 ${ms(quantile(filing, 0.5))}, p95 ${ms(quantile(filing, 0.95))}`);

  const retryStart = performance.now();
  const retries = await Promise.all(Array.from({ length: 50 }, () => submitObjection({ input: { kind: "objection", description: "Retried.", areaCode: "D01" }, idempotencyKey: "bench-retry", clientIp: "bench-retry" })));
  console.log(`idempotency: 50 concurrent retries of one key in ${ms(performance.now() - retryStart)}; ${new Set(retries.map((r) => r.trackingCode)).size} case(s) created`);

  const targets = rowsOf<{ external_id: string }>(
    await db.execute(sql`select external_id from incidents where category = 'burglary' and status = 'active' and occurred_at between now() - interval '400 days' and now() - interval '200 days' order by external_id limit ${CORRECTIONS}`),
  );
  const correcting: number[] = [];
  let annotated = 0;
  for (const target of targets) {
    const filed = await submitObjection({ input: { kind: "rectification", description: "Mis-coded.", incidentExternalId: target.external_id }, clientIp: `bench-fix-${target.external_id}` });
    const id = (await listObjectionQueue(officer, { kind: "rectification" })).find((row) => row.trackingHint === filed.trackingCode.slice(-5))!.id;
    const begin = performance.now();
    const result = await decideObjection(officer, id, { outcome: "upheld", reasons: "Mis-coded at import.", action: { type: "correct", category: "theft" } });
    correcting.push(performance.now() - begin);
    annotated = result.change?.forecastsAnnotated ?? 0;
  }
  correcting.sort((a, b) => a - b);
  console.log(`upheld correction with propagation (revision, ledger, snapshot of ${incidents} incidents, version flags, ${annotated} forecast annotations): p50 ${ms(quantile(correcting, 0.5))}, max ${ms(correcting.at(-1) ?? Number.NaN)} over ${correcting.length}`);

  const statsStart = performance.now();
  const stats = await getObjectionStatistics();
  console.log(`statistics over ${stats.totals.received} cases: ${ms(performance.now() - statsStart)}`);
  await closeDatabase();
  if (!process.env.DATABASE_URL) fs.rmSync(process.env.SIGHTLINE_DATA_DIR!, { recursive: true, force: true });
}

main().catch(async (error: unknown) => {
  console.error(error);
  await closeDatabase().catch(() => undefined);
  process.exit(1);
});
