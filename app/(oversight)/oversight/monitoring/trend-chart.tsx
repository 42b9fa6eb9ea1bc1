/**
 * One monitored metric by month against its threshold, as SVG drawn on the server: no chart
 * library, no script, readable in print and by screen readers (title and description; the values
 * are also in the run table).
 */
import type { TrendPoint } from "@/lib/monitoring";

const W = 520;
const H = 250;
const M = { left: 52, right: 16, top: 14, bottom: 44 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const PASS = "#1d4ed8";
const BREACH = "#b91c1c";
const LIMIT = "#b45309";

export interface TrendLabels {
  title: string;
  description: string;
  month: string;
  axis: string;
  threshold: string;
  notMeasurable: string;
  unbounded: string;
}

const short = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 || v === 0 ? v.toFixed(1) : v.toFixed(2));

/** Round ticks covering [lo, hi]: 1, 2 or 5 × a power of ten, about five of them. */
function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  // From the tick at or below `lo` to the first at or above `hi`, so nothing drawn is clipped.
  const out: number[] = [];
  for (let t = Math.floor(lo / step) * step; out.length < 50; t += step) {
    out.push(Number(t.toPrecision(12)));
    if (t >= hi - 1e-9) break;
  }
  return out;
}

const limitValues = (limit: TrendPoint["limit"]) => ("min" in limit ? [limit.min] : "max" in limit ? [limit.max] : limit.band);

export function TrendChart({ id, points, labels }: { id: string; points: TrendPoint[]; labels: TrendLabels }) {
  const values = points.flatMap((p) => [p.value, p.interval?.lower, p.interval?.upper, ...limitValues(p.limit)]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const yTicks = ticks(Math.min(0, ...values), Math.max(1, ...values) * 1.1);
  const [lo, hi] = [yTicks[0]!, yTicks.at(-1)!];
  const x = (i: number) => M.left + ((i + 0.5) / Math.max(1, points.length)) * PLOT_W;
  const y = (v: number) => M.top + (1 - (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * PLOT_H;
  const half = PLOT_W / Math.max(1, points.length) / 2;
  return (
    <figure className="break-inside-avoid space-y-1">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-auto w-full max-w-xl" data-testid={id}>
        <title id={`${id}-title`}>{labels.title}</title>
        <desc id={`${id}-desc`}>{labels.description}</desc>
        <rect x={M.left} y={M.top} width={PLOT_W} height={PLOT_H} fill="white" stroke="#cbd5e1" />
        {/* The acceptable region of each month's threshold: a band shaded green, a minimum or maximum as a dashed line with the breach side tinted. */}
        {points.map((p, i) => {
          const [a, b] = [x(i) - half, x(i) + half];
          if ("band" in p.limit) return <rect key={`l${i}`} x={a} width={b - a} y={y(p.limit.band[1])} height={y(p.limit.band[0]) - y(p.limit.band[1])} fill="#dcfce7" />;
          const edge = "min" in p.limit ? p.limit.min : p.limit.max;
          return (
            <g key={`l${i}`}>
              <rect x={a} width={b - a} y={"min" in p.limit ? y(edge) : M.top} height={"min" in p.limit ? M.top + PLOT_H - y(edge) : y(edge) - M.top} fill="#fef2f2" />
              <line x1={a} x2={b} y1={y(edge)} y2={y(edge)} stroke={LIMIT} strokeWidth={1.5} strokeDasharray="5 3" />
            </g>
          );
        })}
        <g fontSize={10} fill="#475569" aria-hidden="true">
          {yTicks.map((t) => (
            <g key={`y${t}`}>
              <line x1={M.left - 4} x2={M.left} y1={y(t)} y2={y(t)} stroke="#475569" />
              <text x={M.left - 7} y={y(t) + 3} textAnchor="end">{short(t)}</text>
            </g>
          ))}
          {points.map((p, i) => (
            <text key={`x${p.month}`} x={x(i)} y={M.top + PLOT_H + 16} textAnchor="middle">{p.month}</text>
          ))}
        </g>
        <path
          d={points.map((p, i) => (p.value === null ? "" : `${i > 0 && points[i - 1]?.value !== null ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`)).join("")}
          fill="none"
          stroke="#94a3b8"
          strokeWidth={1}
        />
        {points.map((p, i) => {
          const color = p.status === "breach" ? BREACH : PASS;
          const text = `${p.month}: ${p.value === null ? (p.status === "breach" ? labels.unbounded : labels.notMeasurable) : p.value.toFixed(3)}${p.interval ? ` [${p.interval.lower.toFixed(3)}, ${p.interval.upper.toFixed(3)}]` : ""} (${labels.threshold} ${p.threshold})`;
          if (p.value === null && p.status === "breach") {
            return (
              <path key={p.month} d={`M${x(i)} ${M.top + 2} L${x(i) + 6} ${M.top + 12} L${x(i) - 6} ${M.top + 12} Z`} fill={BREACH} data-status="breach">
                <title>{text}</title>
              </path>
            );
          }
          if (p.value === null) {
            return (
              <g key={p.month} data-status="not_measurable">
                <title>{text}</title>
                <path d={`M${x(i) - 4} ${M.top + PLOT_H - 10} l8 8 m0 -8 l-8 8`} stroke="#64748b" strokeWidth={1.5} />
              </g>
            );
          }
          return (
            <g key={p.month} data-status={p.status}>
              <title>{text}</title>
              {p.interval && <line x1={x(i)} x2={x(i)} y1={y(p.interval.lower)} y2={y(p.interval.upper)} stroke={color} strokeWidth={2} />}
              <circle cx={x(i)} cy={y(p.value)} r={5} fill={color} />
            </g>
          );
        })}
        <text x={M.left + PLOT_W / 2} y={H - 8} textAnchor="middle" fontSize={12} fill="#334155">{labels.month}</text>
        <text x={14} y={M.top + PLOT_H / 2} textAnchor="middle" fontSize={12} fill="#334155" transform={`rotate(-90 14 ${M.top + PLOT_H / 2})`}>{labels.axis}</text>
      </svg>
      <figcaption className="text-xs text-slate-600">{labels.description}</figcaption>
    </figure>
  );
}
