import { viewForecast } from "@/db/queries/forecasts";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { forecastGeoJsonBody, forecastJsonBody } from "@/lib/server/forecast-response";

/**
 * The approved forecast for the officer's jurisdiction. Stating a purpose is required: the view is
 * logged on the ledger before the forecast is returned, and the response carries that receipt.
 */
export const GET = apiRoute(async (request) => {
  const { actor } = await requireIdentity("forecasts.view");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const view = await viewForecast(actor, query);
  const geo = /application\/geo\+json/i.test(request.headers.get("accept") ?? "");
  return new Response(geo ? forecastGeoJsonBody(view) : forecastJsonBody(view), {
    headers: { "Content-Type": geo ? "application/geo+json" : "application/json", "Cache-Control": "no-store", Vary: "Accept" },
  });
});
