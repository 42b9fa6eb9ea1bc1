import { createHash, randomBytes } from "node:crypto";

const PREFIX = "slt_";

/** A personal API token: 256 random bits, shown once; only its SHA-256 is stored. */
export function generateApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return /^slt_[A-Za-z0-9_-]{43}$/.test(value);
}
