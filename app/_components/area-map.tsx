import type { AreaGeometry } from "@/db/schema";

/**
 * Area outlines as an SVG, drawn on the server: no tiles, no external fetch, works offline and
 * in print. Longitude is scaled by cos(latitude) so shapes keep their proportions.
 */
export function AreaMap({ areas, title }: { areas: { code: string; name: string; geometry: AreaGeometry }[]; title: string }) {
  const rings = areas.map((area) => ({
    ...area,
    polygons: (area.geometry.type === "Polygon" ? [area.geometry.coordinates] : area.geometry.coordinates) as number[][][][],
  }));
  const points = rings.flatMap((area) => area.polygons.flatMap((polygon) => polygon[0] ?? []));
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0] ?? 0);
  const lats = points.map((p) => p[1] ?? 0);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const squeeze = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 800;
  const scale = width / Math.max(1e-9, (maxLon - minLon) * squeeze);
  const height = Math.max(1, (maxLat - minLat) * scale);
  const project = ([lon = 0, lat = 0]: number[]) => `${((lon - minLon) * squeeze * scale).toFixed(1)},${((maxLat - lat) * scale).toFixed(1)}`;
  return (
    <svg viewBox={`0 0 ${width} ${height.toFixed(0)}`} role="img" aria-label={title} className="h-auto w-full rounded border border-slate-200 bg-white" data-testid="area-map">
      <title>{title}</title>
      {rings.map((area) => (
        <g key={area.code}>
          <title>{`${area.code} ${area.name}`}</title>
          {area.polygons.map((polygon, i) => (
            <path
              key={i}
              d={polygon.map((ring) => `M${ring.map(project).join("L")}Z`).join("")}
              fillRule="evenodd"
              className="fill-brand-50 stroke-brand-700 hover:fill-amber-100"
              strokeWidth={1}
            />
          ))}
        </g>
      ))}
    </svg>
  );
}
