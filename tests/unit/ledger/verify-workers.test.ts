import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson, fromHex, leafHashHex, merkleRoot, sha256Hex, toHex, LogVerifier, type JsonObject, type LogRecord, type RootClaim } from "@/lib/ledger";
import { verifyPackedBatches, type PackedBatch } from "@/lib/ledger/verify-workers";

/** A clean log stored as the database keeps it (canonical text), seq with a gap after 3. */
function cleanLog(n: number, shape: "stored" | "minimal" = "stored", from = 0, prev: string | null = null, tag = ""): LogRecord[] {
  const records: LogRecord[] = [];
  let prevLeafHash = prev;
  for (let leafIndex = from; leafIndex < from + n; leafIndex++) {
    const seq = leafIndex < 3 ? leafIndex + 1 : leafIndex + 2;
    const entry: JsonObject =
      shape === "stored"
        ? {
            seq,
            leafIndex,
            prevLeafHash,
            kind: "forecast.viewed",
            actor: `u_${leafIndex % 3}${tag}`,
            recordedAt: "2026-01-01T00:00:00.000Z",
            payloadHash: sha256Hex(`p${leafIndex}`),
            subjects: [{ type: "forecast", id: `f${leafIndex}`, hash: sha256Hex(`f${leafIndex}`) }, { type: "view", id: `v${leafIndex}` }],
          }
        : { seq, leafIndex, prevLeafHash, kind: "forecast.viewed", actor: "system" };
    const text = canonicalJson(entry);
    const leafHash = leafHashHex(text);
    records.push({ seq, entry: text, leafHash });
    prevLeafHash = leafHash;
  }
  return records;
}

const rootAt = (records: readonly LogRecord[], size: number): RootClaim => ({ treeSize: size, rootHash: toHex(merkleRoot(records.slice(0, size).map((r) => fromHex(r.leafHash)))) });
const textOf = (record: LogRecord) => record.entry as string;
const withText = (record: LogRecord, text: string, rehash = false): LogRecord => ({ ...record, entry: text, leafHash: rehash ? leafHashHex(text) : record.leafHash });

/** Packs records as readPackedLedger does, `size` rows a batch. */
async function* packed(records: readonly LogRecord[], size: number): AsyncGenerator<PackedBatch> {
  for (let at = 0; at < records.length; at += size) {
    const rows = records.slice(at, at + size);
    yield {
      count: rows.length,
      seqs: Float64Array.from(rows, (r) => r.seq),
      packed: rows.every((r) => Buffer.byteLength(r.leafHash) === 64) ? rows.map((r) => r.leafHash + textOf(r)).join("\n") : null,
      records: async () => rows,
    };
  }
}

function sequential(records: readonly LogRecord[], checkpoints: readonly RootClaim[]) {
  const verifier = new LogVerifier({ checkpoints });
  let entries = 0;
  for (const record of records) {
    entries += 1;
    if (!verifier.push(record)) break;
  }
  return { verdict: verifier.finish(), entries };
}

async function parallel(records: readonly LogRecord[], checkpoints: readonly RootClaim[], batch = 7, workers = 2) {
  const verifier = new LogVerifier({ checkpoints });
  const result = await verifyPackedBatches(packed(records, batch), verifier, workers);
  return { verdict: verifier.finish(), entries: result.entries, sequentialBatches: result.sequentialBatches };
}

const log = cleanLog(60);
// Checkpoints inside batches of 7 (16, 33), on a batch boundary (14, 56) and at the end.
const checkpoints = [16, 14, 33, 56, 60].map((size) => rootAt(log, size));

