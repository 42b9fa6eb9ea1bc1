import type { AreaGeometry } from "@/db/schema";

/**
 * Area outlines as an SVG, drawn on the server: no tiles, no external fetch, works offline and
 * in print. Equirectangular around the bounding box: longitude is scaled by cos(mid-latitude)
 * so shapes keep their proportions at city scale. Each area is labelled with its code.
 */
export function AreaMap({ areas, title }: { areas: { code: string; name: string; geometry: AreaGeometry }[]; title: string }) {
  const rings = areas.map((area) => ({
    ...area,
    polygons: (area.geometry.type === "Polygon" ? [area.geometry.coordinates] : area.geometry.coordinates) as number[][][][],
  }));
  const points = rings.flatMap((area) => area.polygons.flatMap((polygon) => polygon[0] ?? []));
  if (points.length === 0) return null;
  // A loop, not Math.min(...points): real boundaries have more vertices than a call may take arguments.
  let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon = 0, lat = 0] of points) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const squeeze = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 800;
  const scale = width / Math.max(1e-9, (maxLon - minLon) * squeeze);
  const height = Math.max(1, (maxLat - minLat) * scale);
  const toXY = ([lon = 0, lat = 0]: number[]): [number, number] => [(lon - minLon) * squeeze * scale, (maxLat - lat) * scale];
  const project = (point: number[]) => toXY(point).map((v) => v.toFixed(1)).join(",");
  // A label sits at the vertex mean of the area's largest outer ring: good enough for compact districts.
  const labelAt = (polygons: number[][][][]): [number, number] => {
    const ring = polygons.map((polygon) => polygon[0] ?? []).reduce((a, b) => (b.length > a.length ? b : a), []);
    const xy = ring.map(toXY);
    return [xy.reduce((s, p) => s + p[0], 0) / Math.max(1, xy.length), xy.reduce((s, p) => s + p[1], 0) / Math.max(1, xy.length)];
  };
  const fontSize = Math.max(7, Math.min(14, width / Math.sqrt(Math.max(1, areas.length)) / 6));
  return (
    <svg viewBox={`0 0 ${width} ${height.toFixed(0)}`} role="img" aria-label={title} className="h-auto max-h-[36rem] w-full rounded border border-slate-200 bg-white" data-testid="area-map">
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
          {(() => {
            const [x, y] = labelAt(area.polygons);
            return (
              <text x={x.toFixed(1)} y={y.toFixed(1)} textAnchor="middle" dominantBaseline="middle" fontSize={fontSize} className="pointer-events-none fill-slate-700" aria-hidden="true">
                {area.code}
              </text>
            );
          })()}
        </g>
      ))}
    </svg>
  );
}
