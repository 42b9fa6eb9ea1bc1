/**
 * Forecast CLI: backtest or predict from incident CSVs (parsed with the importer's presets) and
 * area boundaries, writing JSON or GeoJSON.
 *
 *   npx tsx scripts/forecast-cli.ts backtest --incidents part1_2018.csv --incidents part1_2019.csv --preset slmpd \
 *     --areas stl_neighborhoods.geojson --area-code NHD_NUM --area-name NHD_NAME --lon0=-90.25 \
 *     --model kde --param timeScaleDays=10 --param bandwidthM=100 --start 2019-01-01 --periods 4 --horizon 7
 *   npx tsx scripts/forecast-cli.ts predict … --start 2019-10-01 --horizon 7 --format geojson --out forecast.geojson
 *
 * Reading incidents from the database is not offered here yet: export them with the `sightline` preset.
 */
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { INCIDENT_CATEGORIES } from "@/lib/incidents/standard";
import { parseAreas } from "@/lib/import/parse-areas";
import { parseIncidentCsv } from "@/lib/import/parse-incidents";
import { PRESETS } from "@/lib/import/presets";
import { zonedTimeToUtc } from "@/lib/import/zoned-time";
import { projectMultiPolygon } from "@/lib/geo/polygon";
import { transverseMercator } from "@/lib/geo/projection";
import {
  captureCurve, cellCentre, createModel, errorCounts, griddedEvents, gridFromAreas, hitRate, isModelKind, meanBrier, meanLogScore,
  MS_PER_DAY, pai, peiStar, periodBootstrap, runBacktest, seededRandom,
} from "@/lib/forecast";