describe("verifyPackedBatches (worker threads)", () => {
  it("verifies a clean log with every batch accepted from the workers, to the sequential root", async () => {
    const result = await parallel(log, checkpoints);
    expect(result.verdict).toEqual({ ok: true, treeSize: 60, rootHash: rootAt(log, 60).rootHash });
    expect(result).toMatchObject({ entries: 60, sequentialBatches: 0 });
    for (const [batch, workers] of [[1, 1], [3, 2], [8, 3], [64, 2]] as const) {
      expect((await parallel(log, checkpoints, batch, workers)).verdict).toEqual(result.verdict);
    }
  });

  const swapped = [...log];
  [swapped[20], swapped[21]] = [swapped[21]!, swapped[20]!];
  const inserted = [...log.slice(0, 30), { ...log[9]!, seq: 31.5 }, ...log.slice(30)];
  const rewrittenTail = [...log.slice(0, 40), ...cleanLog(20, "stored", 40, log[39]!.leafHash, "x")];
  const tampered: Record<string, { records: LogRecord[]; seq?: number | null }> = {
    "an edit": { records: log.map((r, i) => (i === 24 ? withText(r, textOf(r).replace('"actor":"u_0"', '"actor":"u_9"')) : r)), seq: 26 },
    "an edit with its leaf hash recomputed": { records: log.map((r, i) => (i === 24 ? withText(r, textOf(r).replace('"actor":"u_0"', '"actor":"u_9"'), true) : r)), seq: 26 },
    "an edit of a batch's last entry, rehashed (the next batch's link)": { records: log.map((r, i) => (i === 20 ? withText(r, textOf(r).replace('"actor":"u_2"', '"actor":"u_9"'), true) : r)), seq: 22 },
    "an edit of a batch's first entry, rehashed": { records: log.map((r, i) => (i === 21 ? withText(r, textOf(r).replace('"actor":"u_0"', '"actor":"u_9"'), true) : r)), seq: 23 },
    "a deletion": { records: log.filter((_, i) => i !== 35), seq: 38 },
    "a deletion at a batch boundary": { records: log.filter((_, i) => i !== 28), seq: 31 },
    "a swap across a batch boundary": { records: swapped, seq: 23 },
    "an insertion": { records: inserted },
    "an appended copy": { records: [...log, { ...log[5]!, seq: 1000 }] },
    "a truncated tail": { records: log.slice(0, 50), seq: null },
    "a consistently rewritten tail": { records: rewrittenTail },
    "a seq column changed": { records: log.map((r, i) => (i === 45 ? { ...r, seq: r.seq + 0.5 } : r)) },
    "text that is not canonical": { records: log.map((r, i) => (i === 12 ? withText(r, textOf(r).replace('"kind":', '"kind": '), true) : r)), seq: 14 },
    "a line break in a text": { records: log.map((r, i) => (i === 12 ? withText(r, textOf(r).replace('"kind":', '"kind":\n'), true) : r)), seq: 14 },
    "an upper-case leaf hash": { records: log.map((r, i) => (i === 50 ? { ...r, leafHash: r.leafHash.toUpperCase() } : r)), seq: 52 },
    "a short leaf hash": { records: log.map((r, i) => (i === 50 ? { ...r, leafHash: r.leafHash.slice(2) } : r)), seq: 52 },
    "a leaf hash column holding the start of the entry text": {
      // Packed as hash || text, the row reads exactly as a clean one: only the column's length tells.
      records: log.map((r, i) => (i === 50 ? { ...r, entry: textOf(r).slice(1), leafHash: `${r.leafHash}${textOf(r).slice(0, 1)}` } : r)),
      seq: 52,
    },
    "a line break in a leaf hash": { records: log.map((r, i) => (i === 50 ? { ...r, leafHash: `${r.leafHash.slice(0, 10)}\n${r.leafHash.slice(11)}` } : r)), seq: 52 },
    "a two-byte character in a leaf hash": { records: log.map((r, i) => (i === 50 ? { ...r, leafHash: `${r.leafHash.slice(0, 62)}é` } : r)), seq: 52 },
  };

  for (const [name, { records, seq }] of Object.entries(tampered)) {
    it(`names the same first bad entry as the sequential verifier for ${name}`, async () => {
      const expected = sequential(records, checkpoints);
      expect(expected.verdict.ok).toBe(false);
      if (seq !== undefined) expect(expected.verdict).toMatchObject({ seq });
      const result = await parallel(records, checkpoints);
      expect(result.verdict).toEqual(expected.verdict);
      expect(result.entries).toBe(expected.entries);
    });
  }

  it("checks entries outside the stored shape on the calling thread, with the same verdict", async () => {
    const minimal = cleanLog(30, "minimal");
    const claims = [rootAt(minimal, 30)];
    const result = await parallel(minimal, claims);
    expect(result.verdict).toEqual(sequential(minimal, claims).verdict);
    expect(result.verdict.ok).toBe(true);
    expect(result.sequentialBatches).toBe(5);
  });

  it("keeps a process that has nothing else to wait for alive until the verdict (no early exit)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-workers-"));
    const script = path.join(dir, "run.mts");
    const lib = path.resolve("lib/ledger");
    fs.writeFileSync(
      script,
      `import { LogVerifier, canonicalJson, leafHashHex } from ${JSON.stringify(`${lib}/index.ts`)};
import { verifyPackedBatches } from ${JSON.stringify(`${lib}/verify-workers.ts`)};
const texts = []; const hashes = []; let prev = null;
for (let i = 0; i < 50; i++) { const t = canonicalJson({ actor: "system", kind: "forecast.viewed", leafIndex: i, payloadHash: "p", prevLeafHash: prev, recordedAt: "r", seq: i + 1, subjects: [] }); texts.push(t); prev = leafHashHex(t); hashes.push(prev); }
async function* batches() { yield { count: 50, seqs: Float64Array.from(texts, (_, i) => i + 1), packed: texts.map((t, i) => hashes[i] + t).join("\\n"), records: async () => [] }; }
const verifier = new LogVerifier();
await verifyPackedBatches(batches(), verifier, 2);
console.log(JSON.stringify(verifier.finish()));
`,
    );
    const out = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true });
    expect(JSON.parse(out)).toMatchObject({ ok: true, treeSize: 50 });
  });

  it("gives the same verdicts for random single edits, deletions and swaps", async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 20; round++) {
      const records = [...log];
      const at = random(records.length - 1);
      const what = round % 3;
      if (what === 0) records[at] = withText(records[at]!, textOf(records[at]!).replace('"view"', '"View"'), random(2) === 0);
      else if (what === 1) records.splice(at, 1);
      else [records[at], records[at + 1]] = [records[at + 1]!, records[at]!];
      const expected = sequential(records, checkpoints);
      const result = await parallel(records, checkpoints, 1 + random(9), 1 + random(3));
      expect(result.verdict).toEqual(expected.verdict);
      expect(result.entries).toBe(expected.entries);
    }
  });
});
