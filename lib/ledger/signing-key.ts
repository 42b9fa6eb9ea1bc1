/**
 * Ed25519 keys for signing checkpoints: generation, PEM import/export for the operator, and the
 * raw 32-byte public key in base64 for publishing (short enough to print on a page or a receipt).
 */
import * as crypto from "node:crypto";
import type { KeyObject } from "node:crypto";
import { sha256Hex } from "./hash";

export interface SigningKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A fresh Ed25519 key pair. */
export function generateSigningKeyPair(): SigningKeyPair {
  return crypto.generateKeyPairSync("ed25519");
}

/** PKCS#8 PEM of a private key, for the operator's secret store. */
export function exportPrivateKeyPem(privateKey: KeyObject): string {
  return expectEd25519(privateKey, "private").export({ type: "pkcs8", format: "pem" }).toString();
}

/** SPKI PEM of a public key. */
export function exportPublicKeyPem(publicKey: KeyObject): string {
  return expectEd25519(publicKey, "public").export({ type: "spki", format: "pem" }).toString();
}

/** Imports a PKCS#8 PEM private key; throws a TypeError unless it is Ed25519. */
export function importPrivateKeyPem(pem: string): KeyObject {
  return expectEd25519(crypto.createPrivateKey(pem), "private");
}

/** Imports an SPKI PEM public key; throws a TypeError unless it is Ed25519. */
export function importPublicKeyPem(pem: string): KeyObject {
  return expectEd25519(crypto.createPublicKey(pem), "public");
}

/** The public half of a private key. */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return crypto.createPublicKey(expectEd25519(privateKey, "private"));
}

/**
 * The raw 32-byte Ed25519 public key, base64 (standard alphabet, padded).
 *
 * @example publicKeyToBase64(pair.publicKey) // 44 characters, e.g. "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
 */
export function publicKeyToBase64(publicKey: KeyObject): string {
  return Buffer.from(rawPublicKey(publicKey)).toString("base64");
}

/** Imports a raw 32-byte Ed25519 public key from base64; throws a TypeError otherwise. */
export function publicKeyFromBase64(base64: string): KeyObject {
  const raw = Buffer.from(base64, "base64");
  // Buffer.from ignores junk characters, so round-trip to refuse anything not exactly base64.
  if (raw.length !== 32 || raw.toString("base64") !== base64) {
    throw new TypeError("not a base64 raw Ed25519 public key (32 bytes)");
  }
  return crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
}

/**
 * Key id: SHA-256 hex of the raw public key, so a checkpoint names the key that signed it and
 * keys can rotate without ambiguity.
 */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(rawPublicKey(publicKey));
}

function rawPublicKey(publicKey: KeyObject): Uint8Array {
  const jwk = expectEd25519(publicKey, "public").export({ format: "jwk" });
  if (typeof jwk.x !== "string") throw new TypeError("Ed25519 key has no public component");
  return new Uint8Array(Buffer.from(jwk.x, "base64url"));
}

function expectEd25519(key: KeyObject, type: "public" | "private"): KeyObject {
  if (key.type !== type || key.asymmetricKeyType !== "ed25519") {
    throw new TypeError(`expected an Ed25519 ${type} key, got ${key.asymmetricKeyType ?? key.type} ${key.type}`);
  }
  return key;
}
