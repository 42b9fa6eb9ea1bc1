import "server-only";
import type { ForecastViewResult } from "@/db/queries/forecasts";
import { cellsAsGeoJson } from "@/lib/forecast/serialize";
import { transverseMercator } from "@/lib/geo/projection";

export const ADVISORY_NOTICE = "Advisory only: this forecast informs, it does not decide. The decision, and the responsibility for it, stay with the officer.";

/**
 * A served forecast as a response body. The cells of a stored forecast never change, so their
 * serialised form is kept per forecast, area set and format, already encoded as UTF-8: a view
 * copies those bytes once instead of building and encoding a ~100 KiB string. Only the header
 * and the receipt are new per view.
 */
const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 64;

function cached(key: string, make: () => string): Buffer {
  let bytes = cache.get(key);
  if (bytes === undefined) {
    bytes = Buffer.from(make());
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, bytes);
  }
  return bytes;
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

const CLOSE = Buffer.from("}");

/** One response body from its parts (a Uint8Array over its own ArrayBuffer, as Response wants). */
function joined(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.byteLength;
  }
  return body;
}

export function forecastJsonBody(view: ForecastViewResult): Uint8Array<ArrayBuffer> {
  const cells = cached(`${view.forecast.id}|${view.areaCodes.join(",")}|json`, () => JSON.stringify(view.cells));
  const head = `{"advisory":${JSON.stringify(ADVISORY_NOTICE)},"forecast":${JSON.stringify(header(view))},"receipt":${JSON.stringify(view.receipt)},"cells":`;
  return joined([Buffer.from(head), cells, CLOSE]);
}

export function forecastGeoJsonBody(view: ForecastViewResult): Uint8Array<ArrayBuffer> {
  const features = cached(`${view.forecast.id}|${view.areaCodes.join(",")}|geojson`, () =>
    JSON.stringify(cellsAsGeoJson(view.forecast.grid, transverseMercator(view.forecast.grid.centralMeridian), view.cells).features),
  );
  const head = `{"type":"FeatureCollection","advisory":${JSON.stringify(ADVISORY_NOTICE)},"forecast":${JSON.stringify(header(view))},"receipt":${JSON.stringify(view.receipt)},"features":`;
  return joined([Buffer.from(head), features, CLOSE]);
}
