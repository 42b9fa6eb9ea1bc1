/**
 * Full-log audit: recompute every leaf hash from its canonical entry, check each entry's place in
 * the sequence and the hash chain, and compare the roots at signed checkpoint sizes. Reports the
 * first bad sequence number, which is what an auditor needs to act on.
 *
 * Each entry commits to its own position, so tampering shows at the entry it touched:
 *   `seq`          the row's sequence number (gaps allowed, never repeats or goes back);
 *   `leafIndex`    its gapless position in the Merkle tree (0, 1, 2, …);
 *   `prevLeafHash` the previous entry's leaf hash (null for the first).
 * An edit leaves a stale leaf hash, or, if the leaf hash was recomputed, a broken link in the next
 * entry; a deletion or insertion shifts `leafIndex`; a reordering breaks `seq` or `leafIndex`.
 * Rewriting the whole tail consistently is caught by the next checkpoint's root.
 */
import type { JsonObject } from "./canonical-json";
import { canonicalEntryText, entryFromCanonicalText, entryFromObject, type EntryView } from "./entry-text";
import { isHashHex, toHex } from "./hash";
import { leafHashHex } from "./merkle-hash";
import { StreamingRoot } from "./streaming-root";

/** The fields by which an entry commits to its place in the log; the rest is the caller's. */
export interface EntryPosition {
  readonly seq: number;
  readonly leafIndex: number;
  readonly prevLeafHash: string | null;
}

/** A ledger entry as hashed: its position fields plus any JSON payload fields. */
export type LedgerEntry = JsonObject & EntryPosition;

/**
 * One stored row: the sequence column, the entry as hashed (its canonical JSON text as stored, or
 * the parsed object), and the leaf hash column (hex). Stored text must be canonical as it is.
 */
export interface LogRecord {
  readonly seq: number;
  readonly entry: JsonObject | string;
  readonly leafHash: string;
}

/** A root the log must reproduce, e.g. from a previously published signed checkpoint. */
export interface RootClaim {
  readonly treeSize: number;
  readonly rootHash: string;
}

export type LogFault =
  | "malformed" // the row is not hashable or its leaf hash column is not a hash
  | "leaf_hash_mismatch" // the entry was edited after its leaf hash was stored
  | "seq_mismatch" // the row's seq column disagrees with the seq the entry committed to
  | "sequence_order" // seq repeats or goes back
  | "index_mismatch" // entries were deleted or inserted before this one
  | "chain_broken" // this entry was replaced and its leaf hash recomputed
  | "root_mismatch" // the log up to a checkpoint hashes to a different root
  | "truncated"; // the log ends before a checkpoint's tree size

export type LogVerification =
  | { readonly ok: true; readonly treeSize: number; readonly rootHash: string }
  | {
      readonly ok: false;
      readonly fault: LogFault;
      /** First bad sequence number; null when the bad entry is missing (truncation). */
      readonly seq: number | null;
      /** Leaf index at which the fault shows. */
      readonly index: number;
      readonly detail: string;
    };

/**
 * Leaf hash (hex) of an entry: SHA-256(0x00 || canonical JSON).
 *
 * @example entryLeafHash({ seq: 1, leafIndex: 0, prevLeafHash: null, kind: "model.registered" })
 */
export function entryLeafHash(entry: JsonObject): string {
  return leafHashHex(canonicalEntryText(entry));
}

/**
 * Verifies records in log order (ascending seq). `checkpoints` need not be sorted; each must be
 * reproduced exactly. A root mismatch that no entry-level check explains can only be placed after
 * the last checkpoint the log did reproduce; `seq` is then the first entry after that checkpoint.
 *
 * @example verifyLog(rows, { checkpoints: [latestPublished] }) // { ok: true, treeSize, rootHash }
 */
export function verifyLog(
  records: Iterable<LogRecord>,
  options: { readonly checkpoints?: readonly RootClaim[] } = {},
): LogVerification {
  const verifier = new LogVerifier(options);
  for (const record of records) if (!verifier.push(record)) break;
  return verifier.finish();
}

/**
 * verifyLog for a log read in batches (a million entries need not be held at once): push each
 * record in order while `push` returns true, then `finish` gives the same verdict verifyLog would.
 *
 * @example const v = new LogVerifier({ checkpoints }); for (const r of batch) v.push(r); v.finish()
 */
