/**
 * The audit report's charts as SVG drawn on the server: no chart library, no script, readable in
 * print and by screen readers (each chart has a title and a description; values are also in the
 * report's tables).
 */
import { format } from "@/lib/i18n/locales";

const W = 480;
const H = 300;
const M = { left: 56, right: 16, top: 14, bottom: 46 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const MODEL = "#1d4ed8";
const NAIVE = "#64748b";

type Interval = { estimate: number; lower: number; upper: number };

/** Round ticks from 0 to the first one at or above `max`: 1, 2 or 5 × a power of ten, about `count` of them. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / step - 1e-9) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

const short = (v: number) => (Math.abs(v) >= 10 || v === 0 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(1));

function Frame({ id, title, description, xLabel, yLabel, children }: { id: string; title: string; description: string; xLabel: string; yLabel: string; children: React.ReactNode }) {
  return (
    <figure className="break-inside-avoid">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-auto w-full max-w-xl" data-testid={id}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <rect x={M.left} y={M.top} width={PLOT_W} height={PLOT_H} fill="white" stroke="#cbd5e1" />
        {children}
        <text x={M.left + PLOT_W / 2} y={H - 8} textAnchor="middle" fontSize={12} fill="#334155">{xLabel}</text>
        <text x={14} y={M.top + PLOT_H / 2} textAnchor="middle" fontSize={12} fill="#334155" transform={`rotate(-90 14 ${M.top + PLOT_H / 2})`}>{yLabel}</text>
      </svg>
      <figcaption className="text-xs text-slate-600">{description}</figcaption>
    </figure>
  );
}

function Axes({ xTicks, yTicks, x, y, xText = short, yText = short }: { xTicks: number[]; yTicks: number[]; x: (v: number) => number; y: (v: number) => number; xText?: (v: number) => string; yText?: (v: number) => string }) {
  return (
    <g fontSize={10} fill="#475569" aria-hidden="true">
      {xTicks.map((t) => (
        <g key={`x${t}`}>
          <line x1={x(t)} x2={x(t)} y1={M.top + PLOT_H} y2={M.top + PLOT_H + 4} stroke="#475569" />
          <line x1={x(t)} x2={x(t)} y1={M.top} y2={M.top + PLOT_H} stroke="#f1f5f9" />
          <text x={x(t)} y={M.top + PLOT_H + 16} textAnchor="middle">{xText(t)}</text>
        </g>
      ))}
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left - 4} x2={M.left} y1={y(t)} y2={y(t)} stroke="#475569" />
          <line x1={M.left} x2={M.left + PLOT_W} y1={y(t)} y2={y(t)} stroke="#f1f5f9" />
          <text x={M.left - 7} y={y(t) + 3} textAnchor="end">{yText(t)}</text>
        </g>
      ))}
    </g>
  );
}

function Legend({ items }: { items: { label: string; color: string; dash?: string; marker?: "circle" | "square" | "diamond" }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1">
          <svg width={22} height={10} aria-hidden="true">
            {item.marker === "circle" ? <circle cx={11} cy={5} r={4} fill={item.color} /> : item.marker === "square" ? <rect x={7} y={1} width={8} height={8} fill={item.color} /> : item.marker === "diamond" ? <path d="M11 0 L16 5 L11 10 L6 5 Z" fill="white" stroke={item.color} strokeWidth={1.5} /> : <line x1={0} x2={22} y1={5} y2={5} stroke={item.color} strokeWidth={2} strokeDasharray={item.dash} />}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface CaptureLabels {
  captureTitle: string;
  captureDesc: string;
  captureX: string;
  captureY: string;
  randomLine: string;
  coverageMark: string;
  modelRow: string;
  naiveRow: string;
}

/** Cumulative share of incidents captured against the share of area flagged, for the version and the naive baseline. */
export function CaptureChart({ model, naive, coverage, labels }: { model: [number, number][]; naive: [number, number][]; coverage: number; labels: CaptureLabels }) {
  const x = (v: number) => M.left + v * PLOT_W;
  const y = (v: number) => M.top + (1 - v) * PLOT_H;
  const path = (points: [number, number][]) => points.map(([a, b], i) => `${i === 0 ? "M" : "L"}${x(a).toFixed(1)},${y(b).toFixed(1)}`).join("");
  const percent = (v: number) => `${Math.round(v * 100)}`;
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return (
    <div className="space-y-1">
      <h4 className="font-semibold">{labels.captureTitle}</h4>
      <Frame id="capture-chart" title={labels.captureTitle} description={labels.captureDesc} xLabel={labels.captureX} yLabel={labels.captureY}>
        <Axes xTicks={grid} yTicks={grid} x={x} y={y} xText={percent} yText={percent} />
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#94a3b8" strokeDasharray="2 3" />
        <line x1={x(coverage)} x2={x(coverage)} y1={M.top} y2={M.top + PLOT_H} stroke="#b45309" strokeDasharray="5 3" />
        <text x={x(coverage) + 4} y={M.top + 12} fontSize={10} fill="#b45309">{format(labels.coverageMark, { pct: `${(coverage * 100).toFixed(0)} %` })}</text>
        <path d={path(naive)} fill="none" stroke={NAIVE} strokeWidth={1.5} strokeDasharray="6 3" />
        <path d={path(model)} fill="none" stroke={MODEL} strokeWidth={2} />
      </Frame>
      <Legend items={[{ label: labels.modelRow, color: MODEL }, { label: labels.naiveRow, color: NAIVE, dash: "6 3" }, { label: labels.randomLine, color: "#94a3b8", dash: "2 3" }]} />
    </div>
  );
}

export interface CalibrationLabels {
  calibrationTitle: string;
  calibrationDesc: string;
  calibrationX: string;
  calibrationY: string;
  modelRow: string;
  naiveRow: string;
}

/** Mean observed against mean predicted count per decile of prediction, with the diagonal of perfect calibration. */
export function CalibrationChart({ model, naive, labels }: { model: { predicted: number; observed: number }[]; naive: { predicted: number; observed: number }[]; labels: CalibrationLabels }) {
  const values = [...model, ...naive].flatMap((bin) => [bin.predicted, bin.observed]).filter(Number.isFinite);
  const top = ticks(Math.max(...values, 1e-6) * 1.05);
  const max = top.at(-1) ?? 1;
  const x = (v: number) => M.left + (v / max) * PLOT_W;
  const y = (v: number) => M.top + (1 - v / max) * PLOT_H;
  return (
    <div className="space-y-1">
      <h4 className="font-semibold">{labels.calibrationTitle}</h4>
      <Frame id="calibration-chart" title={labels.calibrationTitle} description={labels.calibrationDesc} xLabel={labels.calibrationX} yLabel={labels.calibrationY}>
        <Axes xTicks={top} yTicks={top} x={x} y={y} />
        <line x1={x(0)} y1={y(0)} x2={x(max)} y2={y(max)} stroke="#94a3b8" strokeDasharray="2 3" />
        {naive.map((bin, i) => <rect key={`n${i}`} x={x(bin.predicted) - 3.5} y={y(bin.observed) - 3.5} width={7} height={7} fill={NAIVE}><title>{`${labels.naiveRow}: ${bin.predicted.toFixed(3)} → ${bin.observed.toFixed(3)}`}</title></rect>)}
        {model.map((bin, i) => <circle key={`m${i}`} cx={x(bin.predicted)} cy={y(bin.observed)} r={4} fill={MODEL}><title>{`${labels.modelRow}: ${bin.predicted.toFixed(3)} → ${bin.observed.toFixed(3)}`}</title></circle>)}
      </Frame>
      <Legend items={[{ label: labels.modelRow, color: MODEL, marker: "circle" }, { label: labels.naiveRow, color: NAIVE, marker: "square" }]} />
    </div>
  );
}

export interface DisparityLabels {
  disparityTitle: string;
  disparityDesc: string;
  disparityAxis: string;
  modelRow: string;
  reportedOnlyColumn: string;
}

/** Each group's disparity with its interval on a log axis, over the shaded review band; reported-only estimates as hollow diamonds. */
export function DisparityChart({ groups, band, reference, labels }: { groups: { group: string; disparity: Interval; reportedOnly?: number; outsideBand: boolean }[]; band: [number, number]; reference: string; labels: DisparityLabels }) {
  const finite = groups.flatMap((g) => [g.disparity.lower, g.disparity.upper, g.reportedOnly ?? 1]).filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.min(0.5, ...finite.map((v) => v / 1.1));
  const hi = Math.max(2, ...finite.map((v) => v * 1.1));
  const rowH = 28;
  const height = M.top + groups.length * rowH + 40;
  const left = 96;
  const width = W - left - M.right;
  const x = (v: number) => left + ((Math.log(Math.min(Math.max(v, lo), hi)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * width;
  const tickValues = [0.25, 0.5, 0.8, 1, 1.25, 1.5, 2, 3, 4, 8].filter((v) => v >= lo && v <= hi);
  const description = format(labels.disparityDesc, { reference, lo: band[0], hi: band[1] });
  return (
    <div className="space-y-1">
      <h4 className="font-semibold">{labels.disparityTitle}</h4>
      <figure className="break-inside-avoid">
        <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby="disparity-chart-title disparity-chart-desc" className="h-auto w-full max-w-xl" data-testid="disparity-chart">
          <title id="disparity-chart-title">{labels.disparityTitle}</title>
          <desc id="disparity-chart-desc">{description}</desc>
          <rect x={x(band[0])} y={M.top} width={x(band[1]) - x(band[0])} height={groups.length * rowH} fill="#dcfce7" />
          <line x1={x(1)} x2={x(1)} y1={M.top} y2={M.top + groups.length * rowH} stroke="#166534" />
          <g fontSize={10} fill="#475569" aria-hidden="true">
            {tickValues.map((t) => (
              <g key={t}>
                <line x1={x(t)} x2={x(t)} y1={M.top + groups.length * rowH} y2={M.top + groups.length * rowH + 4} stroke="#475569" />
                <text x={x(t)} y={M.top + groups.length * rowH + 16} textAnchor="middle">{t}</text>
              </g>
            ))}
          </g>
          {groups.map((g, i) => {
            const cy = M.top + i * rowH + rowH / 2;
            const color = g.outsideBand ? "#b91c1c" : MODEL;
            return (
              <g key={g.group}>
                <text x={left - 8} y={cy + 4} textAnchor="end" fontSize={12} fill="#0f172a">{g.group}</text>
                {Number.isFinite(g.disparity.lower) && Number.isFinite(g.disparity.upper) && <line x1={x(g.disparity.lower)} x2={x(g.disparity.upper)} y1={cy} y2={cy} stroke={color} strokeWidth={2} />}
                {Number.isFinite(g.disparity.estimate) && (
                  <circle cx={x(g.disparity.estimate)} cy={cy} r={5} fill={color}>
                    <title>{`${g.group}: ${g.disparity.estimate.toFixed(3)} [${g.disparity.lower.toFixed(3)}, ${g.disparity.upper.toFixed(3)}]`}</title>
                  </circle>
                )}
                {g.reportedOnly !== undefined && Number.isFinite(g.reportedOnly) && (
                  <path d={`M${x(g.reportedOnly)} ${cy - 6} L${x(g.reportedOnly) + 6} ${cy} L${x(g.reportedOnly)} ${cy + 6} L${x(g.reportedOnly) - 6} ${cy} Z`} fill="none" stroke="#7c3aed" strokeWidth={1.5}>
                    <title>{`${labels.reportedOnlyColumn}: ${g.reportedOnly.toFixed(3)}`}</title>
                  </path>
                )}
              </g>
            );
          })}
          <text x={left + width / 2} y={height - 6} textAnchor="middle" fontSize={12} fill="#334155">{labels.disparityAxis}</text>
        </svg>
        <figcaption className="text-xs text-slate-600">{description}</figcaption>
      </figure>
      <Legend items={[{ label: labels.modelRow, color: MODEL, marker: "circle" }, ...(groups.some((g) => g.reportedOnly !== undefined) ? [{ label: labels.reportedOnlyColumn, color: "#7c3aed", marker: "diamond" as const }] : [])]} />
    </div>
  );
}
