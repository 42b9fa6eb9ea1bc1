import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { databaseResponds } from "@/db/health";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { AppError, httpStatusOf, type ErrorCode } from "@/lib/errors";
import { crossOriginProblem } from "./same-origin";

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

/** PostgreSQL's answers for a server that is going away, starting, full or cancelling (SQLSTATE). */
const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03", "53300", "57014", "08000", "08001", "08003", "08004", "08006"]);
const UNAVAILABLE_MESSAGE = /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|timeout exceeded when trying to connect|connect ETIMEDOUT|Client has encountered a connection error|database is unavailable/i;

/** Whether an error, or one it wraps (drizzle wraps the driver's as `cause`), means the database is out of reach. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if ((typeof code === "string" && UNAVAILABLE_CODES.has(code)) || UNAVAILABLE_MESSAGE.test(current.message)) return true;
  }
  return false;
}

function databaseCodeOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** The unexpected becomes a generic 500 with nothing internal in it; the detail goes to the log. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) return jsonError(error.code, error.message, error.retryAfterSeconds, refinementOf(error.details));
  if (error instanceof PermissionDeniedError) return jsonError("forbidden", "Your role may not do this.");
  // Text the database cannot hold (a NUL, or bytes invalid in its encoding) is the caller's input.
  if (databaseCodeOf(error) === "22P05" || databaseCodeOf(error) === "22021") return jsonError("invalid_input", "input: text must not contain NUL characters or invalid characters");
  if (isDatabaseUnavailable(error)) {
    console.error(`[api] database unavailable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
    return jsonError("unavailable", "The database cannot be reached. Try again shortly.", 5);
  }
  console.error("[api] unexpected error", error);
  return jsonError("internal", "Something went wrong on our side.");
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** After this long without an answer, a request asks whether the database is still there. */
const STALL_MS = 800;

/**
 * Resolves with a 503 once the request has stalled and the database does not answer a fresh
 * connection (stopped or frozen: the pool's connections would wait for it forever); otherwise never.
 * The handler's own work is left to finish or fail on its own; a 503 acknowledges nothing.
 */
function unavailableWhileStalled(): { answer: Promise<NextResponse>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<NextResponse>((resolve) => {
    timer = setTimeout(() => {
      void databaseResponds(600).then((ok) => {
        if (!ok) {
          console.error("[api] database unavailable: a request stalled and the database does not answer");
          resolve(jsonError("unavailable", "The database cannot be reached. Try again shortly.", 5));
        }
      });
    }, STALL_MS);
  });
  return { answer, cancel: () => clearTimeout(timer) };
}

/**
 * Wraps a route handler so every failure answers as `{ error: { code, message } }`, and a
 * state-changing request a browser sent from another site is refused before the handler runs.
 */
export function apiRoute<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const crossOrigin = crossOriginProblem(request.method, request.headers);
    if (crossOrigin !== null) {
      console.warn(`[api] refused a cross-site ${request.method} ${request.nextUrl.pathname}: ${crossOrigin}`);
      return jsonError("forbidden", "Requests from other sites may not change anything here.");
    }
    if (/%00/.test(request.nextUrl.pathname + request.nextUrl.search)) return jsonError("invalid_input", "url: must not contain NUL characters");
    const stall = unavailableWhileStalled();
    const work = handler(request, context).then(
      (response) => {
        if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
        return response;
      },
      (error: unknown) => errorResponse(error),
    );
    try {
      return await Promise.race([work, stall.answer]);
    } finally {
      stall.cancel();
    }
  };
}
