import { describe, expect, it } from "vitest";
import { entryLeafHash, merkleRoot, fromHex, toHex, verifyLog, type LedgerEntry, type LogRecord } from "@/lib/ledger";

/** A clean log whose seq column has a gap after 3 (as after a crashed transaction). */
function cleanLog(n: number): LogRecord[] {
  const records: LogRecord[] = [];
  let prevLeafHash: string | null = null;
  for (let leafIndex = 0; leafIndex < n; leafIndex++) {
    const seq = leafIndex < 3 ? leafIndex + 1 : leafIndex + 2;
    const entry: LedgerEntry = { seq, leafIndex, prevLeafHash, kind: "forecast.viewed", actor: `p-${leafIndex % 3}` };
    const leafHash = entryLeafHash(entry);
    records.push({ seq, entry, leafHash });
    prevLeafHash = leafHash;
  }
  return records;
}

const rootOf = (records: readonly LogRecord[]) => toHex(merkleRoot(records.map((r) => fromHex(r.leafHash))));
const checkpointAt = (records: readonly LogRecord[], size: number) => ({
  treeSize: size,
  rootHash: rootOf(records.slice(0, size)),
});

/** Replaces record i with a changed entry; `rehash` also recomputes its stored leaf hash. */
function edit(records: LogRecord[], i: number, change: Partial<LedgerEntry>, rehash: boolean): LogRecord[] {
  const copy = [...records];
  const old = copy[i]!;
  const entry = { ...old.entry, ...change } as LedgerEntry;
  copy[i] = { ...old, entry, leafHash: rehash ? entryLeafHash(entry) : old.leafHash };
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

describe("verifyLog", () => {
  const log = cleanLog(10);
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
    const rewritten = cleanLog(10);
    // Rebuild entries 8 and 9 with a different payload but a valid chain and leaf hashes.
    let prev = rewritten[7]!.leafHash;
    for (const i of [8, 9]) {
      const entry: LedgerEntry = { ...(rewritten[i]!.entry as LedgerEntry), actor: "forged", prevLeafHash: prev };
      rewritten[i] = { ...rewritten[i]!, entry, leafHash: entryLeafHash(entry) };
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
    const bad = { ...log[0]!, entry: { ...log[0]!.entry, score: NaN } };
    expect(verifyLog([bad])).toMatchObject({ ok: false, fault: "malformed", seq: 1 });
  });
});
