import { describe, expect, it } from "vitest";
import { entryLeafHash, generateSigningKeyPair, inclusionProof, leafHash, merkleRoot, publicKeyToBase64, signCheckpoint, toHex, type JsonObject } from "@/lib/ledger";
import { verifyReceipt } from "@/lib/ledger/verify-in-browser";

function log(size: number) {
  const entries: JsonObject[] = Array.from({ length: size }, (_, i) => ({ seq: i + 1, leafIndex: i, kind: "policy.changed", note: `n${i}` }));
  const leaves = entries.map((entry) => Buffer.from(entryLeafHash(entry), "hex"));
  return { entries, leaves };
}

describe("verifying a receipt with WebCrypto only", () => {
  const { privateKey, publicKey } = generateSigningKeyPair();
  const { entries, leaves } = log(13);
  const root = toHex(merkleRoot(leaves));
  const signed = signCheckpoint({ origin: "test", treeSize: 13, rootHash: root, timestamp: "2026-11-28T12:00:00.000Z" }, privateKey);
  const receipt = (index: number) => ({
    entry: entries[index]!,
    leafHash: toHex(leaves[index]!),
    leafIndex: index,
    auditPath: inclusionProof(index, 13, (s, e) => merkleRoot(leaves.slice(s, e))).map(toHex),
    checkpoint: signed.checkpoint,
    signature: signed.signature,
    publicKey: publicKeyToBase64(publicKey),
  });

  it("accepts every genuine receipt and shows its path up to the signed root", async () => {
    for (let i = 0; i < 13; i++) {
      const result = await verifyReceipt(receipt(i));
      expect(result).toMatchObject({ ok: true, root });
      expect(result.steps.at(-1)?.result).toBe(root);
    }
  });

  it("names what is wrong with a forged receipt", async () => {
    expect(await verifyReceipt({ ...receipt(4), entry: { ...entries[4]!, note: "edited" } })).toMatchObject({ ok: false, reason: "entry_hash_mismatch" });
    expect(await verifyReceipt({ ...receipt(4), leafIndex: 5 })).toMatchObject({ ok: false, reason: "root_mismatch" });
    expect(await verifyReceipt({ ...receipt(4), auditPath: receipt(4).auditPath.slice(1) })).toMatchObject({ ok: false, reason: "wrong_length" });
    const other = publicKeyToBase64(generateSigningKeyPair().publicKey);
    expect(await verifyReceipt({ ...receipt(4), publicKey: other })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(toHex(leafHash("x"))).toHaveLength(64);
  });
});
