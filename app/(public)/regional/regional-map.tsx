import type { AreaGeometry, ForecastGrid } from "@/db/schema";
import { cellBounds } from "@/lib/forecast/serialize";
import { polygonsOf } from "@/lib/geo/area-locator";
import { transverseMercator } from "@/lib/geo/projection";
import { format } from "@/lib/i18n/locales";
import type { DistrictMonth } from "@/lib/monitoring";

export const LAYERS = ["change", "flagged", "dosage"] as const;
export type Layer = (typeof LAYERS)[number];

export interface RegionalMapLabels {
  mapTitle: string;
  mapLabel: string;
  areaTitle: string;
  layerName: string;
  legendTreated: string;
  legendNeighbour: string;
  legendNoData: string;
  legendFewer: string;
  legendMore: string;
}

/** Cells drawn over the districts (oversight only): how often flagged, and patrol minutes logged. */
export interface CellOverlay {
  grid: ForecastGrid;
  cells: { cell: number; areaCode: string; flaggedShare: number; patrolMinutes: number; title: string }[];
}

const WIDTH = 800;
const NO_DATA = "#e2e8f0";
/** Diverging for change (fewer → more crime), sequential for shares and minutes. */
const FEWER = ["#1d4ed8", "#60a5fa", "#bfdbfe"];
const MORE = ["#fecaca", "#f87171", "#b91c1c"];
const SEQUENTIAL = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"];

/** The value a layer shows for a district-month, or null when there is none. */
export function layerValue(layer: Layer, d: DistrictMonth): number | null {
  return layer === "change" ? d.change : layer === "flagged" ? d.flaggedShare : d.dosageMinutes;
}

/** A layer's value as text: a percentage for change and shares, minutes as a whole number. */
export function layerText(layer: Layer, value: number | null): string {
  if (value === null) return "—";
  if (layer === "dosage") return value.toFixed(0);
  if (layer === "change") return `${value > 0 ? "+" : ""}${(value * 100).toFixed(0)} %`;
  return `${(value * 100).toFixed(1)} %`;
}

function colour(layer: Layer, value: number | null, max: number): string {
  if (value === null) return NO_DATA;
  if (layer === "change") {
    const step = Math.min(2, Math.floor(Math.abs(value) / 0.15));
    return value < 0 ? FEWER[2 - step]! : value > 0 ? MORE[step]! : "#f8fafc";
  }
  if (max <= 0 || value <= 0) return SEQUENTIAL[0]!;
  return SEQUENTIAL[Math.min(SEQUENTIAL.length - 1, 1 + Math.floor((value / max) * (SEQUENTIAL.length - 1) - 1e-9))]!;
}

/**
 * The districts coloured by one layer for one month, drawn on the server as SVG in the deployment's
 * projected metres: no tiles, no external fetch, works offline and in print. Districts with patrols
 * logged are outlined in black, their untreated neighbours dashed; oversight may overlay cells.
 */