export class LogVerifier {
  readonly #claims: readonly RootClaim[];
  readonly #tree = new StreamingRoot();
  readonly #seqAt: number[] = []; // only for placing faults; 8 bytes per entry
  #claim = 0;
  #lastGoodSize = 0;
  #previous: PreviousRecord | null = null;
  #rootFault: RootFault | null = null;
  #verdict: LogVerification | null = null;

  constructor(options: { readonly checkpoints?: readonly RootClaim[] } = {}) {
    this.#claims = [...(options.checkpoints ?? [])].sort((a, b) => a.treeSize - b.treeSize);
    this.#rootFault = this.#checkClaims();
  }

  /** Records checked so far. */
  get size(): number {
    return this.#tree.size;
  }

  /** Checks the next record; false once the verdict can no longer change (stop reading). */
  push(record: LogRecord): boolean {
    if (this.#verdict) return false;
    const index = this.#tree.size;
    const fault = checkRecord(record, index, this.#previous, this.#seqAt);
    if (fault && !fault.ok) {
      // A root mismatch only bounds the fault to a checkpoint interval; an entry-level fault found
      // after it may name the exact entry (an insertion shows at the entry after it), so prefer it.
      const rootFault = this.#rootFault;
      this.#verdict = rootFault && fault.index >= rootFault.size ? rootFault.result : fault;
      return false;
    }
    this.#seqAt.push(record.seq);
    // checkRecord has matched the column against a freshly computed hex digest.
    this.#tree.appendHex(record.leafHash);
    this.#previous = record;
    this.#rootFault ??= this.#checkClaims();
    return true;
  }

  /**
   * Tree sizes strictly between `start` and `end` at which a checkpoint's root must be checked: a
   * run handed to `acceptCheckedRun` must end a segment at each of them.
   */
  checkpointSizesWithin(start: number, end: number): number[] {
    return [...new Set(this.#claims.map((claim) => claim.treeSize).filter((size) => size > start && size < end))];
  }

  /**
   * Takes a run of records that was checked elsewhere (e.g. by a worker thread, see
   * verify-workers.ts) entry by entry with the same rules as `push`, starting at leaf index
   * `firstIndex`, and found clean: it has its seqs, the first entry's seq and predecessor link,
   * the last leaf hash, and the tree's perfect subtrees in segments that end at every checkpoint
   * size within the run. What a run cannot have checked itself, its link to the record before
   * it, is checked here: false means nothing was taken and the records must be pushed one by one
   * (which then names the fault exactly as `push` always does). True once the run is taken;
   * afterwards the state is what pushing its records would have left.
   */
  acceptCheckedRun(run: CheckedRun): boolean {
    if (this.#verdict || run.firstIndex !== this.#tree.size || run.seqs.length === 0) return false;
    const previous = this.#previous;
    if (run.seqs[0] !== run.firstSeq) return false;
    if (previous ? !(run.firstSeq > previous.seq) || run.firstPrevLeafHash !== previous.leafHash : run.firstPrevLeafHash !== null) return false;
    const end = run.firstIndex + run.seqs.length;
    const cuts = this.checkpointSizesWithin(run.firstIndex, end);
    const ends = run.segments.map((segment) => segment.end);
    if (ends.length !== cuts.length + 1 || ends.at(-1) !== end || cuts.some((cut, i) => ends[i] !== cut)) return false;
    let at = run.firstIndex;
    for (const segment of run.segments) {
      for (const node of segment.nodes) this.#tree.appendSubtree(node.level, node.hash);
      if (this.#tree.size !== segment.end) throw new RangeError(`a checked run's subtrees end at ${this.#tree.size}, not ${segment.end}`);
      for (; at < segment.end; at++) this.#seqAt.push(run.seqs[at - run.firstIndex]!);
      this.#rootFault ??= this.#checkClaims();
    }
    this.#previous = { seq: run.seqs[run.seqs.length - 1]!, leafHash: run.lastLeafHash };
    return true;
  }

  /** The verdict on everything pushed: the first fault, a truncation, or the root. */
  finish(): LogVerification {
    if (this.#verdict) return this.#verdict;
    if (this.#rootFault) return this.#rootFault.result;
    const missing = this.#claims[this.#claim];
    if (missing) {
      const detail = `log has ${this.#tree.size} entries, a checkpoint covers ${missing.treeSize}`;
      return { ok: false, fault: "truncated", seq: null, index: this.#tree.size, detail };
    }
    return { ok: true, treeSize: this.#tree.size, rootHash: toHex(this.#tree.root()) };
  }

  #checkClaims(): RootFault | null {
    const size = this.#tree.size;
    while (this.#claims[this.#claim] && this.#claims[this.#claim]!.treeSize === size) {
      if (toHex(this.#tree.root()) !== this.#claims[this.#claim]!.rootHash) {
        const seq = this.#seqAt[this.#lastGoodSize] ?? null;
        const detail = `root at size ${size} differs from the checkpoint; altered at or after seq ${seq}`;
        return { result: { ok: false, fault: "root_mismatch", seq, index: this.#lastGoodSize, detail }, size };
      }
      this.#lastGoodSize = size;
      this.#claim += 1;
    }
    return null;
  }
}

/** The fields of the record before the next one that the next one's checks read. */
type PreviousRecord = Pick<LogRecord, "seq" | "leafHash">;

/** A run of consecutive records checked clean elsewhere; see `LogVerifier.acceptCheckedRun`. */
export interface CheckedRun {
  /** Leaf index of the run's first record. */
  readonly firstIndex: number;
  /** Every record's seq column, in order. */
  readonly seqs: ArrayLike<number>;
  /** The first record's seq, as its entry states it (equal to the column in a clean run). */
  readonly firstSeq: number;
  /** The first entry's prevLeafHash, to be checked against the record before the run. */
  readonly firstPrevLeafHash: string | null;
  /** The last record's leaf hash column (equal to its recomputed leaf hash in a clean run). */
  readonly lastLeafHash: string;
  /** The run's leaves as aligned perfect subtrees, left to right, split at `end` (an absolute leaf index). */
  readonly segments: readonly { readonly end: number; readonly nodes: readonly { readonly level: number; readonly hash: Uint8Array }[] }[];
}

interface RootFault {
  readonly result: LogVerification;
  /** Tree size of the checkpoint that was not reproduced. */
  readonly size: number;
}

function checkRecord(
  record: LogRecord,
  index: number,
  previous: PreviousRecord | null,
  seqAt: readonly number[],
): LogVerification | null {
  let entry: EntryView;
  try {
    entry = typeof record.entry === "string" ? entryFromCanonicalText(record.entry) : entryFromObject(record.entry);
  } catch (error) {
    return fault("malformed", error instanceof Error ? error.message : "entry is not JSON", record.seq, index);
  }
  // A column equal to a freshly computed digest is a well-formed hash; only a mismatch needs a look.
  if (leafHashHex(entry.text) !== record.leafHash) {
    if (!isHashHex(record.leafHash)) return fault("malformed", "leaf hash column is not a lowercase SHA-256 hex", record.seq, index);
    return fault("leaf_hash_mismatch", "entry does not hash to its stored leaf hash", record.seq, index);
  }
  if (entry.seq !== record.seq) return fault("seq_mismatch", `row seq ${record.seq}, entry says ${String(entry.seq)}`, record.seq, index);
  if (previous && record.seq <= previous.seq) {
    return fault("sequence_order", `seq ${record.seq} follows seq ${previous.seq}`, record.seq, index);
  }
  if (entry.leafIndex !== index) {
    const claimed = entry.leafIndex;
    if (typeof claimed === "number" && Number.isSafeInteger(claimed) && claimed >= 0 && claimed < index) {
      // Everything before `claimed` passed, so the extra entries start at that position.
      const detail = `entries were inserted from leaf index ${claimed}; seq ${record.seq} belongs there`;
      return fault("index_mismatch", detail, seqAt[claimed] ?? record.seq, claimed);
    }
    return fault("index_mismatch", `entry claims leaf index ${String(claimed)} at position ${index}: entries missing or moved`, record.seq, index);
  }
  const expectedPrev = previous ? previous.leafHash : null;
  if (entry.prevLeafHash !== expectedPrev) {
    // seq and leafIndex line up, so nothing was removed or added in between: the previous entry
    // is the one that changed (or this one was forged without knowing its predecessor's hash).
    const detail = `seq ${record.seq} links to a different predecessor than the stored one`;
    return previous ? fault("chain_broken", detail, previous.seq, index - 1) : fault("chain_broken", detail, record.seq, index);
  }
  return null;
}

function fault(kind: LogFault, detail: string, seq: number, index: number): LogVerification {
  return { ok: false, fault: kind, seq, index, detail };
}
