import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { AppError, httpStatusOf, type ErrorCode } from "@/lib/errors";

export function jsonError(code: ErrorCode, message: string, retryAfterSeconds?: number): NextResponse {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
  return NextResponse.json({ error: { code, message } }, { status: httpStatusOf(code), headers });
}

/** The unexpected becomes a generic 500 with nothing internal in it; the detail goes to the log. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) return jsonError(error.code, error.message, error.retryAfterSeconds);
  if (error instanceof PermissionDeniedError) return jsonError("forbidden", "Your role may not do this.");
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect|connect ETIMEDOUT/i.test(message)) {
    console.error(`[api] database unavailable: ${message}`);
    return jsonError("unavailable", "The database cannot be reached. Try again shortly.", 5);
  }
  console.error("[api] unexpected error", error);
  return jsonError("internal", "Something went wrong on our side.");
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** Wraps a route handler so every failure answers as `{ error: { code, message } }`. */
export function apiRoute<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      const response = await handler(request, context);
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}