export function RegionalMap({ areas, districts, layer, month, centralMeridian, labels, overlay = [] }: { areas: { code: string; name: string; geometry: AreaGeometry }[]; districts: DistrictMonth[]; layer: Layer; month: string; centralMeridian: number; labels: RegionalMapLabels; overlay?: CellOverlay[] }) {
  const projection = transverseMercator(centralMeridian);
  const shapes = areas.map((area) => ({ ...area, rings: polygonsOf(area.geometry).flatMap((polygon) => polygon.map((ring) => ring.map(([lon = 0, lat = 0]) => projection.forward(lon, lat)))) }));
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const shape of shapes) {
    for (const ring of shape.rings) {
      for (const [x, y] of ring) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  if (!Number.isFinite(minX)) return null;
  const scale = WIDTH / Math.max(1, maxX - minX);
  const height = Math.max(1, (maxY - minY) * scale);
  const px = (x: number) => ((x - minX) * scale).toFixed(1);
  const py = (y: number) => ((maxY - y) * scale).toFixed(1);
  const byArea = new Map(districts.map((d) => [d.area, d]));
  const values = districts.map((d) => layerValue(layer, d)).filter((v): v is number => v !== null);
  const max = Math.max(0, ...values);
  const labelAt = (rings: [number, number][][]) => {
    const ring = rings.reduce((a, b) => (b.length > a.length ? b : a), [] as [number, number][]);
    return [ring.reduce((s, p) => s + p[0], 0) / Math.max(1, ring.length), ring.reduce((s, p) => s + p[1], 0) / Math.max(1, ring.length)] as const;
  };
  const fontSize = Math.max(8, Math.min(16, WIDTH / Math.sqrt(Math.max(1, areas.length)) / 6));
  const cellMax = Math.max(0, ...overlay.flatMap((o) => o.cells.map((c) => c.flaggedShare)));
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${height.toFixed(0)}`} role="img" aria-label={format(labels.mapLabel, { areas: areas.length, layer: labels.layerName, month })} className="h-auto max-h-[40rem] w-full rounded border border-slate-300 bg-white" data-testid="regional-map">
        <title>{format(labels.mapTitle, { layer: labels.layerName, month })}</title>
        {shapes.map((shape) => {
          const d = byArea.get(shape.code);
          const value = d ? layerValue(layer, d) : null;
          return (
            <path key={shape.code} d={shape.rings.map((ring) => `M${ring.map(([x, y]) => `${px(x)},${py(y)}`).join("L")}Z`).join("")} fillRule="evenodd" fill={colour(layer, value, max)} stroke="#94a3b8" strokeWidth={0.8} data-area={shape.code} data-treated={d?.treated ? "true" : undefined}>
              <title>{format(labels.areaTitle, { code: shape.code, name: shape.name, value: layerText(layer, value) })}</title>
            </path>
          );
        })}
        {overlay.flatMap((o) =>
          o.cells.map((cell) => {
            const [west, , , north] = cellBounds(o.grid, cell.cell);
            const size = (o.grid.cellSize * scale).toFixed(2);
            const shade = cellMax > 0 ? 0.2 + 0.7 * (cell.flaggedShare / cellMax) : 0.2;
            return (
              <rect key={`${o.grid.originX}-${cell.cell}`} x={px(west)} y={py(north)} width={size} height={size} fill="#7c2d12" fillOpacity={cell.flaggedShare > 0 ? shade : 0} stroke={cell.patrolMinutes > 0 ? "#000" : "none"} strokeWidth={cell.patrolMinutes > 0 ? 1.2 : 0} data-patrolled={cell.patrolMinutes > 0 ? "true" : undefined}>
                <title>{cell.title}</title>
              </rect>
            );
          }),
        )}
        {shapes.map((shape) => {
          const d = byArea.get(shape.code);
          if (!d?.treated && !d?.bordersTreated) return null;
          return <path key={`o-${shape.code}`} d={shape.rings.map((ring) => `M${ring.map(([x, y]) => `${px(x)},${py(y)}`).join("L")}Z`).join("")} fill="none" stroke="#0f172a" strokeWidth={d.treated ? 3 : 1.5} strokeDasharray={d.treated ? undefined : "6 4"} aria-hidden="true" />;
        })}
        {shapes.map((shape) => {
          const [x, y] = labelAt(shape.rings);
          return (
            <text key={`t-${shape.code}`} x={px(x)} y={py(y)} textAnchor="middle" dominantBaseline="middle" fontSize={fontSize} className="pointer-events-none fill-slate-900" aria-hidden="true">
              {shape.code}
            </text>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap items-center gap-4 text-sm">
        <span className="flex items-center gap-1">
          {labels.legendFewer}
          {(layer === "change" ? [...FEWER, "#f8fafc", ...MORE] : SEQUENTIAL).map((shade) => (
            <span key={shade} className="inline-block h-3 w-4 border border-slate-300" style={{ background: shade }} />
          ))}
          {labels.legendMore}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-4 border border-slate-300" style={{ background: NO_DATA }} /> {labels.legendNoData}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-5 border-[3px] border-slate-900" /> {labels.legendTreated}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-5 border border-dashed border-slate-900" /> {labels.legendNeighbour}
        </span>
      </figcaption>
    </figure>
  );
}
