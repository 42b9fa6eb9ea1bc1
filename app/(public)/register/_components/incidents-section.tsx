import type { Locale } from "@/lib/i18n/locales";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import type { PublicSeriousIncident } from "@/lib/register/entry";
import { day, instant } from "./format";

function clockText(incident: PublicSeriousIncident, t: Messages["register"], locale: Locale): string {
  const clock = incident.clock;
  if (clock.state === "reported") return format(clock.onTime ? t.clock.reportedOnTime : t.clock.reportedLate, { date: day(clock.reportedAt, locale) });
  return clock.overdue ? format(t.clock.overdue, { days: -clock.daysLeft }) : format(t.clock.open, { days: clock.daysLeft });
}

/** Serious incidents filed against the version, newest first, each with its Art. 73 reporting clock. */
export function IncidentsSection({ incidents, t, roleName, locale }: { incidents: PublicSeriousIncident[]; t: Messages["register"]; roleName: (role: string | null) => string; locale: Locale }) {
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="incidents-title" data-testid="register-incidents">
      <h2 id="incidents-title" className="text-lg font-semibold">{t.incidentsTitle}</h2>
      {incidents.length === 0 ? (
        <p>{t.noIncidents}</p>
      ) : (
        incidents.map((incident) => (
          <article key={incident.id} className="space-y-1 border-t border-slate-200 pt-2 text-sm break-inside-avoid" data-testid="register-incident">
            <h3 className="font-semibold">
              {t.harms[incident.harmCategory]}
              {incident.widespread ? ` · ${t.widespread}` : ""}
            </h3>
            <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]">
              <dt className="text-slate-600">{t.affectedGroups}</dt>
              <dd>{incident.affectedGroups.join("; ")}</dd>
              <dt className="text-slate-600">{t.whatHappened}</dt>
              <dd className="whitespace-pre-line">{incident.description}</dd>
              <dt className="text-slate-600">{t.actionsTaken}</dt>
              <dd className="whitespace-pre-line">{incident.actionsTaken}</dd>
              <dt className="text-slate-600">{t.awareAt}</dt>
              <dd>{instant(incident.awareAt, locale)}</dd>
              <dt className="text-slate-600">{t.filedAt}</dt>
              <dd>{instant(incident.filedAt, locale)} · {roleName(incident.filedByRole)}</dd>
              <dt className="text-slate-600">{t.deadline}</dt>
              <dd>
                {instant(incident.dueAt, locale)} ({t.rules[incident.rule]}) · <span data-testid="incident-clock">{clockText(incident, t, locale)}</span>
              </dd>
            </dl>
          </article>
        ))
      )}
    </section>
  );
}
