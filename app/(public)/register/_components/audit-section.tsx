import { ScrollRegion } from "@/app/_components/scroll-region";
import type { Locale } from "@/lib/i18n/locales";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import type { AuditSummary } from "@/lib/register/audit-summary";
import { day, interval, num } from "./format";

/** The threshold in symbols only (≥ 2, ≤ 1.25, [0.8, 1.25]), so it reads in any language. */
function thresholdText(c: AuditSummary["criteria"][number]): string {
  if (!c.limit) return c.threshold;
  if ("min" in c.limit) return `≥ ${c.limit.min}`;
  if ("max" in c.limit) return `≤ ${c.limit.max}`;
  return `[${c.limit.band[0]}, ${c.limit.band[1]}]`;
}

const OUTCOME_TONE = { pass: "text-green-900", fail: "font-semibold text-red-900", not_measurable: "text-slate-700" } as const;

/** The latest audit: accuracy against the naive baseline, exposure by group, the verdict per criterion. */
export function AuditSection({ audit, t, locale }: { audit: AuditSummary | null; t: Messages["register"]; locale: Locale }) {
  return (
    <section id="audit" className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="audit-title" data-testid="register-audit">
      <h2 id="audit-title" className="text-lg font-semibold">{t.auditTitle}</h2>
      {!audit ? (
        <p>{t.noAudit}</p>
      ) : (
        <>
          <p className="text-sm">
            <span className="font-semibold">{t.verdict}: {t.verdicts[audit.verdict]}</span> · {day(audit.completedAt, locale)} ·{" "}
            {format(t.auditPeriod, { from: audit.evaluation.from, to: audit.evaluation.to, periods: audit.periods, horizon: audit.evaluation.horizonDays, coverage: Math.round(audit.evaluation.coverage * 100) })}
          </p>
          <h3 className="font-semibold">{t.accuracyTitle}</h3>
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                <td />
                <th scope="col" className="pr-3">{t.pai}</th>
              </tr>
            </thead>
            <tbody>
              <tr className="border-b border-slate-100"><th scope="row" className="pr-3 text-left font-normal">{t.modelRow}</th><td className="tabular-nums" data-testid="audit-pai">{interval(audit.pai, t)}</td></tr>
              <tr className="border-b border-slate-100"><th scope="row" className="pr-3 text-left font-normal">{t.naiveRow}</th><td className="tabular-nums">{interval(audit.naivePai, t)}</td></tr>
              <tr><th scope="row" className="pr-3 text-left font-normal">{t.differenceRow}</th><td className="tabular-nums">{interval(audit.paiDifference, t)}</td></tr>
            </tbody>
          </table>
          <p className="text-sm">{t.hitRate}: {num(audit.hitRate, t, 3)}</p>
          <h3 className="font-semibold">{format(t.biasTitle, { group: audit.reference })}</h3>
          <ScrollRegion label={format(t.biasTitle, { group: audit.reference })}>
            <table className="w-full text-left text-sm" data-testid="audit-groups">
              <thead>
                <tr className="border-b border-slate-200">
                  {[t.group, t.exposure, t.disparityCol, t.fpDisparity].map((label) => <th key={label} scope="col" className="pr-3">{label}</th>)}
                </tr>
              </thead>
              <tbody>
                {audit.groups.map((g) => (
                  <tr key={g.group} className="border-b border-slate-100">
                    <th scope="row" className="pr-3 text-left font-normal">{g.group}</th>
                    <td className="pr-3 tabular-nums">{interval(g.exposure, t)}</td>
                    <td className="pr-3 tabular-nums">
                      {interval(g.disparity, t)}
                      {g.outsideBand && <span className="ml-1 font-semibold text-red-900">({format(t.outsideBand, { lower: audit.band[0], upper: audit.band[1] })})</span>}
                    </td>
                    <td className="pr-3 tabular-nums">{interval(g.falsePositiveDisparity, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <h3 className="font-semibold">{t.criteriaTitle}</h3>
          <table className="w-full text-left text-sm" data-testid="audit-criteria">
            <thead>
              <tr className="border-b border-slate-200">
                {[t.criterion, t.outcome, t.measured, t.threshold].map((label) => <th key={label} scope="col" className="pr-3">{label}</th>)}
              </tr>
            </thead>
            <tbody>
              {audit.criteria.map((c) => (
                <tr key={c.criterion} className="border-b border-slate-100" data-criterion={c.criterion}>
                  <th scope="row" className="pr-3 text-left font-normal">{t.criteria[c.criterion]}</th>
                  <td className={`pr-3 ${OUTCOME_TONE[c.outcome]}`}>{t.outcomes[c.outcome]}</td>
                  <td className="pr-3 tabular-nums">{num(c.measured, t, 3)}</td>
                  <td className="pr-3 tabular-nums">{thresholdText(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-600">{t.feedback}</dt>
            <dd>{audit.feedback.status === "measured" ? interval(audit.feedback.ratio, t) : `${t.notMeasurable}: ${audit.feedback.reason}`}</dd>
            <dt className="text-slate-600">{t.displacement}</dt>
            <dd>{audit.displacement.status === "measured" ? num(audit.displacement.wdq, t, 3) : `${t.notMeasurable}: ${audit.displacement.reason}`}</dd>
            <dt className="text-slate-600">{t.inputHash}</dt>
            <dd className="break-all font-mono text-xs">{audit.inputHash}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
