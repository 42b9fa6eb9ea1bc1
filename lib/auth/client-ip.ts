/**
 * The client's address as the server in front of us reports it. `next start` sets
 * x-forwarded-for itself; behind a reverse proxy, that proxy must overwrite it.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first || headers.get("x-real-ip") || null;
}
