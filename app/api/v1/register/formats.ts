import "server-only";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";

/** `?format=json|csv` (JSON by default); anything else is a clear 422. */
export function formatOf(request: NextRequest): "json" | "csv" {
  const format = request.nextUrl.searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "csv") throw new AppError("invalid_input", `format: must be json or csv, not "${format}"`);
  return format;
}

/** This installation's public origin as the visitor reached it, for links in exports. */
export const originOf = (request: NextRequest) => request.nextUrl.origin;

export function csvResponse(body: string, filename: string): Response {
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` } });
}
