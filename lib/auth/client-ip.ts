import { env } from "@/lib/env";

/**
 * The client's address for per-address limits (sign-in throttling, objection intake), given how
 * many reverse proxies in front of us append to X-Forwarded-For (`SIGHTLINE_TRUSTED_PROXIES`).
 *
 * With none, X-Forwarded-For and X-Real-IP are ignored and the answer is null (no address known):
 * `next start` keeps whatever header a client sends and exposes no socket address beside it, so a
 * client could otherwise pick a fresh address per request. On null, sign-in throttling keeps only
 * its per-account rule (one shared address key would let any client lock everyone out) and
 * objection intake counts every client against one shared limit.
 *
 * With `trustedProxies` = N, each of our N proxies appended the address it saw, so the N-th entry
 * from the right is the client as our outermost proxy saw it; entries further left were written
 * by the client and are never used. A shorter header (every entry written by our proxies) gives
 * its leftmost entry; no header, the X-Real-IP our proxy set; neither, null.
 *
 * @example clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), 1) // "203.0.113.9"
 */
export function clientAddress(headers: Headers, trustedProxies: number): string | null {
  if (trustedProxies <= 0) return null;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (chain.length > 0) return chain[Math.max(0, chain.length - trustedProxies)] ?? null;
  return headers.get("x-real-ip")?.trim() || null;
}

/** `clientAddress` with the configured number of trusted proxies. */
export function clientIp(headers: Headers): string | null {
  return clientAddress(headers, env().SIGHTLINE_TRUSTED_PROXIES);
}
