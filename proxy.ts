import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";

/**
 * Gives every page a Content-Security-Policy with a fresh script nonce. Next reads the nonce from
 * the request's policy header and puts it on its own inline scripts. Nothing here guards access:
 * every page, action and route checks the caller itself, so a request that skips this proxy
 * loses only its policy header, never a permission check.
 */
export function proxy(request: NextRequest): NextResponse {
  const policy = contentSecurityPolicy(newNonce(), env().NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages and server actions; API answers and static files carry next.config.ts's fixed headers.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
