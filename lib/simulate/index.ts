import { transverseMercator } from "@/lib/geo/projection";
import { backgroundShape } from "./background";
import { CATEGORIES } from "./categories";
import { plantDeployment } from "./deployment";
import { partitionDistricts } from "./districts";
import { makeGrid } from "./grid";
import { expectedClusterSize, simulateEvents, triggeredIntensity, TRIGGERING } from "./hawkes";
import { neighbourhoodNames } from "./names";
import { checkDistrictCount, resolveOptions, startInstant } from "./options";
import { traceOutlines } from "./outline";
import { districtDemographics, populationField } from "./population";
import { createRandom, deriveSeed } from "./random";
import { expectedRecordingShare, recordEvents } from "./recording";
import type { CityOptions, GroundTruth, SyntheticArea, SyntheticCity, SyntheticIncident } from "./types";

export type { CityOptions, Deployment, GroundTruth, IncidentCategory, SyntheticArea, SyntheticCity, SyntheticIncident } from "./types";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Generates a synthetic city with known ground truth: about 10 × 8 km of districts with
 * residents and demographic groups, a true crime process (background hotspots plus
 * near-repeat triggering), and the incidents a patrol-driven recording process would record.
 * Pure and deterministic: the same options give an identical city.
 *
 * @example
 * const city = generateCity({ seed: 7 });
 * city.areas.length;              // 20
 * city.incidents.length;          // ≈ 45 000 recorded incidents over 730 days
 * city.truth.intensity(1234, 100) // true expected incidents in cell 1234 on day 100
 */
export function generateCity(options: CityOptions): SyntheticCity {
  const opts = resolveOptions(options);
  const random = (stage: string) => createRandom(deriveSeed(opts.seed, stage));
  const grid = makeGrid(opts.cellSizeM);
  checkDistrictCount(opts.districts, grid.cells);
  const start = startInstant(opts.startDate);

  const projection = transverseMercator(opts.centre.lon);
  const [centreX, centreY] = projection.forward(opts.centre.lon, opts.centre.lat);
  const originX = centreX - grid.widthM / 2;
  const originY = centreY - grid.heightM / 2;
  const toLonLat = (x: number, y: number): [number, number] => projection.inverse(originX + x, originY + y);

  const labels = partitionDistricts(grid, opts.districts, random("districts"));
  const cellPopulation = populationField(grid, random("population"));
  const demographics = districtDemographics(grid, labels, opts.districts, cellPopulation, opts.segregation, random("demographics"));
  const names = neighbourhoodNames(opts.districts, random("names"));
  const codeWidth = Math.max(2, String(opts.districts).length);
  const codes = names.map((_, k) => `D${String(k + 1).padStart(codeWidth, "0")}`);

  const vertexLonLat = new Map<number, number[]>();
  const stride = grid.cols + 1;
  const areas: SyntheticArea[] = traceOutlines(grid, labels, opts.districts).map((ring, k) => ({
    code: codes[k] ?? "",
    name: names[k] ?? "",
    polygon: {
      type: "Polygon",
      coordinates: [
        ring.map((v) => {
          // Shared vertices are projected once, so neighbouring areas meet exactly.
          let point = vertexLonLat.get(v);
          if (!point) {
            point = toLonLat((v % stride) * grid.cellSizeM, Math.floor(v / stride) * grid.cellSizeM);
            vertexLonLat.set(v, point);
          }
          return point;
        }),
      ],
    },
    population: demographics[k]?.population ?? 0,
    groups: demographics[k]?.groups ?? {},
  }));

  // Scale true crime so the expected *recorded* count meets the target.
  const shape = backgroundShape(grid, cellPopulation, random("hotspots"));
  const recordedShare = expectedRecordingShare(grid, shape, cellPopulation, opts.discoveryBias);
  const clusterSize = expectedClusterSize(grid, shape, opts.days, TRIGGERING);
  const backgroundPerDay = opts.targetIncidents / recordedShare / clusterSize / opts.days;
  const background = shape.map((s) => s * backgroundPerDay);

  const simulated = simulateEvents(grid, background, opts.days, TRIGGERING, random("crime"));
  const triggered = triggeredIntensity(grid, simulated, opts.days, TRIGGERING);
  // Deployment draws from its own stream, so everything before it is the same city with or without it.
  const toLocal = (lon: number, lat: number): [number, number] => {
    const [x, y] = projection.forward(lon, lat);
    return [x - originX, y - originY];
  };
  const deployed = opts.deployment ? plantDeployment(grid, simulated, opts.deployment, toLocal, random("deployment")) : null;
  const events = deployed?.events ?? simulated;
  const { fates, patrolPresence } = recordEvents(grid, events, cellPopulation, opts.discoveryBias, opts.days, random("recording"));

  const incidents: SyntheticIncident[] = [];
  events.forEach((e, i) => {
    const fate = fates[i];
    if (fate === undefined || fate === "unrecorded") return;
    const [lon, lat] = toLonLat(e.x, e.y);
    incidents.push({
      externalId: `SYN-${opts.seed}-${String(incidents.length + 1).padStart(6, "0")}`,
      category: CATEGORIES[e.category] ?? "other",
      occurredAt: new Date(start + Math.floor((e.t * DAY_MS) / MINUTE_MS) * MINUTE_MS),
      lon,
      lat,
      areaCode: codes[labels[e.cell] ?? 0] ?? "",
      source: fate,
    });
  });

  const truth: GroundTruth = {
    originX,
    originY,
    cellSizeM: grid.cellSizeM,
    cols: grid.cols,
    rows: grid.rows,
    days: opts.days,
    intensity(cell, day) {
      if (!Number.isInteger(cell) || cell < 0 || cell >= grid.cells) throw new RangeError(`cell must be an integer in 0..${grid.cells - 1}, got ${cell}`);
      if (!Number.isInteger(day) || day < 0 || day >= opts.days) throw new RangeError(`day must be an integer in 0..${opts.days - 1}, got ${day}`);
      return (background[cell] ?? 0) + (triggered[day * grid.cells + cell] ?? 0);
    },
    background,
    triggering: { ...TRIGGERING },
    patrolPresence,
    deployment: deployed ? { prevented: deployed.prevented, displaced: deployed.displaced } : null,
  };
  return { options: opts, centralMeridian: opts.centre.lon, areas, incidents, truth };
}
