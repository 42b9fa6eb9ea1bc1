import { describe, expect, it } from "vitest";
import { jsonbText } from "./jsonb-layout";
import { canonicalJson, entryLeafHash, leafHashHex, merkleRoot, fromHex, sha256Hex, toHex, verifyLog, LogVerifier, type JsonObject, type LedgerEntry, type LogRecord } from "@/lib/ledger";

type Shape = "minimal" | "stored" | "text";

/**
 * A clean log whose seq column has a gap after 3 (as after a crashed transaction). "stored"
 * entries have every field appendToLedger writes (the verifier's fast path), "minimal" ones only
 * the position fields and two more (its general path); "text" ones are stored entries as the
 * database keeps them, their canonical JSON text.
 */
function cleanLog(n: number, shape: Shape = "minimal"): LogRecord[] {
  const records: LogRecord[] = [];
  let prevLeafHash: string | null = null;
  for (let leafIndex = 0; leafIndex < n; leafIndex++) {
    const seq = leafIndex < 3 ? leafIndex + 1 : leafIndex + 2;
    const body: JsonObject =
      shape !== "minimal"
        ? { recordedAt: `2026-01-0${1 + (leafIndex % 9)}T00:00:00.000Z`, payloadHash: sha256Hex(`p${leafIndex}`), subjects: [{ type: "forecast", id: `f${leafIndex}`, hash: sha256Hex(`f${leafIndex}`) }, { type: "view", id: `v${leafIndex}` }] }
        : {};
    const entry: LedgerEntry = { seq, leafIndex, prevLeafHash, kind: "forecast.viewed", actor: `p-${leafIndex % 3}`, ...body };
    const leafHash = entryLeafHash(entry);
    records.push({ seq, entry: shape === "text" ? canonicalJson(entry) : entry, leafHash });
    prevLeafHash = leafHash;
  }
  return records;
}

const rootOf = (records: readonly LogRecord[]) => toHex(merkleRoot(records.map((r) => fromHex(r.leafHash))));
const checkpointAt = (records: readonly LogRecord[], size: number) => ({
  treeSize: size,
  rootHash: rootOf(records.slice(0, size)),
});

const entryOf = (record: LogRecord) => (typeof record.entry === "string" ? JSON.parse(record.entry) : record.entry) as LedgerEntry;

/** Replaces record i with a changed entry (kept in the same form); `rehash` also recomputes its stored leaf hash. */
function edit(records: LogRecord[], i: number, change: Partial<LedgerEntry>, rehash: boolean): LogRecord[] {
  const copy = [...records];
  const old = copy[i]!;
  const entry = { ...entryOf(old), ...change } as LedgerEntry;
  copy[i] = { ...old, entry: typeof old.entry === "string" ? canonicalJson(entry) : entry, leafHash: rehash ? entryLeafHash(entry) : old.leafHash };
  return copy;
}

/** Inserts a well-formed entry at `position` that links to its predecessor, as a forger would. */
function insertForged(records: readonly LogRecord[], position: number, seq: number): LogRecord[] {
  const entry: LedgerEntry = {
    seq,
    leafIndex: position,
    prevLeafHash: records[position - 1]!.leafHash,
    kind: "forecast.viewed",
    actor: "forged",
  };
  return [...records.slice(0, position), { seq, entry, leafHash: entryLeafHash(entry) }, ...records.slice(position)];
}

