import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { KeyObject } from "node:crypto";
import { env } from "@/lib/env";
import { exportPrivateKeyPem, generateSigningKeyPair, importPrivateKeyPem, keyIdOf, publicKeyOf, publicKeyToBase64, type SignedCheckpoint } from "@/lib/ledger";

export interface LedgerSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyBase64: string;
  keyId: string;
  origin: string;
}

let cached: LedgerSigner | undefined;

/**
 * The checkpoint signing key: LEDGER_SIGNING_KEY_FILE, or a key generated on first start into
 * the data directory (mode 0600). Its public half is published with every checkpoint.
 */
export function ledgerSigner(): LedgerSigner {
  if (cached) return cached;
  const config = env();
  const file = config.LEDGER_SIGNING_KEY_FILE ?? path.join(config.SIGHTLINE_DATA_DIR, "ledger-signing-key.pem");
  if (!fs.existsSync(/*turbopackIgnore: true*/ file)) {
    if (config.LEDGER_SIGNING_KEY_FILE) throw new Error(`LEDGER_SIGNING_KEY_FILE: no key at ${file}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, exportPrivateKeyPem(generateSigningKeyPair().privateKey), { mode: 0o600, flag: "wx" });
  }
  const privateKey = importPrivateKeyPem(fs.readFileSync(file, "utf8"));
  const publicKey = publicKeyOf(privateKey);
  cached = { privateKey, publicKey, publicKeyBase64: publicKeyToBase64(publicKey), keyId: keyIdOf(publicKey), origin: config.LEDGER_ORIGIN };
  return cached;
}

/** The last published checkpoint, kept outside the database so a truncated log cannot hide. */
function publishedCheckpointFile(): string {
  return path.join(env().SIGHTLINE_DATA_DIR, "ledger-checkpoint.json");
}

export function writePublishedCheckpoint(checkpoint: SignedCheckpoint): void {
  const file = publishedCheckpointFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export function readPublishedCheckpoint(): SignedCheckpoint | null {
  const file = publishedCheckpointFile();
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as SignedCheckpoint) : null;
}
