"use client";

import { useActionState } from "react";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { HARM_CATEGORIES } from "@/lib/register/incident-clock";
import { fileIncidentAction, recordReportAction, type FileState, type ReportState } from "./actions";

const input = "w-full rounded border border-slate-400 px-2 py-1 text-sm";
const label = "block text-sm font-medium text-slate-800";

export function FileIncidentForm({ versions, timeZones, t, harms, rules }: { versions: { id: string; label: string }[]; timeZones: string[]; t: Messages["seriousIncidents"]; harms: Messages["register"]["harms"]; rules: Messages["register"]["rules"] }) {
  const [state, action, pending] = useActionState<FileState, FormData>(fileIncidentAction, { filed: null, error: null });
  return (
    <form action={action} className="space-y-3" data-testid="file-incident-form">
      <p className="rounded border border-amber-600 bg-amber-50 p-2 text-sm text-amber-950">{t.publicWarning}</p>
      <div className="grid gap-3 md:grid-cols-2">
        <div>
          <label htmlFor="si-version" className={label}>{t.version}</label>
          <select id="si-version" name="versionId" required defaultValue="" className={input}>
            <option value="" disabled>{t.chooseVersion}</option>
            {versions.map((v) => <option key={v.id} value={v.id}>{v.label}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="si-harm" className={label}>{t.harmCategory}</label>
          <select id="si-harm" name="harmCategory" required className={input}>
            {HARM_CATEGORIES.map((harm) => <option key={harm} value={harm}>{harms[harm]}</option>)}
          </select>
        </div>
      </div>
      <div className="flex items-start gap-2">
        <input id="si-widespread" name="widespread" type="checkbox" className="mt-1" />
        <label htmlFor="si-widespread" className="text-sm text-slate-800">{t.widespread}</label>
      </div>
      <div>
        <label htmlFor="si-groups" className={label}>{t.affectedGroups}</label>
        <textarea id="si-groups" name="affectedGroups" required rows={2} className={input} />
      </div>
      <div>
        <label htmlFor="si-description" className={label}>{t.description}</label>
        <textarea id="si-description" name="description" required minLength={20} rows={4} className={input} />
      </div>
      <div>
        <label htmlFor="si-actions" className={label}>{t.actionsTaken}</label>
        <textarea id="si-actions" name="actionsTaken" required rows={3} className={input} />
      </div>
      <div className="grid gap-3 md:grid-cols-3">
        <div>
          <label htmlFor="si-occurred" className={label}>{t.occurredAt}</label>
          <input id="si-occurred" name="occurredAt" type="datetime-local" className={input} />
        </div>
        <div>
          <label htmlFor="si-aware" className={label}>{t.awareAt}</label>
          <input id="si-aware" name="awareAt" type="datetime-local" required className={input} />
        </div>
        <div>
          <label htmlFor="si-zone" className={label}>{t.timeZone}</label>
          <input id="si-zone" name="timeZone" required defaultValue="UTC" list="si-zones" className={input} />
          <datalist id="si-zones">{timeZones.map((zone) => <option key={zone} value={zone} />)}</datalist>
        </div>
      </div>
      <p className="text-xs text-slate-700">{t.clockHelp}</p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm text-white hover:bg-brand-700 disabled:opacity-60">{t.file}</button>
        <span aria-live="polite" className="text-sm" data-testid="file-incident-result">
          {state.filed && format(t.filed, { due: state.filed.dueAt, rule: rules[state.filed.rule as keyof typeof rules] ?? state.filed.rule, seq: state.filed.ledgerSeq })}
          {state.error && <span className="text-red-800">{state.error}</span>}
        </span>
      </div>
    </form>
  );
}

export function RecordReportForm({ incidentId, timeZone, t }: { incidentId: string; timeZone: string; t: Messages["seriousIncidents"] }) {
  const [state, action, pending] = useActionState<ReportState, FormData>(recordReportAction, { onTime: null, error: null });
  const id = `report-${incidentId}`;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="timeZone" value={timeZone} />
      <div>
        <label htmlFor={`${id}-at`} className="block text-xs text-slate-700">{t.reportedAt} ({timeZone})</label>
        <input id={`${id}-at`} name="reportedAt" type="datetime-local" required className="rounded border border-slate-400 px-1 py-0.5 text-sm" />
      </div>
      <div>
        <label htmlFor={`${id}-ref`} className="block text-xs text-slate-700">{t.authorityReference}</label>
        <input id={`${id}-ref`} name="authorityReference" maxLength={200} className="rounded border border-slate-400 px-1 py-0.5 text-sm" />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-slate-800 px-2 py-1 text-sm text-white hover:bg-slate-700 disabled:opacity-60">{t.recordReport}</button>
      <span aria-live="polite" className="text-sm">
        {state.onTime !== null && format(t.recorded, { onTime: state.onTime ? t.onTime : t.late })}
        {state.error && <span className="text-red-800">{state.error}</span>}
      </span>
    </form>
  );
}
