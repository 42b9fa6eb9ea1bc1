/**
 * The full-log audit on several cores: worker threads check batches of stored entries (canonical
 * form, leaf hash, seq, leaf index, link to the predecessor) and hash the batch's perfect
 * subtrees; the calling thread keeps the order, checks each batch's link to the one before, and
 * folds the subtree roots into the log's root with `LogVerifier.acceptCheckedRun`.
 *
 * A worker only ever says "clean" or "not clean". Any batch it does not find clean (a fault, an
 * entry outside the stored shape, an ambiguous packing, a worker that failed) is read again row by
 * row and pushed through `LogVerifier.push` on the calling thread, so the verdict and the first
 * bad sequence number are always the sequential verifier's own.
 *
 * Not exported from the package index: it needs node:worker_threads, which the rest of the
 * ledger core does not.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { CANONICAL_ENTRY_PATTERN } from "./entry-text";
import type { LogRecord, LogVerifier } from "./verify-log";

/**
 * Consecutive log rows packed for a worker: their seqs and one string, so a batch crosses to a
 * worker thread as one copy rather than an object per row.
 */
export interface PackedBatch {
  readonly count: number;
  /** The rows' seq columns. */
  readonly seqs: Float64Array;
  /**
   * Each row as its leaf hash column (64 characters) followed by its entry text, rows joined by
   * "\n" (canonical JSON never holds a raw line break: a text that does splits its batch into
   * more than `count` parts, never found clean). Null when some leaf hash column is not 64 bytes
   * long: such a batch is checked row by row.
   */
  readonly packed: string | null;
  /** The same rows as records, for the sequential check. */
  records(): Promise<LogRecord[]>;
}

export interface ParallelAuditResult {
  /** Records checked: all, or up to and including the first bad one. */
  readonly entries: number;
  /** Worker threads used. */
  readonly workers: number;
  /** Batches read again row by row and checked on the calling thread. */
  readonly sequentialBatches: number;
}

/** Worker threads to use by default: one per core (the calling thread mostly waits on the database). */
export function defaultVerifyWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Feeds packed batches, in log order, to `verifier` with the checking spread over `workers`
 * threads. Stops reading at the first fault. The verdict is `verifier.finish()`.
 */
export async function verifyPackedBatches(batches: AsyncIterable<PackedBatch>, verifier: LogVerifier, workers: number): Promise<ParallelAuditResult> {
  const pool = new CheckPool(Math.max(1, Math.floor(workers)));
  const pending: { batch: PackedBatch; check: Promise<CleanBatch | null> }[] = [];
  let entries = 0;
  let sequentialBatches = 0;
  let dispatched = verifier.size;
  let stopped = false;

  // Settles the oldest batch in flight: accepted whole, or checked row by row.
  const settleOldest = async (): Promise<void> => {
    const { batch, check } = pending.shift()!;
    const clean = await check;
    if (clean && verifier.acceptCheckedRun(clean)) {
      entries += batch.count;
      return;
    }
    sequentialBatches += 1;
    for (const record of await batch.records()) {
      entries += 1;
      if (!verifier.push(record)) {
        stopped = true;
        return;
      }
    }
  };

  try {
    for await (const batch of batches) {
      if (batch.count === 0) continue;
      const firstIndex = dispatched;
      dispatched += batch.count;
      const cuts = verifier.checkpointSizesWithin(firstIndex, dispatched);
      const check = batch.packed === null ? Promise.resolve(null) : pool.check(batch.packed, batch.seqs, firstIndex, cuts).catch(() => null);
      pending.push({ batch, check });
      // One batch more than there are workers, so every worker has the next one while we read.
      while (pending.length > pool.size && !stopped) await settleOldest();
      if (stopped) break;
    }
    while (pending.length > 0 && !stopped) await settleOldest();
  } finally {
    for (const { check } of pending) check.catch(() => undefined);
    await pool.close();
  }
  return { entries, workers: pool.size, sequentialBatches };
}

