/**
 * The response headers that keep browsers from being turned against the portal. Pure: next.config.ts
 * sets the static ones on every response, proxy.ts the per-request Content-Security-Policy of pages.
 */

/**
 * A page's policy: scripts only from this origin or inline with this request's nonce (Next marks its
 * own inline scripts with it), no framing, no plugins, forms and fetches to this origin only.
 * Styles allow inline attributes: the server-rendered SVG maps and charts use them, and a style
 * cannot run code. Development adds 'unsafe-eval' for React's debugging tools.
 *
 * @example contentSecurityPolicy("r4nd0m", false) // "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; …"
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON and CSV answers render nothing: they may load nothing and be framed by nobody. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers for every response; HSTS only in production, where the portal is served over HTTPS. */
export function staticSecurityHeaders(production: boolean): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
