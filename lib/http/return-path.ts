/**
 * Where to send someone after sign-in or a language switch: a path on this site only. Checking
 * the text ("starts with / but not //") is not enough — browsers drop tabs and newlines from a URL
 * and read a backslash as a slash, so "/\t/evil.example" or "/\n\\evil.example" leave the site. The
 * path is resolved as a browser would, against a placeholder origin, and kept only if it stays on it.
 */
const BASE = "http://return-path.invalid";

export function safeReturnPath(value: unknown, fallback = "/home"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
