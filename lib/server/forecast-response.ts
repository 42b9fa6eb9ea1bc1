import "server-only";
import type { ForecastViewResult, ServedCell } from "@/db/queries/forecasts";
import { cellsAsGeoJson } from "@/lib/forecast/serialize";
import { transverseMercator } from "@/lib/geo/projection";

export const ADVISORY_NOTICE = "Advisory only: this forecast informs, it does not decide. The decision, and the responsibility for it, stay with the officer.";

/**
 * A served forecast as a response body. The cells of a stored forecast never change, so their
 * serialised form is cached per forecast, area set and format; only the receipt is new per view.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 64;

function cached(key: string, make: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    text = make();
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, text);
  }
  return text;
}

function header(view: ForecastViewResult) {
  const f = view.forecast;
  return {
    id: f.id,
    version: { id: f.versionId, model: view.modelName, number: view.versionNumber, approvedUntil: view.validUntil.toISOString() },
    periodStart: f.periodStart,
    horizonDays: f.horizonDays,
    generatedAt: f.generatedAt.toISOString(),
    snapshotHash: f.snapshotHash,
    coverage: f.coverage,
    categories: f.categories,
    areaCodes: view.areaCodes,
    merkleRoot: f.merkleRoot,
    grid: f.grid,
  };
}

const cellJson = (cells: readonly ServedCell[]) => JSON.stringify(cells);

export function forecastJsonBody(view: ForecastViewResult): string {
  const cells = cached(`${view.forecast.id}|${view.areaCodes.join(",")}|json`, () => cellJson(view.cells));
  return `{"advisory":${JSON.stringify(ADVISORY_NOTICE)},"forecast":${JSON.stringify(header(view))},"receipt":${JSON.stringify(view.receipt)},"cells":${cells}}`;
}

export function forecastGeoJsonBody(view: ForecastViewResult): string {
  const features = cached(`${view.forecast.id}|${view.areaCodes.join(",")}|geojson`, () =>
    JSON.stringify(cellsAsGeoJson(view.forecast.grid, transverseMercator(view.forecast.grid.centralMeridian), view.cells).features),
  );
  return `{"type":"FeatureCollection","advisory":${JSON.stringify(ADVISORY_NOTICE)},"forecast":${JSON.stringify(header(view))},"receipt":${JSON.stringify(view.receipt)},"features":${features}}`;
}
