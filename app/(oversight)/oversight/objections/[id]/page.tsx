import Link from "next/link";
import { notFound } from "next/navigation";
import { getCaseForOfficer } from "@/db/queries/objections-handling";
import { ChangeReport, CLOCK_STYLE } from "@/app/(public)/objections/_components/case-status";
import { formatDate, formatInstant } from "@/app/(public)/objections/_components/format";
import { requirePageIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { CaseForm, DecisionForm, ExtendFields, Field, input } from "./case-forms";

export const generateMetadata = localisedTitle((t) => t.objections.queue.title);

type EventKey = keyof Messages["objections"]["case"]["events"];

export default async function ObjectionCasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageIdentity(`/oversight/objections/${id}`, "objections.handle");
  const { t, locale } = await getMessages();
  const view = await getCaseForOfficer(actor, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const l = t.objections;
  const c = l.case;
  const tz = view.timeZone;
  const mine = view.assignedTo === null || view.assignedTo.id === actor.userId;
  const open = ["received", "in_review", "awaiting_information", "appealed"].includes(view.status);
  const changesData = view.incident && (view.kind === "rectification" || view.kind === "exclusion") ? view.kind : null;
  const category = (value: string) => t.incidents.categories[value as keyof Messages["incidents"]["categories"]] ?? value;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{format(c.title, { hint: view.trackingHint })}</h1>
        <span className="rounded bg-slate-200 px-2 py-0.5 text-sm" data-testid="case-status">{l.statuses[view.status]}</span>
        {view.clock.state !== "closed" && (
          <span className={`rounded px-2 py-0.5 text-sm ring-1 ${CLOCK_STYLE[view.clock.state]}`} data-testid="case-clock">
            {l.clocks[view.clock.state]} · {formatDate(view.dueAt, locale, tz)}
          </span>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="space-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
          <h2 className="text-lg font-semibold">{c.filedTitle}</h2>
          <p className="font-medium">{l.kinds[view.kind]}</p>
          <p className="whitespace-pre-wrap" data-testid="case-description">{view.description}</p>
          <dl className="grid gap-x-3 gap-y-1 sm:grid-cols-[8rem_1fr]">
            {view.incident && (
              <>
                <dt className="text-slate-500">{c.incident}</dt>
                <dd data-testid="case-incident">
                  {format(c.incidentLine, {
                    id: view.incident.externalId,
                    category: category(view.incident.category),
                    time: formatInstant(view.incident.occurredAt, locale),
                    area: view.incident.areaCode ?? "—",
                    status: t.incidents.statuses[view.incident.status as keyof Messages["incidents"]["statuses"]] ?? view.incident.status,
                    revision: view.incident.revision,
                  })}
                  <span className="block text-xs text-slate-500">{view.incident.lat.toFixed(5)}, {view.incident.lon.toFixed(5)}</span>
                </dd>
              </>
            )}
            {view.areaCode && (
              <>
                <dt className="text-slate-500">{c.area}</dt>
                <dd>{view.areaCode}</dd>
              </>
            )}
            {view.forecastId && (
              <>
                <dt className="text-slate-500">{c.forecast}</dt>
                <dd className="break-all font-mono text-xs">{view.forecastId}{view.cell !== null && ` · ${format(c.cell, { cell: view.cell })}`}</dd>
              </>
            )}
            <dt className="text-slate-500">{c.contact}</dt>
            <dd data-testid="case-contact">{view.contact.visible ? (view.contact.email ?? c.contactNone) : view.contact.onFile ? c.contactHidden : c.contactNone}</dd>
          </dl>
          <p>{view.assignedTo ? format(c.handledBy, { name: view.assignedTo.name }) : c.unassigned}</p>
          {view.decidedBy && <p>{format(c.decidedBy, { name: view.decidedBy.name })}</p>}
        </section>
        <section className="space-y-3">
          {open && (
            <CaseForm caseId={view.id} action="assign" title={c.assignTitle} button={c.assign} done={l.status.done} testId="assign-form">
              <Field label={c.assignTo}>
                <select name="officerId" defaultValue={view.assignedTo?.id ?? actor.userId} className={input}>
                  {view.officers.map((officer) => <option key={officer.id} value={officer.id}>{officer.name}</option>)}
                </select>
              </Field>
            </CaseForm>
          )}
          {view.status === "in_review" && view.assignedTo?.id === actor.userId && (
            <CaseForm caseId={view.id} action="request" title={c.requestTitle} button={c.ask} done={l.status.done} testId="request-form">
              <Field label={c.question}>
                <textarea name="question" required rows={2} maxLength={2000} className={input} />
              </Field>
            </CaseForm>
          )}
          {open && view.status !== "received" && !view.extended && view.policy.maxExtensionDays > 0 && view.assignedTo?.id === actor.userId && (
            <CaseForm caseId={view.id} action="extend" title={c.extendTitle} button={c.extend} done={l.status.done} testId="extend-form">
              <ExtendFields t={l} max={view.policy.maxExtensionDays} />
            </CaseForm>
          )}
          {["received", "in_review", "awaiting_information"].includes(view.status) && mine && <DecisionForm caseId={view.id} t={l} categories={t.incidents.categories} title={c.decideTitle} changesData={changesData} />}
          {view.status === "appealed" && mine && view.decidedBy?.id !== actor.userId && <DecisionForm caseId={view.id} t={l} categories={t.incidents.categories} title={c.decideAppealTitle} changesData={changesData} />}
        </section>
      </div>
      {view.changes.length > 0 && (
        <section className="rounded border border-brand-200 bg-brand-50 p-4" data-testid="data-changes">
          <h2 className="mb-2 text-lg font-semibold">{l.status.changesTitle}</h2>
          <ul className="space-y-3">{view.changes.map((change, i) => <ChangeReport key={i} change={change} m={t} locale={locale} />)}</ul>
        </section>
      )}
      {view.changes.length > 0 && (
        <section className="text-sm" data-testid="case-annotations">
          <h2 className="mb-1 text-lg font-semibold">{c.annotationsTitle}</h2>
          {view.annotations.length === 0 ? (
            <p>{c.noAnnotations}</p>
          ) : (
            <ul className="list-inside list-disc">
              {view.annotations.map((a, i) => (
                <li key={i}>
                  <span className="font-mono text-xs">{a.forecastId}</span> · {a.incidentExternalId} {l.changeKinds[a.change as keyof typeof l.changeKinds] ?? a.change} · {c.annotationRelation[a.relation as keyof typeof c.annotationRelation] ?? a.relation}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section className="text-sm">
        <h2 className="mb-1 text-lg font-semibold">{c.historyTitle}</h2>
        <ol className="space-y-2" data-testid="case-history">
          {view.events.map((event, i) => (
            <li key={i} className="rounded border border-slate-200 bg-white p-2">
              <p>
                <span className="font-medium">{c.events[event.type as EventKey] ?? event.type}</span>
                {typeof event.data?.outcome === "string" && ` · ${l.outcomes[event.data.outcome as keyof typeof l.outcomes] ?? event.data.outcome}`} · {formatInstant(event.at, locale, tz)} · {event.actorName ?? (event.actorKind === "citizen" ? c.citizen : c.system)} ·{" "}
                <Link href={`/oversight/ledger/${event.ledgerSeq}`} className="text-brand-700 underline">{format(c.ledgerSeq, { seq: event.ledgerSeq })}</Link>
              </p>
              {event.body && <p className="whitespace-pre-wrap text-slate-700">{event.body}</p>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
