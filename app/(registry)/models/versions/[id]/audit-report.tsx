import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";

type Labels = Messages["registry"];
type Interval = { estimate: number; lower: number; upper: number };
interface Accuracy {
  hitRate: number;
  pai: Interval;
  peiStar: number;
  captureAuc: number;
  falsePositives: number;
  falseNegatives: number;
}
export interface StoredReport {
  reference?: string;
  accuracy: { model: Accuracy; naive: Accuracy; paiDifference: Interval };
  bias: { group: string; exposure: Interval; disparity: Interval; needAdjusted: Interval; falsePositiveDisparity: Interval; outsideBand: boolean }[];
  feedback: { ratio?: Interval; status?: string; reason?: string };
  stability: { meanSpearman: number; meanOverlap: number };
  displacement: { status: string; reason?: string };
  policy: { verdict: string; criteria: { criterion: string; outcome: string; measured: number | null; threshold: string; detail: string }[] };
}

const n = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : "—");
const ci = (i: Interval) => `${n(i.estimate)} [${n(i.lower)}, ${n(i.upper)}]`;

/** The stored report, printable: accuracy against naive, exposure bars with intervals, criteria. */
export function AuditReport({ report, labels }: { report: StoredReport; labels: Labels }) {
  const maxExposure = Math.max(...report.bias.map((b) => b.exposure.upper), 1e-9);
  const rows: [string, Accuracy][] = [
    [labels.modelRow, report.accuracy.model],
    [labels.naiveRow, report.accuracy.naive],
  ];
  return (
    <section className="space-y-4 rounded border border-slate-200 bg-white p-4" data-testid="audit-report">
      <h2 className="text-lg font-semibold">{labels.reportTitle} · {report.policy.verdict.toUpperCase()}</h2>
      <h3 className="font-semibold">{labels.accuracy}</h3>
      <table className="w-full text-left text-sm">
        <thead><tr>{["", labels.pai, labels.hitRate, labels.pei, labels.auc, labels.falsePositives, labels.falseNegatives].map((h, i) => <th key={i} scope="col" className="pr-3">{h}</th>)}</tr></thead>
        <tbody>
          {rows.map(([name, a]) => (
            <tr key={name} className="border-t border-slate-100">
              <th scope="row" className="pr-3 text-left font-normal">{name}</th>
              <td className="pr-3 tabular-nums">{ci(a.pai)}</td>
              <td className="pr-3 tabular-nums">{n(a.hitRate)}</td>
              <td className="pr-3 tabular-nums">{n(a.peiStar)}</td>
              <td className="pr-3 tabular-nums">{n(a.captureAuc)}</td>
              <td className="pr-3 tabular-nums">{a.falsePositives}</td>
              <td className="pr-3 tabular-nums">{a.falseNegatives}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="font-semibold">{labels.bias} <span className="text-sm font-normal text-slate-500">({format(labels.reference, { group: report.reference ?? "—" })})</span></h3>
      <table className="w-full text-left text-sm" data-testid="bias-table">
        <thead><tr>{[labels.group, labels.exposure, "", labels.disparity, labels.needAdjusted, labels.fpDisparity].map((h, i) => <th key={i} scope="col" className="pr-3">{h}</th>)}</tr></thead>
        <tbody>
          {report.bias.map((b) => (
            <tr key={b.group} className="border-t border-slate-100">
              <th scope="row" className="pr-3 text-left font-normal">{b.group}</th>
              <td className="pr-3 tabular-nums">{ci(b.exposure)}</td>
              <td className="w-40 pr-3">
                <svg viewBox="0 0 100 10" className="h-3 w-full" role="img" aria-label={ci(b.exposure)}>
                  <rect x={0} y={2} width={(100 * b.exposure.estimate) / maxExposure} height={6} className="fill-brand-600" />
                  <line x1={(100 * b.exposure.lower) / maxExposure} x2={(100 * b.exposure.upper) / maxExposure} y1={5} y2={5} className="stroke-slate-900" strokeWidth={1.5} />
                </svg>
              </td>
              <td className={`pr-3 tabular-nums ${b.outsideBand ? "font-semibold text-red-800" : ""}`}>{ci(b.disparity)}</td>
              <td className="pr-3 tabular-nums">{ci(b.needAdjusted)}</td>
              <td className="pr-3 tabular-nums">{ci(b.falsePositiveDisparity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="grid gap-1 text-sm sm:grid-cols-[20rem_1fr]">
        <dt className="text-slate-500">{labels.feedback}</dt>
        <dd>{report.feedback.ratio ? ci(report.feedback.ratio) : format(labels.notMeasurable, { reason: report.feedback.reason ?? "" })}</dd>
        <dt className="text-slate-500">{labels.stability}</dt>
        <dd>{n(report.stability.meanSpearman)} · {n(report.stability.meanOverlap)}</dd>
        <dt className="text-slate-500">{labels.displacement}</dt>
        <dd>{format(labels.notMeasurable, { reason: report.displacement.reason ?? "" })}</dd>
      </dl>
      <h3 className="font-semibold">{labels.criteria}</h3>
      <table className="w-full text-left text-sm" data-testid="criteria-table">
        <thead><tr>{[labels.criterion, labels.measured, labels.threshold, labels.outcome].map((h) => <th key={h} scope="col" className="pr-3">{h}</th>)}</tr></thead>
        <tbody>
          {report.policy.criteria.map((c) => (
            <tr key={c.criterion} className="border-t border-slate-100">
              <th scope="row" className="pr-3 text-left font-normal">{c.criterion} <span className="text-xs text-slate-500">{c.detail}</span></th>
              <td className="pr-3 tabular-nums">{c.measured === null ? "—" : n(c.measured)}</td>
              <td className="pr-3">{c.threshold}</td>
              <td className={`pr-3 ${c.outcome === "fail" ? "font-semibold text-red-800" : c.outcome === "pass" ? "text-green-800" : "text-slate-600"}`}>{c.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
