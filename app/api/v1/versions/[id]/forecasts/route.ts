import { requestForecasts } from "@/db/queries/forecast-generation";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { optionalJsonBody } from "@/lib/http/json-body";

/** Oversight asks for fresh forecasts of an approved version (a background job; poll /api/v1/jobs/{id}). */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("forecasts.generate");
  const { periodStart } = await optionalJsonBody(request);
  if (periodStart !== undefined && typeof periodStart !== "string") throw new AppError("invalid_input", "periodStart: expected a date as YYYY-MM-DD");
  return Response.json(await requestForecasts(actor, (await params).id, periodStart), { status: 202 });
});
