import type { AccuracySummary, AuditReport as Report, CriterionResult, GroupBias } from "@/lib/audit";
import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";
import { CalibrationChart, CaptureChart, DisparityChart } from "./charts";
import { FlagMap } from "./flag-map";

type Labels = Messages["registry"];
type Interval = { estimate: number; lower: number; upper: number };

/**
 * A stored report as read back from JSON: undefined ratios were stored as null, and reports
 * written before a section was kept lack it.
 */
export type StoredReport = Omit<Report, "accuracy" | "map"> & {
  accuracy: { model: StoredAccuracy; naive: StoredAccuracy; paiDifference: Interval };
  map?: Report["map"];
};
type StoredAccuracy = Omit<AccuracySummary, "capture"> & { capture?: AccuracySummary["capture"] };

export interface Override {
  approver: string;
  at: Date;
  text: string;
}

const n = (value: number | null | undefined, digits = 3) => (typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—");
const ci = (i: Interval) => `${n(i.estimate)} [${n(i.lower)}, ${n(i.upper)}]`;
const section = "space-y-3 break-inside-avoid";

/** The group whose disparity is furthest from parity (on a log scale): the one the map shows. */
function furthestGroup(report: StoredReport): GroupBias | undefined {
  const distance = (g: GroupBias) => (Number.isFinite(g.disparity.estimate) && g.disparity.estimate > 0 ? Math.abs(Math.log(g.disparity.estimate)) : -1);
  return report.bias.filter((g) => g.group !== report.reference).sort((a, b) => distance(b) - distance(a))[0];
}

function criterionDetail(c: CriterionResult, report: StoredReport, labels: Labels): string {
  switch (c.criterion) {
    case "margin_over_naive":
      return format(labels.criterionDetails.margin_over_naive, { pai: n(report.accuracy.model.pai.estimate), naive: n(report.accuracy.naive.pai.estimate) });
    case "disparity_band":
      return format(labels.criterionDetails.disparity_band, { group: report.bias.find((g) => g.disparity.estimate === c.measured)?.group ?? "—" });
    case "false_positive_disparity":
      return format(labels.criterionDetails.false_positive_disparity, { group: report.bias.find((g) => g.group !== report.reference && g.falsePositiveDisparity.estimate === c.measured)?.group ?? "—" });
    default:
      return labels.criterionDetails[c.criterion];
  }
}

/**
 * The whole stored report, printable: accuracy against naive with the capture curve and
 * calibration, exposure and disparity against the review band, the reported-only comparison,
 * the feedback loop, displacement and stability, the map of flagged cells over residents, and
 * each criterion with the approvers' override justifications.
 */
export function AuditReport({ report, labels, overrides }: { report: StoredReport; labels: Labels; overrides: Override[] }) {
  const { model, naive } = report.accuracy;
  const maxExposure = Math.max(...report.bias.map((b) => b.exposure.upper).filter(Number.isFinite), 1e-9);
  const reportedOnly = report.reportedOnly.status === "measured" ? new Map(report.reportedOnly.bias.map((g) => [g.group, g])) : null;
  const mapGroup = furthestGroup(report)?.group;
  const verdict = report.policy.verdict;
  const rows: [string, StoredAccuracy][] = [
    [labels.modelRow, model],
    [labels.naiveRow, naive],
  ];
  return (
    <section className="space-y-6 rounded border border-slate-200 bg-white p-4 print:border-0 print:p-0" data-testid="audit-report">
      <h2 className="text-lg font-semibold">
        {labels.reportTitle} · <span className={verdict === "fail" ? "text-red-800" : "text-green-800"} data-testid="audit-verdict">{format(labels.verdictLine, { verdict: labels.verdicts[verdict] })}</span>
      </h2>

      <div className={section}>
        <h3 className="font-semibold">{labels.accuracy}</h3>
        <table className="w-full text-left text-sm" data-testid="accuracy-table">
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
            <tr className="border-t border-slate-100">
              <th scope="row" className="pr-3 text-left font-normal">{labels.difference}</th>
              <td className="pr-3 tabular-nums" colSpan={6}>{ci(report.accuracy.paiDifference)}</td>
            </tr>
          </tbody>
        </table>
        <div className="grid gap-4 lg:grid-cols-2">
          {model.capture && naive.capture ? <CaptureChart model={model.capture} naive={naive.capture} coverage={report.protocol.coverage} labels={labels} /> : <p className="text-sm text-slate-600">{labels.captureTitle}: {labels.notInReport}</p>}
          <CalibrationChart model={model.calibration} naive={naive.calibration} labels={labels} />
        </div>
      </div>

      <div className={section}>
        <h3 className="font-semibold">{labels.bias} <span className="text-sm font-normal text-slate-500">({format(labels.reference, { group: report.reference })})</span></h3>
        <table className="w-full text-left text-sm" data-testid="bias-table">
          <thead><tr>{[labels.group, labels.exposure, "", labels.disparity, labels.needAdjusted, labels.fpDisparity].map((h, i) => <th key={i} scope="col" className="pr-3">{h}</th>)}</tr></thead>
          <tbody>
            {report.bias.map((b) => (
              <tr key={b.group} className="border-t border-slate-100">
                <th scope="row" className="pr-3 text-left font-normal">{b.group}</th>
                <td className="pr-3 tabular-nums">{ci(b.exposure)}</td>
                <td className="w-40 pr-3">
                  <svg viewBox="0 0 100 10" className="h-3 w-full" role="img" aria-label={`${labels.exposure} ${b.group}: ${ci(b.exposure)}`}>
                    <rect x={0} y={2} width={(100 * (Number.isFinite(b.exposure.estimate) ? b.exposure.estimate : 0)) / maxExposure} height={6} fill="#1d4ed8" />
                    <line x1={(100 * b.exposure.lower) / maxExposure} x2={(100 * b.exposure.upper) / maxExposure} y1={5} y2={5} stroke="#0f172a" strokeWidth={1.5} />
                  </svg>
                </td>
                <td className={`pr-3 tabular-nums ${b.outsideBand ? "font-semibold text-red-800" : ""}`}>{ci(b.disparity)}</td>
                <td className="pr-3 tabular-nums">{ci(b.needAdjusted)}</td>
                <td className="pr-3 tabular-nums">{ci(b.falsePositiveDisparity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <DisparityChart
          groups={report.bias.map((g) => ({ group: g.group, disparity: g.disparity, outsideBand: g.outsideBand, ...(reportedOnly?.get(g.group) ? { reportedOnly: reportedOnly.get(g.group)!.disparity.estimate } : {}) }))}
          band={report.band}
          reference={report.reference}
          labels={labels}
        />
      </div>

      <div className={section} data-testid="reported-only">
        <h3 className="font-semibold">{labels.reportedOnlyTitle}</h3>
        {report.reportedOnly.status === "measured" ? (
          <table className="w-full text-left text-sm">
            <thead><tr>{[labels.group, labels.disparity, labels.reportedOnlyColumn, labels.difference].map((h) => <th key={h} scope="col" className="pr-3">{h}</th>)}</tr></thead>
            <tbody>
              {report.bias.map((g) => {
                const other = reportedOnly?.get(g.group);
                return (
                  <tr key={g.group} className="border-t border-slate-100">
                    <th scope="row" className="pr-3 text-left font-normal">{g.group}</th>
                    <td className="pr-3 tabular-nums">{ci(g.disparity)}</td>
                    <td className="pr-3 tabular-nums">{other ? ci(other.disparity) : "—"}</td>
                    <td className="pr-3 tabular-nums">{other ? n(g.disparity.estimate - other.disparity.estimate) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">{format(labels.notMeasurable, { reason: report.reportedOnly.reason })}</p>
        )}
      </div>

      <dl className="grid gap-1 text-sm sm:grid-cols-[20rem_1fr]" data-testid="loop-stability-displacement">
        <dt className="text-slate-500">{labels.feedback}</dt>
        <dd>{report.feedback.status === "measured" ? ci(report.feedback.ratio) : format(labels.notMeasurable, { reason: report.feedback.reason })}</dd>
        <dt className="text-slate-500">{labels.stability}</dt>
        <dd>{report.stability.status === "measured" ? format(labels.stabilityValue, { rho: n(report.stability.meanSpearman), overlap: n(report.stability.meanOverlap) }) : format(labels.notMeasurable, { reason: report.stability.reason ?? "" })}</dd>
        <dt className="text-slate-500">{labels.displacement}</dt>
        <dd>
          {report.displacement.status === "measured"
            ? format(labels.displacementMeasured, {
                wdq: n(report.displacement.wdq),
                targets: report.displacement.design?.targetCells ?? "—",
                buffer: report.displacement.design?.bufferCells ?? "—",
                control: report.displacement.design?.controlCells ?? "—",
                days: report.displacement.design ? report.displacement.design.after[1] - report.displacement.design.after[0] : "—",
              })
            : report.displacement.reason}
        </dd>
      </dl>

      <div className={section}>
        {report.map && mapGroup ? <FlagMap map={report.map} group={mapGroup} labels={labels} /> : <p className="text-sm text-slate-600">{labels.mapTitle}: {labels.notInReport}</p>}
      </div>

      <div className={section}>
        <h3 className="font-semibold">{labels.criteria}</h3>
        <table className="w-full text-left text-sm" data-testid="criteria-table">
          <thead><tr>{[labels.criterion, labels.measured, labels.threshold, labels.outcome].map((h) => <th key={h} scope="col" className="pr-3">{h}</th>)}</tr></thead>
          <tbody>
            {report.policy.criteria.map((c) => (
              <tr key={c.criterion} className="border-t border-slate-100" data-criterion={c.criterion}>
                <th scope="row" className="pr-3 text-left font-normal">
                  {labels.criterionNames[c.criterion]} <span className="block text-xs text-slate-500">{criterionDetail(c, report, labels)}</span>
                </th>
                <td className="pr-3 tabular-nums">{n(c.measured)}</td>
                <td className="pr-3">{c.threshold}</td>
                <td className={`pr-3 ${c.outcome === "fail" ? "font-semibold text-red-800" : c.outcome === "pass" ? "text-green-800" : "text-slate-600"}`}>{labels.outcomes[c.outcome]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.policy.unmeasured.length > 0 && <p className="text-xs text-slate-600">{format(labels.unmeasuredNote, { criteria: report.policy.unmeasured.map((c) => labels.criterionNames[c]).join(", ") })}</p>}
        <h4 className="font-semibold">{labels.overridesTitle}</h4>
        {overrides.length === 0 ? (
          <p className="text-sm text-slate-600">{labels.noOverrides}</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="overrides">
            {overrides.map((o) => (
              <li key={o.approver} className="border-l-4 border-amber-500 pl-2">
                <span className="text-slate-500">{format(labels.overrideBy, { approver: o.approver, date: o.at.toISOString().slice(0, 10) })}:</span> {o.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
