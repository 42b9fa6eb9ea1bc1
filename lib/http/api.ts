import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { AppError, httpStatusOf, type ErrorCode } from "@/lib/errors";

export function jsonError(code: ErrorCode, message: string, retryAfterSeconds?: number, refinement?: PublicRefinement): NextResponse {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
  return NextResponse.json({ error: { code, message, ...refinement } }, { status: httpStatusOf(code), headers });
}

/** A more specific public code (and reason) an error may carry, e.g. `no_approved_forecast` on a 404. */
type PublicRefinement = { code: string; reason?: string };

function refinementOf(details: unknown): PublicRefinement | undefined {
  if (typeof details !== "object" || details === null) return undefined;
  const { code, reason } = details as Record<string, unknown>;
  if (typeof code !== "string") return undefined;
  return typeof reason === "string" ? { code, reason } : { code };
}

/** The unexpected becomes a generic 500 with nothing internal in it; the detail goes to the log. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) return jsonError(error.code, error.message, error.retryAfterSeconds, refinementOf(error.details));
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
