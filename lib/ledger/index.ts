/**
 * The accountability ledger's pure core: canonical entries, RFC 6962 Merkle trees, proofs and
 * signed checkpoints. Depends on node:crypto only, so the database layer, the API, a CLI
 * verifier and a worker can all share it.
 */
export * from "./canonical-json";
export * from "./hash";
export * from "./merkle-hash";
export * from "./tree-nodes";
export * from "./merkle-accumulator";
export * from "./build-proof";
export * from "./verify-proof";
export * from "./entry-text";
export * from "./streaming-root";
export * from "./verify-log";
export * from "./signing-key";
export * from "./checkpoint";
