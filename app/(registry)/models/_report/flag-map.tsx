import type { AuditMap } from "@/lib/audit";
import { format } from "@/lib/i18n/locales";

/** Five classes of a group's share of residents, light to dark; a colour-blind-safe blue ramp. */
const SHADES = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"];
const NO_RESIDENTS = "#e5e7eb";
const FLAGGED = "#f97316";

export interface FlagMapLabels {
  mapTitle: string;
  mapDesc: string;
  mapGroup: string;
  mapNoResidents: string;
  mapFlagged: string;
  mapArea: string;
}

const pct = (v: number) => `${Math.round(v * 100)} %`;

/**
 * The audit's flagged cells over the share of one group's residents, drawn on the server from the
 * report alone: valid cells as runs per row coloured by their area's share of `group`, flagged
 * cells in orange with opacity by the share of periods flagged. Grid units, north up.
 */
export function FlagMap({ map, group, labels }: { map: AuditMap; group: string; labels: FlagMapLabels }) {
  const { nx, ny, cellSize } = map.grid;
  const shareOf = map.areas.map((area) => {
    const total = Object.values(area.residents).reduce((a, b) => a + b, 0);
    return total > 0 ? (area.residents[group] ?? 0) / total : null;
  });
  const shade = (share: number | null) => (share === null ? NO_RESIDENTS : SHADES[Math.min(SHADES.length - 1, Math.floor(share * SHADES.length))]!);
  const byArea = new Map<number, [number, number, number][]>();
  for (const [row, col, length, area] of map.runs) {
    const runs = byArea.get(area) ?? [];
    runs.push([row, col, length]);
    byArea.set(area, runs);
  }
  const kmCells = 1000 / cellSize;
  // Scale-bar text in grid cells: readable whether the map is 40 or 200 cells across.
  const label = Math.max(nx, ny) / 45;
  const title = labels.mapTitle;
  const description = format(labels.mapDesc, { group });
  return (
    <div className="space-y-1">
      <h4 className="font-semibold">{title}</h4>
      <figure className="break-inside-avoid">
        <svg viewBox={`-1 -1 ${nx + 2} ${ny + 4}`} role="img" aria-labelledby="flag-map-title flag-map-desc" className="h-auto max-h-[40rem] w-full rounded border border-slate-200 bg-white" data-testid="flag-map">
          <title id="flag-map-title">{title}</title>
          <desc id="flag-map-desc">{description}</desc>
          {[...byArea.entries()].map(([areaIndex, runs]) => {
            const area = map.areas[areaIndex];
            const share = shareOf[areaIndex] ?? null;
            return (
              <g key={areaIndex} fill={shade(share)}>
                {area && <title>{format(labels.mapArea, { code: area.code, name: area.name, share: share === null ? labels.mapNoResidents : pct(share), group })}</title>}
                {runs.map(([row, col, length]) => <rect key={`${row}-${col}`} x={col} y={ny - 1 - row} width={length} height={1.02} />)}
              </g>
            );
          })}
          <g fill={FLAGGED} stroke="#7c2d12" strokeWidth={0.08} data-testid="flagged-cells">
            {map.flagged.map(([cell, share]) => {
              const col = cell % nx;
              const row = (cell - col) / nx;
              return <rect key={cell} x={col} y={ny - 1 - row} width={1} height={1} fillOpacity={0.3 + 0.7 * share} />;
            })}
          </g>
          <g aria-hidden="true">
            <line x1={0} x2={kmCells} y1={ny + 1.5} y2={ny + 1.5} stroke="#0f172a" strokeWidth={label / 4} />
            <text x={kmCells + label / 2} y={ny + 1.5 + label / 3} fontSize={label} fill="#0f172a">1 km</text>
          </g>
        </svg>
        <figcaption className="text-xs text-slate-600">{description}</figcaption>
      </figure>
      <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-700" aria-label={format(labels.mapGroup, { group })}>
        <li>{format(labels.mapGroup, { group })}:</li>
        {SHADES.map((colour, i) => (
          <li key={colour} className="flex items-center gap-1">
            <span className="inline-block h-3 w-4 border border-slate-300" style={{ background: colour }} aria-hidden="true" />
            {`${(i * 100) / SHADES.length}–${((i + 1) * 100) / SHADES.length} %`}
          </li>
        ))}
        <li className="flex items-center gap-1">
          <span className="inline-block h-3 w-4 border border-slate-300" style={{ background: NO_RESIDENTS }} aria-hidden="true" />
          {labels.mapNoResidents}
        </li>
        <li className="flex items-center gap-1">
          <span className="inline-block h-3 w-4 border border-orange-900" style={{ background: FLAGGED }} aria-hidden="true" />
          {labels.mapFlagged}
        </li>
      </ul>
    </div>
  );
}