interface CleanBatch {
  readonly firstIndex: number;
  readonly seqs: Float64Array;
  readonly firstSeq: number;
  readonly firstPrevLeafHash: string | null;
  readonly lastLeafHash: string;
  readonly segments: { readonly end: number; readonly nodes: { readonly level: number; readonly hash: Uint8Array }[] }[];
}

interface WorkerAnswer {
  readonly id: number;
  readonly clean: boolean;
  readonly seqs?: Float64Array;
  readonly firstSeq?: number;
  readonly firstPrev?: string | null;
  readonly lastLeafHash?: string;
  readonly segments?: { end: number; levels: number[]; hashes: Uint8Array }[];
  readonly error?: string;
}

class CheckPool {
  readonly size: number;
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #queue: { job: object; resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }[] = [];
  readonly #running = new Map<Worker, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>();
  readonly #dead = new Set<Worker>();
  #closing = false;
  #nextId = 0;

  constructor(size: number) {
    this.size = size;
    for (let i = 0; i < size; i++) {
      // A script, not a file: it runs the same under tsx, vitest and a bundled server.
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entryPattern: CANONICAL_ENTRY_PATTERN }, execArgv: [] });
      worker.on("message", (answer: WorkerAnswer) => this.#done(worker, (task) => task.resolve(answer)));
      // A worker that fails is gone: its batch and, once none is left, every queued one are
      // refused, and the caller checks them on its own thread.
      worker.on("error", (error) => this.#lost(worker, error));
      worker.on("exit", () => this.#lost(worker, new Error("verify worker exited")));
      this.#workers.push(worker);
      this.#idle.push(worker);
    }
  }

  async check(packed: string, seqs: Float64Array, firstIndex: number, cuts: number[]): Promise<CleanBatch | null> {
    // The seqs are copied, not transferred: the caller's batch stays whole for a row-by-row check.
    const job = { id: this.#nextId++, firstIndex, packed, seqs, cuts };
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      if (this.#dead.size === this.#workers.length) throw new Error("no verify worker is left");
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
    if (!answer.clean) return null;
    return {
      firstIndex,
      seqs: answer.seqs!,
      firstSeq: answer.firstSeq!,
      firstPrevLeafHash: answer.firstPrev ?? null,
      lastLeafHash: answer.lastLeafHash!,
      segments: answer.segments!.map(({ end, levels, hashes }) => ({
        end,
        nodes: levels.map((level, i) => ({ level, hash: hashes.subarray(32 * i, 32 * i + 32) })),
      })),
    };
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #lost(worker: Worker, error: Error): void {
    if (this.#dead.has(worker)) return;
    this.#dead.add(worker);
    const task = this.#running.get(worker);
    this.#running.delete(worker);
    task?.reject(error);
    const idle = this.#idle.indexOf(worker);
    if (idle !== -1) this.#idle.splice(idle, 1);
    if (this.#dead.size === this.#workers.length) for (const queued of this.#queue.splice(0)) queued.reject(error);
    if (!this.#closing) worker.terminate().catch(() => undefined);
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop()!;
      const { job, resolve, reject } = this.#queue.shift()!;
      this.#running.set(worker, { resolve, reject });
      worker.postMessage(job);
    }
  }

  #done(worker: Worker, settle: (task: { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }) => void): void {
    const task = this.#running.get(worker);
    this.#running.delete(worker);
    if (task) settle(task);
    if (this.#dead.has(worker)) return;
    this.#idle.push(worker);
    this.#dispatch();
  }
}

/**
 * The worker, as a CommonJS script (plain JavaScript: no transpiler or bundler touches it). For a
 * batch starting at leaf index `firstIndex` it answers clean only when every row would pass
 * LogVerifier.push's checks given a clean predecessor: the text matches the canonical stored
 * shape (the same pattern as entryFromCanonicalText's fast path), SHA-256(0x00 || text) in hex
 * equals the leaf hash column, the entry's seq equals the column, seqs rise, the entry's
 * leafIndex is its position, and each entry links to the previous row's leaf hash. The first
 * row's link and seq are returned for the calling thread to check against the batch before.
 * Subtree roots: SHA-256(0x01 || left || right), RFC 6962.
 */
const WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const crypto = require("node:crypto");
const ENTRY = new RegExp(workerData.entryPattern);
const HASH = 32;
const border = Buffer.alloc(65 * HASH);
const input = Buffer.alloc(1 + 2 * HASH);
input[0] = 0x01;

function nodeInto(out, offset) {
  out.write(crypto.hash("sha256", input, "latin1"), offset, HASH, "latin1");
}

// Root of the aligned perfect subtree over local leaves [from, from + width), width a power of two.
function subtreeRoot(leaves, from, width) {
  if (width === 1) return leaves.subarray(from * HASH, (from + 1) * HASH);
  let top = 0;
  for (let pair = 0; pair < width / 2; pair++) {
    const left = from + 2 * pair;
    leaves.copy(input, 1, left * HASH, (left + 2) * HASH);
    nodeInto(border, top * HASH);
    for (let index = pair; index % 2 === 1; index = (index - 1) / 2) {
      border.copy(input, 1, (top - 1) * HASH, (top + 1) * HASH);
      nodeInto(border, (top - 1) * HASH);
      top -= 1;
    }
    top += 1;
  }
  return border.subarray(0, HASH);
}

function check(job) {
  const seqs = job.seqs;
  const n = seqs.length;
  // A text holding the separator splits into more parts than rows: never clean.
  const rows = job.packed.split("\n");
  if (n === 0 || rows.length !== n) return null;
  const hashes = new Array(n);
  let firstPrev = null;
  let firstSeq = 0;
  let previousHash = null;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    // The leaf hash column is 64 bytes (the reader saw to it) and must equal a fresh lowercase hex
    // digest, so it is exactly the row's first 64 characters.
    const hash = row.slice(0, 64);
    const text = row.slice(64);
    const m = ENTRY.exec(text);
    if (m === null) return null;
    if (crypto.hash("sha256", "\u0000" + text, "hex") !== hash) return null;
    hashes[i] = hash;
    const seq = seqs[i];
    if (Number(m[3]) !== seq || Number(m[1]) !== job.firstIndex + i) return null;
    const prev = m[2] === "null" ? null : m[2].slice(1, -1);
    if (i === 0) {
      firstPrev = prev;
      firstSeq = seq;
    } else if (!(seq > seqs[i - 1]) || prev !== previousHash) {
      return null;
    }
    previousHash = hash;
  }
  // Every column equals a fresh lowercase hex digest: the joined columns decode to n·32 bytes.
  const leaves = Buffer.from(hashes.join(""), "hex");
  if (leaves.length !== HASH * n) return null;
  const segments = [];
  let at = job.firstIndex;
  for (const end of [...job.cuts, job.firstIndex + n]) {
    const levels = [];
    const roots = [];
    // The fewest aligned perfect subtrees covering [at, end), left to right (rangeNodes).
    while (at < end) {
      let width = 1;
      let level = 0;
      while (at % (width * 2) === 0 && at + width * 2 <= end) {
        width *= 2;
        level += 1;
      }
      levels.push(level);
      roots.push(Buffer.from(subtreeRoot(leaves, at - job.firstIndex, width)));
      at += width;
    }
    segments.push({ end, levels, hashes: new Uint8Array(Buffer.concat(roots)) });
  }
  return { seqs, firstSeq, firstPrev, lastLeafHash: hashes[n - 1], segments };
}

parentPort.on("message", (job) => {
  let result = null;
  let error;
  try {
    result = check(job);
  } catch (e) {
    error = String(e && e.message ? e.message : e);
  }
  if (result === null) {
    parentPort.postMessage({ id: job.id, clean: false, error });
    return;
  }
  const transfer = [result.seqs.buffer, ...result.segments.map((s) => s.hashes.buffer)];
  parentPort.postMessage({ id: job.id, clean: true, ...result }, transfer);
});
`;
