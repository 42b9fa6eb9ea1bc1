import type { CitizenCaseView, DecisionView } from "@/db/queries/objections-core";
import { format, type Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import type { ChangeSummary } from "@/lib/objections/propagation";
import { AnswerForm, AppealForm, type CaseKey } from "./citizen-forms";
import { formatDate, formatInstant } from "./format";

type T = Messages["objections"];

export const CLOCK_STYLE: Record<string, string> = {
  overdue: "bg-red-100 text-red-900 ring-red-300",
  due_soon: "bg-amber-100 text-amber-900 ring-amber-300",
  on_time: "bg-green-50 text-green-900 ring-green-200",
  paused: "bg-slate-100 text-slate-800 ring-slate-300",
  closed: "bg-slate-100 text-slate-600 ring-slate-200",
};

function Decision({ decision, title, t, locale, timeZone, testId }: { decision: DecisionView; title: string; t: T; locale: Locale; timeZone: string; testId: string }) {
  return (
    <section className="rounded border border-slate-200 bg-white p-4" data-testid={testId}>
      <h2 className="text-lg font-semibold">
        {title}: <span data-testid={`${testId}-outcome`}>{t.outcomes[decision.outcome]}</span>
      </h2>
      <p className="text-sm text-slate-600">
        {format(t.status.decidedOn, { date: formatInstant(decision.decidedAt, locale, timeZone) })}
        {decision.onTime !== null && ` · ${decision.onTime ? t.status.onTime : t.status.late}`}
      </p>
      <h3 className="mt-2 text-sm font-medium">{t.status.reasons}</h3>
      <p className="whitespace-pre-wrap">{decision.reasons}</p>
    </section>
  );
}

/** One change an upheld decision made to the data, told in words (areas, not coordinates). */
export function ChangeReport({ change, m, locale }: { change: ChangeSummary; m: Messages; locale: Locale }) {
  const s = m.objections.status;
  const category = (value: string) => m.incidents.categories[value as keyof Messages["incidents"]["categories"]] ?? value;
  return (
    <li className="space-y-1" data-testid="data-change">
      <p>{format(change.change === "corrected" ? s.changeCorrected : s.changeExcluded, { id: change.incidentExternalId, revision: change.incidentRevision })}</p>
      {change.fields.length > 0 && (
        <ul className="list-inside list-disc text-sm">
          {change.fields.map((field) => (
            <li key={field.field}>
              {field.field === "category" && format(s.fieldCategory, { before: category(field.before), after: category(field.after) })}
              {field.field === "occurredAt" && format(s.fieldOccurredAt, { before: formatInstant(field.before, locale), after: formatInstant(field.after, locale) })}
              {field.field === "location" && format(s.fieldLocation, { before: field.areaBefore ?? s.noArea, after: field.areaAfter ?? s.noArea })}
            </li>
          ))}
        </ul>
      )}
      {change.erasedFields.length > 0 && <p className="text-sm">{format(s.erased, { fields: change.erasedFields.join(", ") })}</p>}
      <p className="text-sm">{format(s.snapshot, { count: change.snapshot.incidentCount.toLocaleString(locale), hash: `${change.snapshot.contentHash.slice(0, 12)}…` })}</p>
      <p className="text-sm" data-testid="versions-flagged">{format(s.versionsFlagged, { count: change.versionsFlagged, reaudit: change.versionsNeedingReaudit })}</p>
      <p className="text-sm" data-testid="forecasts-annotated">{format(s.forecastsAnnotated, { count: change.forecastsAnnotated })}</p>
    </li>
  );
}

/** The citizen's view of their case: clock, questions (answerable), decisions, appeal and what changed. */
export function CaseStatus({ view, caseKey, m, locale }: { view: CitizenCaseView; caseKey: CaseKey; m: Messages; locale: Locale }) {
  const t = m.objections;
  const s = t.status;
  const tz = view.timeZone;
  const days = view.clock.daysLeft;
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold">{format(s.title, { hint: view.trackingHint })}</h1>
      <dl className="grid gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-slate-500">{s.kind}</dt>
        <dd>{t.kinds[view.kind]}</dd>
        <dt className="text-slate-500">{s.status}</dt>
        <dd data-testid="case-status">{t.statuses[view.status]}</dd>
        <dt className="text-slate-500">{s.received}</dt>
        <dd>{formatInstant(view.receivedAt, locale, tz)}</dd>
        {!view.closed && view.clock.state !== "closed" && (
          <>
            <dt className="text-slate-500">{s.due}</dt>
            <dd>
              <span data-testid="case-due">{formatDate(view.dueAt, locale, tz)}</span>{" "}
              <span className={`ml-2 rounded px-2 py-0.5 text-xs ring-1 ${CLOCK_STYLE[view.clock.state]}`} data-testid="case-clock">
                {t.clocks[view.clock.state]}
                {days !== null && ` · ${days >= 0 ? format(s.daysLeft, { days }) : format(s.overdueBy, { days: -days })}`}
              </span>
            </dd>
          </>
        )}
      </dl>
      {view.clock.state === "paused" && <p className="rounded bg-slate-100 p-3 text-sm">{s.paused}</p>}
      {view.extension && <p className="text-sm">{format(s.extended, { reason: view.extension.reason })}</p>}
      {view.requests.length > 0 && (
        <section className="rounded border border-slate-200 bg-white p-4" data-testid="information-requests">
          <h2 className="mb-2 text-lg font-semibold">{s.requestsTitle}</h2>
          <ol className="space-y-3">
            {view.requests.map((request, i) => (
              <li key={i} className="text-sm">
                <p className="text-slate-500">{format(s.asked, { date: formatInstant(request.askedAt, locale, tz) })}</p>
                <p className="whitespace-pre-wrap font-medium">{request.question}</p>
                {request.answer !== null && (
                  <p className="mt-1 whitespace-pre-wrap border-l-2 border-slate-300 pl-2">
                    <span className="block text-slate-500">{format(s.answeredOn, { date: formatInstant(request.answeredAt!, locale, tz) })}</span>
                    {request.answer}
                  </p>
                )}
              </li>
            ))}
          </ol>
          {view.canAnswer && (
            <div className="mt-3">
              <AnswerForm caseKey={caseKey} labels={s} />
            </div>
          )}
        </section>
      )}
      {view.decision && <Decision decision={view.decision} title={s.decisionTitle} t={t} locale={locale} timeZone={tz} testId="decision" />}
      {view.changes.length > 0 && (
        <section className="rounded border border-brand-200 bg-brand-50 p-4" data-testid="data-changes">
          <h2 className="mb-2 text-lg font-semibold">{s.changesTitle}</h2>
          <ul className="space-y-3">
            {view.changes.map((change, i) => (
              <ChangeReport key={i} change={change} m={m} locale={locale} />
            ))}
          </ul>
        </section>
      )}
      {view.appeal && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{s.appealTitle}</h2>
          <p className="text-sm">{format(s.appealed, { date: formatInstant(view.appeal.appealedAt, locale, tz), reason: view.appeal.reason })}</p>
          {view.appeal.decision ? <Decision decision={view.appeal.decision} title={s.appealDecisionTitle} t={t} locale={locale} timeZone={tz} testId="appeal-decision" /> : <p className="text-sm">{s.appealPending}</p>}
        </section>
      )}
      {view.canAppeal && view.appealUntil && (
        <section className="rounded border border-slate-200 bg-white p-4">
          <h2 className="text-lg font-semibold">{s.appealTitle}</h2>
          <p className="mb-2 text-sm">{format(s.appealUntil, { date: formatDate(view.appealUntil, locale, tz) })}</p>
          <AppealForm caseKey={caseKey} labels={s} />
        </section>
      )}
      {view.closed && <p className="text-sm text-slate-600">{s.closed}</p>}
    </div>
  );
}
