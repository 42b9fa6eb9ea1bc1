import { canonicalJson } from "./canonical-json";

/** The fields a checkpoint signs. */
export interface CheckpointFields {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
}

// Domain separation: these bytes can never be mistaken for another message signed with the same
// key, and a future format changes the prefix instead of reusing it.
const SIGNING_CONTEXT = "sightline-ledger-checkpoint/v1\n";

/** The exact text that is signed (UTF-8): a context line, then the checkpoint as canonical JSON. */
export function checkpointMessage({ origin, treeSize, rootHash, timestamp }: CheckpointFields): string {
  return SIGNING_CONTEXT + canonicalJson({ origin, treeSize, rootHash, timestamp });
}
