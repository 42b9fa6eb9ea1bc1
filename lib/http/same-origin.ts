/**
 * Cross-site request forgery guard for the JSON API. A browser sends the session cookie with a
 * form or fetch from any site, so a state-changing request is refused when the browser says it
 * came from elsewhere: an Origin that is not this host, or Sec-Fetch-Site other than same-origin
 * or none (typed into the address bar). A Bearer token is never sent by a browser on its own, so
 * such requests need no check; requests without either header (curl, servers) carry no cookie a
 * page could have borrowed. Server actions get the same check from Next itself.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why a request must be refused, or null when it may proceed. */
export function crossOriginProblem(method: string, headers: Headers): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (/^Bearer\s/i.test(headers.get("authorization") ?? "")) return null;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") return `Sec-Fetch-Site is ${fetchSite}`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin ${origin} is not a URL`;
  }
  if (host === null || originHost.toLowerCase() !== host.toLowerCase()) return `Origin ${origin} is not this site`;
  return null;
}
