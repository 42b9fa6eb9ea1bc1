import type { NextRequest } from "next/server";
import { listIncidents, streamIncidents, type IncidentFilter, type IncidentSortKey } from "@/db/queries/incidents";
import { requireIdentity } from "@/lib/auth/session";
import { csvLine } from "@/lib/csv/write-csv";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { isIncidentCategory } from "@/lib/incidents/standard";

const CSV_COLUMNS = ["external_id", "category", "source_code", "description", "occurred_at", "lat", "lon", "area_code", "source", "status"] as const;

function dateParam(params: URLSearchParams, name: string): Date | undefined {
  const value = params.get(name);
  if (!value) return undefined;
  const date = new Date(value);
  // Years outside 1–9999 are valid in JavaScript but not in the database.
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) throw new AppError("invalid_input", `${name}: not a date`);
  return date;
}

/** A paging parameter: a whole number from 0 to 10 million, or the default when absent. */
function wholeNumber(params: URLSearchParams, name: string, fallback: number): number {
  const value = params.get(name);
  if (value === null || value === "") return fallback;
  if (!/^\d{1,8}$/.test(value)) throw new AppError("invalid_input", `${name}: expected a whole number`);
  return Number(value);
}

function filterFrom(params: URLSearchParams): IncidentFilter {
  const category = params.get("category") ?? undefined;
  if (category !== undefined && !isIncidentCategory(category)) throw new AppError("invalid_input", `category: unknown category "${category}"`);
  return {
    category,
    areaCode: params.get("area") ?? undefined,
    status: params.get("status") ?? undefined,
    from: dateParam(params, "from"),
    to: dateParam(params, "to"),
    search: params.get("q")?.slice(0, 100) || undefined,
  };
}

/** Incidents in the caller's scope: a JSON page, or with format=csv the whole filtered set. */
export const GET = apiRoute(async (request: NextRequest) => {
  const params = request.nextUrl.searchParams;
  const filter = filterFrom(params);
  if (params.get("format") === "csv") {
    const { actor } = await requireIdentity("incidents.export");
    const batches = streamIncidents(actor, filter);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) return controller.close();
        const text = next.value
          .map((r) => csvLine([r.externalId, r.category, r.sourceCode, r.description, r.occurredAt, r.lat, r.lon, r.areaCode, r.source, r.status]))
          .join("");
        controller.enqueue(encoder.encode(text));
      },
    });
    return new Response(body, {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="incidents.csv"' },
    });
  }
  const { actor } = await requireIdentity("incidents.read");
  const sort = params.get("sort");
  const page = await listIncidents(actor, filter, {
    offset: wholeNumber(params, "offset", 0),
    limit: wholeNumber(params, "limit", 50),
    sort: sort === "category" || sort === "externalId" || sort === "area" ? (sort as IncidentSortKey) : "occurredAt",
    descending: params.get("order") !== "asc",
  });
  return Response.json(page);
});
