import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkpointBytes,
  consistencyProof,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  importPublicKeyPem,
  keyIdOf,
  leafHash,
  merkleRoot,
  publicKeyFromBase64,
  publicKeyOf,
  publicKeyToBase64,
  signCheckpoint,
  toHex,
  verifyCheckpoint,
  type Checkpoint,
  type SignedCheckpoint,
} from "@/lib/ledger";
import { ROOTS } from "./rfc6962-vectors";
import { numberedLeaves } from "./reference-tree";

const keys = generateSigningKeyPair();
const origin = "sightline.test/ledger";
const leaves = numberedLeaves(20).map((d) => leafHash(d));
const rootAt = (n: number) => toHex(merkleRoot(leaves.slice(0, n)));
const proofBetween = (m: number, n: number) => consistencyProof(m, n, (s, e) => merkleRoot(leaves.slice(s, e)));
const at = (treeSize: number, timestamp = "2026-03-01T12:00:00.000Z"): Checkpoint => ({
  origin,
  treeSize,
  rootHash: rootAt(treeSize),
  timestamp,
});

describe("signed checkpoints", () => {
  it("sign the canonical JSON of their four fields after a context line", () => {
    const checkpoint: Checkpoint = { treeSize: 8, rootHash: ROOTS[7]!, timestamp: "2026-03-01T12:00:00.000Z", origin };
    expect(Buffer.from(checkpointBytes(checkpoint)).toString()).toBe(
      "sightline-ledger-checkpoint/v1\n" +
        `{"origin":"sightline.test/ledger","rootHash":"${ROOTS[7]}","timestamp":"2026-03-01T12:00:00.000Z","treeSize":8}`,
    );
  });

  it("verify with the signer's public key", () => {
    const signed = signCheckpoint(at(12), keys.privateKey);
    expect(signed.keyId).toBe(keyIdOf(keys.publicKey));
    expect(verifyCheckpoint(signed, keys.publicKey)).toEqual({ ok: true });
  });

  it.each<[string, (s: SignedCheckpoint) => SignedCheckpoint]>([
    ["tree size", (s) => ({ ...s, checkpoint: { ...s.checkpoint, treeSize: 11 } })],
    ["root hash", (s) => ({ ...s, checkpoint: { ...s.checkpoint, rootHash: rootAt(11) } })],
    ["timestamp", (s) => ({ ...s, checkpoint: { ...s.checkpoint, timestamp: "2026-03-01T12:00:01.000Z" } })],
    ["origin", (s) => ({ ...s, checkpoint: { ...s.checkpoint, origin: "elsewhere/ledger" } })],
    ["signature", (s) => ({ ...s, signature: flipFirstBit(s.signature) })],
  ])("fail when the %s is tampered with", (_, tamper) => {
    expect(verifyCheckpoint(tamper(signCheckpoint(at(12), keys.privateKey)), keys.publicKey)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("fail under another key", () => {
    const other = generateSigningKeyPair();
    const signed = signCheckpoint(at(12), other.privateKey);
    expect(verifyCheckpoint(signed, keys.publicKey)).toEqual({ ok: false, reason: "unknown_key" });
    expect(verifyCheckpoint({ ...signed, keyId: keyIdOf(keys.publicKey) }, keys.publicKey)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it.each([
    ["an empty origin", { origin: "" }],
    ["a multi-line origin", { origin: "a\nb" }],
    ["a fractional tree size", { treeSize: 1.5 }],
    ["an upper-case root", { rootHash: rootAt(3).toUpperCase() }],
    ["a local-time timestamp", { timestamp: "2026-03-01T12:00:00.000+01:00" }],
    ["an impossible date", { timestamp: "2026-02-30T12:00:00.000Z" }],
  ])("refuse to sign %s", (_, change) => {
    expect(() => signCheckpoint({ ...at(3), ...change }, keys.privateKey)).toThrow(TypeError);
  });

  it("report a malformed checkpoint or signature instead of throwing", () => {
    const signed = signCheckpoint(at(3), keys.privateKey);
    const malformed = { ...signed, checkpoint: { ...signed.checkpoint, treeSize: -1 } };
    expect(verifyCheckpoint(malformed, keys.publicKey)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyCheckpoint({ ...signed, signature: "not base64!" }, keys.publicKey)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("a checkpoint following a trusted one", () => {
  const previous = at(7, "2026-03-01T11:00:00.000Z");

  it("verifies when the log only grew", () => {
    const latest = signCheckpoint(at(19), keys.privateKey);
    expect(verifyCheckpoint(latest, keys.publicKey, { checkpoint: previous, consistencyProof: proofBetween(7, 19) })).toEqual({ ok: true });
    const same = signCheckpoint(at(7), keys.privateKey);
    expect(verifyCheckpoint(same, keys.publicKey, { checkpoint: previous, consistencyProof: [] })).toEqual({ ok: true });
  });

  it("detects a fork: a rewritten entry under the previous checkpoint", () => {
    const forked = [...leaves];
    forked[3] = leafHash("rewritten");
    const forkedRoot = toHex(merkleRoot(forked.slice(0, 19)));
    const latest = signCheckpoint({ ...at(19), rootHash: forkedRoot }, keys.privateKey);
    const proof = consistencyProof(7, 19, (s, e) => merkleRoot(forked.slice(s, e)));
    expect(verifyCheckpoint(latest, keys.publicKey, { checkpoint: previous, consistencyProof: proof })).toEqual({
      ok: false,
      reason: "inconsistent_root_mismatch",
    });
  });

  it("detects truncation, a clock going back, another log and a missing proof", () => {
    const check = (checkpoint: Checkpoint, proof = proofBetween(7, Math.max(7, checkpoint.treeSize))) =>
      verifyCheckpoint(signCheckpoint(checkpoint, keys.privateKey), keys.publicKey, { checkpoint: previous, consistencyProof: proof });
    expect(check(at(5), [])).toEqual({ ok: false, reason: "tree_shrank" });
    expect(check(at(19, "2026-03-01T10:59:59.999Z"))).toEqual({ ok: false, reason: "time_regressed" });
    expect(check({ ...at(19), origin: "elsewhere/ledger" })).toEqual({ ok: false, reason: "origin_mismatch" });
    expect(check(at(19), [])).toEqual({ ok: false, reason: "inconsistent_wrong_length" });
  });
});

describe("signing keys", () => {
  it("round-trip through PEM", () => {
    const privateKey = importPrivateKeyPem(exportPrivateKeyPem(keys.privateKey));
    const publicKey = importPublicKeyPem(exportPublicKeyPem(keys.publicKey));
    const signed = signCheckpoint(at(4), privateKey);
    expect(verifyCheckpoint(signed, publicKey)).toEqual({ ok: true });
    expect(keyIdOf(publicKeyOf(privateKey))).toBe(keyIdOf(keys.publicKey));
  });

  it("publish the raw 32-byte public key as base64 and import it back", () => {
    const base64 = publicKeyToBase64(keys.publicKey);
    expect(Buffer.from(base64, "base64")).toHaveLength(32);
    const imported = publicKeyFromBase64(base64);
    expect(verifyCheckpoint(signCheckpoint(at(4), keys.privateKey), imported)).toEqual({ ok: true });
  });

  it("refuse keys that are not Ed25519 or not raw 32 bytes", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() => exportPrivateKeyPem(ec.privateKey)).toThrow(TypeError);
    expect(() => importPublicKeyPem(ec.publicKey.export({ type: "spki", format: "pem" }).toString())).toThrow(TypeError);
    expect(() => exportPublicKeyPem(keys.privateKey)).toThrow(TypeError);
    expect(() => publicKeyFromBase64(Buffer.alloc(31).toString("base64"))).toThrow(TypeError);
    expect(() => publicKeyFromBase64(`${publicKeyToBase64(keys.publicKey)}!`)).toThrow(TypeError);
  });
});

function flipFirstBit(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[0]! ^= 1;
  return bytes.toString("base64");
}
