import type { NextRequest } from "next/server";
import { signInRetryAfter } from "@/db/queries/login-throttle";
import { handlers } from "@/lib/auth/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { AppError } from "@/lib/errors";
import { jsonError } from "@/lib/http/api";
import { cappedBytes } from "@/lib/http/json-body";

export const GET = handlers.GET;

/** A sign-in form is a few hundred bytes; anything near this is not one. */
const MAX_FORM_BYTES = 16 * 1024;

/** Throttled sign-ins are refused here with 429 and Retry-After before any password is checked. */
export async function POST(request: NextRequest): Promise<Response> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FORM_BYTES) return jsonError("payload_too_large", "body: at most 16 KiB");
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    // A body sent without Content-Length (chunked) is read from a copy only up to the cap, so a
    // huge one is refused without being held in memory; Auth.js then reads the original.
    let body: Buffer;
    try {
      body = await cappedBytes(request.clone(), MAX_FORM_BYTES);
    } catch (error) {
      if (error instanceof AppError) return jsonError(error.code, error.message);
      throw error;
    }
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData().catch(() => null);
    const email = String(form?.get("email") ?? "");
    const retryAfter = await signInRetryAfter(email, clientIp(request.headers));
    if (retryAfter > 0) return jsonError("too_many_requests", "Too many sign-in attempts. Try again later.", retryAfter);
  }
  return handlers.POST(request);
}
