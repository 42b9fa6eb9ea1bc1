import type { AreaGeometry, ForecastGrid } from "@/db/schema";
import type { ServedCell } from "@/db/queries/forecasts";
import { cellBounds } from "@/lib/forecast/serialize";
import { transverseMercator } from "@/lib/geo/projection";
import { format } from "@/lib/i18n/locales";

export interface MapLabels {
  mapTitle: string;
  mapLabel: string;
  legendTitle: string;
  legendFlagged: string;
  legendHigh: string;
  legendLow: string;
  legendArea: string;
  cellTitle: string;
}

/** Five shades for unflagged cells by risk rank, lightest for the lowest; flagged cells are red. */
const SHADES = ["#f8fafc", "#fef3c7", "#fde68a", "#fdba74", "#fb923c"];
const FLAGGED = "#dc2626";
const WIDTH = 800;

/**
 * The risk grid over the officer's districts, drawn on the server as SVG in the deployment's own
 * projected metres: no tiles, no external fetch, works offline and in print. Every cell names
 * itself on hover (title); a flagged cell links to its entry in the ranked list.
 */
export function ForecastMap({ grid, cells, areas, labels, coverage }: { grid: ForecastGrid; cells: ServedCell[]; areas: { code: string; geometry: AreaGeometry }[]; labels: MapLabels; coverage: number }) {
  const projection = transverseMercator(grid.centralMeridian);
  const outlines = areas.map((area) => ({
    code: area.code,
    rings: ((area.geometry.type === "Polygon" ? [area.geometry.coordinates] : area.geometry.coordinates) as number[][][][]).flatMap((polygon) =>
      polygon.map((ring) => ring.map(([lon = 0, lat = 0]) => projection.forward(lon, lat))),
    ),
  }));
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { rings } of outlines) {
    for (const ring of rings) {
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
  const size = (grid.cellSize * scale).toFixed(2);
  const unflagged = cells.filter((c) => !c.flagged).length;
  const flaggedRanks = cells.filter((c) => c.flagged).length;
  const shadeOf = (cell: ServedCell) => {
    if (cell.risk <= 0) return SHADES[0]!;
    const position = (cell.rank - flaggedRanks) / Math.max(1, unflagged);
    return SHADES[Math.max(1, SHADES.length - 1 - Math.floor(position * (SHADES.length - 1)))]!;
  };
  const areaList = areas.map((a) => a.code).join(", ");
  const title = (cell: ServedCell) => format(labels.cellTitle, { cell: cell.cell, area: cell.areaCode, rank: cell.rank, expected: cell.expected.toFixed(2) });
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${height.toFixed(0)}`}
        role="img"
        aria-label={format(labels.mapLabel, { cells: cells.length, areas: areaList, flagged: flaggedRanks })}
        className="h-auto w-full rounded border border-slate-300 bg-white"
        data-testid="forecast-map"
      >
        <title>{labels.mapTitle}</title>
        {cells.map((cell) => {
          const [west, , , north] = cellBounds(grid, cell.cell);
          const rect = <rect x={px(west)} y={py(north)} width={size} height={size} fill={cell.flagged ? FLAGGED : shadeOf(cell)} fillOpacity={cell.flagged ? 0.85 : 1} />;
          return cell.flagged ? (
            <a key={cell.cell} href={`#cell-${cell.cell}`} data-flagged="true">
              <title>{title(cell)}</title>
              {rect}
            </a>
          ) : (
            <g key={cell.cell}>
              <title>{title(cell)}</title>
              {rect}
            </g>
          );
        })}
        {outlines.map((outline) => (
          <path key={outline.code} d={outline.rings.map((ring) => `M${ring.map(([x, y]) => `${px(x)},${py(y)}`).join("L")}Z`).join("")} fill="none" stroke="#1e3a8a" strokeWidth={1.5} />
        ))}
      </svg>
      <figcaption className="flex flex-wrap items-center gap-4 text-sm" aria-label={labels.legendTitle}>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 border border-slate-400" style={{ background: FLAGGED }} /> {format(labels.legendFlagged, { share: `${Math.round(coverage * 100)} %` })}
        </span>
        <span className="flex items-center gap-1">
          {SHADES.slice().reverse().map((shade) => (
            <span key={shade} className="inline-block h-3 w-3 border border-slate-300" style={{ background: shade }} />
          ))}
          {labels.legendHigh} → {labels.legendLow}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-0 w-4 border-t-2" style={{ borderColor: "#1e3a8a" }} /> {labels.legendArea}
        </span>
      </figcaption>
    </figure>
  );
}
