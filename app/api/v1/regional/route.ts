import { getPublicRegionalView } from "@/db/queries/regional";
import { apiRoute } from "@/lib/http/api";

/**
 * The public regional view: per district and month, the share of cells flagged, planned patrol
 * minutes and the change in recorded crime, with each district's neighbours. No login, nothing
 * finer than district × month; outlines are left to the page (the areas are public there).
 */
export const GET = apiRoute(async (request) => {
  const search = request.nextUrl.searchParams;
  const range = Object.fromEntries(["from", "to"].flatMap((key) => (search.has(key) ? [[key, search.get(key)]] : [])));
  const { areas, ...view } = await getPublicRegionalView(range);
  return Response.json({ ...view, areas: areas.map(({ code, name }) => ({ code, name })) });
});