function fail(message: string): never {
  process.stderr.write(`forecast: ${message}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    incidents: { type: "string", multiple: true },
    preset: { type: "string", default: "sightline" },
    areas: { type: "string" },
    "area-code": { type: "string", default: "code" },
    "area-name": { type: "string", default: "name" },
    lon0: { type: "string" },
    cell: { type: "string", default: "150" },
    model: { type: "string", default: "naive" },
    param: { type: "string", multiple: true },
    start: { type: "string" },
    periods: { type: "string", default: "1" },
    horizon: { type: "string", default: "7" },
    format: { type: "string", default: "json" },
    out: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});

const command = positionals[0];
if (command !== "backtest" && command !== "predict") fail("usage: forecast-cli.ts backtest|predict --incidents FILE --areas FILE --start YYYY-MM-DD …");
const mapping = PRESETS[values.preset] ?? fail(`unknown preset "${values.preset}" (known: ${Object.keys(PRESETS).join(", ")})`);
if (!values.incidents?.length || !values.areas || !values.start) fail("--incidents, --areas and --start are required");
if (!isModelKind(values.model)) fail(`unknown model "${values.model}"`);
const params = Object.fromEntries(
  (values.param ?? []).map((kv) => {
    const [k, v] = kv.split("=");
    if (!k || v === undefined || !Number.isFinite(Number(v))) fail(`--param expects name=number, got "${kv}"`);
    return [k, Number(v)];
  }),
);
const [y, m, d] = values.start.split("-").map(Number);
if (!y || !m || !d) fail(`--start expects YYYY-MM-DD, got "${values.start}"`);
const horizon = Number(values.horizon);
const periods = Number(values.periods);
const cellSize = Number(values.cell);

// Areas and grid.
const parsedAreas = parseAreas(readFileSync(values.areas, "utf8"), { fileName: values.areas, codeField: values["area-code"], nameField: values["area-name"] });
if (parsedAreas.areas.length === 0) fail(`no areas read from ${values.areas}: ${parsedAreas.issues.map((i) => i.message).join("; ")}`);
const polygonsOf = (g: (typeof parsedAreas.areas)[number]["geometry"]) => (g.type === "Polygon" ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][]));
const lonSum = parsedAreas.areas.flatMap((a) => polygonsOf(a.geometry).flat(2)).reduce((acc, p) => [acc[0]! + (p[0] ?? 0), acc[1]! + 1], [0, 0]);
const tm = transverseMercator(values.lon0 !== undefined ? Number(values.lon0) : lonSum[0]! / lonSum[1]!);
const grid = gridFromAreas(parsedAreas.areas.map((a) => projectMultiPolygon(polygonsOf(a.geometry), tm.forward)), cellSize);

// Incidents.
const xs: number[] = [];
const ys: number[] = [];
const ts: number[] = [];
const cats: number[] = [];
for (const file of values.incidents) {
  const parsed = await parseIncidentCsv(createReadStream(file), { fileName: file, mapping, now: new Date() });
  if (parsed.fatal) fail(`${file}: ${parsed.issues.map((i) => i.message).join("; ")}`);
  if (parsed.invalidRowCount) process.stderr.write(`forecast: ${file}: ${parsed.invalidRowCount} invalid rows skipped\n`);
  for (const r of parsed.rows) {
    const [x, yy] = tm.forward(r.lon, r.lat);
    xs.push(x);
    ys.push(yy);
    ts.push(r.occurredAt.getTime() / MS_PER_DAY);
    cats.push(INCIDENT_CATEGORIES.indexOf(r.category));
  }
}
const events = griddedEvents(grid, { x: xs, y: ys, t: ts, category: cats });
const localDay = (offset: number) => zonedTimeToUtc({ year: y, month: m, day: d + offset, hour: 0, minute: 0 }, mapping.timeZone).getTime() / MS_PER_DAY;
const start = localDay(0);
const model = createModel(values.model, params);
process.stderr.write(`forecast: ${events.t.length} incidents on ${grid.validCells.length} cells of ${cellSize} m; model ${values.model}\n`);

let output: unknown;
if (command === "backtest") {
  const starts = Array.from({ length: periods }, (_, i) => localDay(i * horizon));
  const r = runBacktest({ model, grid, events, fitCutoff: start, starts, horizonDays: horizon });
  const random = seededRandom(Number(values.seed));
  output = {
    model: values.model,
    params: model.params,
    fitted: r.summary,
    fit_ms: r.fitMs,
    periods: r.periods.map((p) => ({ start: new Date(p.start * MS_PER_DAY).toISOString(), events: p.events, coverage: p.coverage, log_score: p.logScore, brier: p.brier })),
    pooled: Object.fromEntries(
      r.coverages.map((c) => [c, { hit_rate: hitRate(r, c), pai: pai(r, c), pai_ci95: periodBootstrap(r, (res, idx) => pai(res, c, idx), random), pei_star: peiStar(r, c), ...errorCounts(r, c) }]),
    ),
    log_score_mean: meanLogScore(r),
    brier_mean: meanBrier(r),
    capture_auc: captureCurve(r).auc,
    calibration: r.calibration,
  };
} else {
  const fitted = model.fit(events, grid, start);
  const p = fitted.predict(events, start, horizon);
  const half = cellSize / 2;
  const cells = Array.from(grid.validCells, (c) => ({ cell: c, area: parsedAreas.areas[grid.cellArea[c]!]?.code ?? null, expected: p.expected[c]!, risk: p.risk[c]! }));
  output =
    values.format === "geojson"
      ? {
          type: "FeatureCollection",
          features: cells.map((c) => {
            const [cx, cy] = cellCentre(grid, c.cell);
            const ring = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]].map(([dx, dy]) => tm.inverse(cx + dx! * half, cy + dy! * half));
            return { type: "Feature", properties: c, geometry: { type: "Polygon", coordinates: [ring] } };
          }),
        }
      : { model: values.model, params: fitted.params, fitted: fitted.summary, start: new Date(start * MS_PER_DAY).toISOString(), horizon_days: horizon, cell_m: cellSize, cells };
}
const text = JSON.stringify(output) + "\n";
if (values.out) writeFileSync(values.out, text);
else process.stdout.write(text);