describe.each(["minimal", "stored", "text"] as const)("verifyLog on %s entries", (shape) => {
  const log = cleanLog(10, shape);
  const checkpoints = [checkpointAt(log, 4), checkpointAt(log, 10)];

  it("accepts a clean log with a sequence gap and reproduces its checkpoints", () => {
    expect(verifyLog(log, { checkpoints })).toEqual({ ok: true, treeSize: 10, rootHash: checkpoints[1]!.rootHash });
    expect(verifyLog([], { checkpoints: [{ treeSize: 0, rootHash: toHex(merkleRoot([])) }] }).ok).toBe(true);
  });

  it.each([
    ["an edit that left the stored leaf hash", edit(log, 5, { actor: "someone" }, false), "leaf_hash_mismatch", 7],
    ["an edit with a recomputed leaf hash", edit(log, 5, { actor: "someone" }, true), "chain_broken", 7],
    ["a deletion", log.filter((_, i) => i !== 6), "index_mismatch", 9],
    ["a deletion at the very start", log.slice(1), "index_mismatch", 2],
    ["a copied row under a new seq", [...log.slice(0, 4), { ...log[8]!, seq: 6 }, ...log.slice(4)], "seq_mismatch", 6],
    ["a forged row inserted into a sequence gap", insertForged(log, 3, 4), "index_mismatch", 4],
    ["a swap of two rows", [...log.slice(0, 2), log[3]!, log[2]!, ...log.slice(4)], "index_mismatch", 5],
    ["a renumbered row", log.map((r, i) => (i === 4 ? { ...r, seq: 99 } : r)), "seq_mismatch", 99],
    ["a row moved back in sequence", edit(log, 4, { seq: 2 }, true).map((r, i) => (i === 4 ? { ...r, seq: 2 } : r)), "sequence_order", 2],
    ["an unhashable row", log.map((r, i) => (i === 3 ? { ...r, leafHash: "zz" } : r)), "malformed", 5],
  ] as const)("names the first bad sequence number after %s", (_, tampered, fault, seq) => {
    const result = verifyLog(tampered, { checkpoints });
    expect(result).toMatchObject({ ok: false, fault, seq });
  });

  it("catches a consistently rewritten tail at the first checkpoint it no longer reproduces", () => {
    const rewritten = cleanLog(10, shape);
    // Rebuild entries 8 and 9 with a different payload but a valid chain and leaf hashes.
    let prev = rewritten[7]!.leafHash;
    for (const i of [8, 9]) {
      const entry: LedgerEntry = { ...entryOf(rewritten[i]!), actor: "forged", prevLeafHash: prev };
      rewritten[i] = { ...rewritten[i]!, entry: typeof rewritten[i]!.entry === "string" ? canonicalJson(entry) : entry, leafHash: entryLeafHash(entry) };
      prev = rewritten[i]!.leafHash;
    }
    expect(verifyLog(rewritten).ok).toBe(true);
    expect(verifyLog(rewritten, { checkpoints })).toMatchObject({ ok: false, fault: "root_mismatch", seq: 6, index: 4 });
  });

  it("reports truncation below the last checkpoint", () => {
    expect(verifyLog(log.slice(0, 8), { checkpoints })).toMatchObject({ ok: false, fault: "truncated", seq: null, index: 8 });
  });

  it("reports a chain that does not start from nothing", () => {
    const result = verifyLog(edit(log, 0, { prevLeafHash: log[1]!.leafHash }, true));
    expect(result).toMatchObject({ ok: false, fault: "chain_broken", seq: 1, index: 0 });
  });

  it("refuses an entry that JSON cannot hold", () => {
    const bad = { ...log[0]!, entry: { ...entryOf(log[0]!), score: NaN } };
    expect(verifyLog([bad])).toMatchObject({ ok: false, fault: "malformed", seq: 1 });
    expect(verifyLog([{ ...log[0]!, entry: '{"seq": 1, ' }])).toMatchObject({ ok: false, fault: "malformed", seq: 1 });
  });

  it("refuses stored text that hashes to its leaf but is not canonical", () => {
    const text = jsonbText(entryOf(log[0]!));
    expect(verifyLog([{ seq: 1, entry: text, leafHash: leafHashHex(text) }])).toMatchObject({ ok: false, fault: "malformed", seq: 1 });
  });
});

describe("LogVerifier", () => {
  it("gives verifyLog's verdict when fed in batches, and stops at the first entry-level fault", () => {
    const log = cleanLog(40, "stored");
    const checkpoints = [checkpointAt(log, 16), checkpointAt(log, 33)];
    const tampered = edit(log, 20, { actor: "someone" }, false);
    for (const records of [log, tampered, log.slice(0, 30)]) {
      const verifier = new LogVerifier({ checkpoints });
      let pushed = 0;
      for (let i = 0; i < records.length; i += 7) {
        if (!records.slice(i, i + 7).every((record) => (pushed += 1) && verifier.push(record))) break;
      }
      expect(verifier.finish()).toEqual(verifyLog(records, { checkpoints }));
      if (records === tampered) expect(pushed).toBe(21);
    }
  });
});
