"use client";

import Link from "next/link";
import { useActionState, useState, type ReactNode } from "react";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { OBJECTION_KINDS } from "@/lib/objections/kinds";
import { fileObjectionAction, type FilingState } from "../actions";

type T = Messages["objections"];
const initial: FilingState = { receipt: null, message: null, fields: {}, values: {} };
const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600";

function Field({ name, label, help, error, children }: { name: string; label: string; help?: string; error?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={`objection-${name}`} className="font-medium">
        {label}
      </label>
      {children}
      {help && <p id={`objection-${name}-help`} className="text-xs text-slate-500">{help}</p>}
      {error && (
        <p id={`objection-${name}-error`} className="text-xs text-red-800" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The public objection form; once filed it shows the receipt (the tracking code, shown only here). */
export function IntakeForm({ t, areas, retentionDays }: { t: T; areas: { code: string; name: string }[]; retentionDays: number }) {
  const [state, run, pending] = useActionState(fileObjectionAction, initial);
  // One key per opened form: a double click or a retried post files one case.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const f = t.form;
  const r = t.receipt;
  if (state.receipt) {
    const { trackingCode, dueAt, receipt } = state.receipt;
    return (
      <section className="space-y-4 rounded border-2 border-brand-600 bg-white p-6" data-testid="filing-receipt" aria-live="polite">
        <h1 className="text-2xl font-bold">{r.title}</h1>
        <div>
          <p className="text-sm text-slate-600">{r.codeLabel}</p>
          <p className="select-all font-mono text-3xl tracking-wider" data-testid="tracking-code">
            {trackingCode}
          </p>
          <p className="mt-1 max-w-2xl text-sm text-slate-700">{r.codeNote}</p>
        </div>
        <p>
          {r.dueLabel}: <strong data-testid="due-at">{new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeZone: "UTC" }).format(new Date(dueAt))} (UTC)</strong>
        </p>
        <div className="text-sm">
          <p className="font-medium">{r.ledgerLabel}</p>
          <p>
            {r.seq} <span data-testid="receipt-seq">{receipt.seq}</span> · {r.leaf} <span className="break-all font-mono text-xs">{receipt.leafHash}</span>
          </p>
          <Link href={`/ledger?seq=${receipt.seq}&leaf=${receipt.leafHash}`} className="text-brand-700 underline">
            {r.verify}
          </Link>
        </div>
        <Link href={`/objections/track/${trackingCode}`} className="inline-block rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700" data-testid="follow-case">
          {r.follow}
        </Link>
      </section>
    );
  }
  const err = state.fields;
  const v = state.values;
  const described = (name: string, help: boolean) => [help ? `objection-${name}-help` : "", err[name] ? `objection-${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <form action={run} className="space-y-4 rounded border border-slate-200 bg-white p-6" data-testid="intake-form" noValidate>
      <h1 className="text-2xl font-bold">{f.title}</h1>
      <p className="max-w-3xl text-slate-700">{f.intro}</p>
      {state.message && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900">
          {state.unavailable ? state.message : `${f.failed} ${state.message}`}
        </p>
      )}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{f.kind}</legend>
        {OBJECTION_KINDS.map((kind) => (
          <label key={kind} className="flex items-center gap-2 text-sm">
            <input type="radio" name="kind" value={kind} required defaultChecked={kind === (v.kind || "rectification")} />
            {t.kinds[kind]}
          </label>
        ))}
        {err.kind && <p className="text-xs text-red-800">{err.kind}</p>}
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-1 text-sm font-medium">{f.references}</legend>
        <p className="text-xs text-slate-500 sm:col-span-2">{f.referencesHelp}</p>
        <Field name="incidentExternalId" label={f.incidentExternalId} error={err.incidentExternalId}>
          <input id="objection-incidentExternalId" name="incidentExternalId" defaultValue={v.incidentExternalId} maxLength={100} className={input} aria-invalid={Boolean(err.incidentExternalId)} aria-describedby={described("incidentExternalId", false)} />
        </Field>
        <Field name="areaCode" label={f.areaCode} error={err.areaCode}>
          <select id="objection-areaCode" name="areaCode" defaultValue={v.areaCode ?? ""} className={input} aria-invalid={Boolean(err.areaCode)} aria-describedby={described("areaCode", false)}>
            <option value="">{f.noArea}</option>
            {areas.map((area) => (
              <option key={area.code} value={area.code}>
                {area.code} · {area.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="forecastId" label={f.forecastId} error={err.forecastId}>
          <input id="objection-forecastId" name="forecastId" defaultValue={v.forecastId} maxLength={36} className={input} aria-invalid={Boolean(err.forecastId)} aria-describedby={described("forecastId", false)} />
        </Field>
        <Field name="cell" label={f.cell} error={err.cell}>
          <input id="objection-cell" name="cell" defaultValue={v.cell} inputMode="numeric" className={input} aria-invalid={Boolean(err.cell)} aria-describedby={described("cell", false)} />
        </Field>
      </fieldset>
      <Field name="description" label={f.description} help={f.descriptionHelp} error={err.description}>
        <textarea id="objection-description" name="description" defaultValue={v.description} rows={6} maxLength={5000} required className={input} aria-invalid={Boolean(err.description)} aria-describedby={described("description", true)} />
      </Field>
      <Field name="contactEmail" label={f.contactEmail} help={format(f.contactHelp, { days: retentionDays })} error={err.contactEmail}>
        <input id="objection-contactEmail" name="contactEmail" defaultValue={v.contactEmail} type="email" autoComplete="email" maxLength={254} className={input} aria-invalid={Boolean(err.contactEmail)} aria-describedby={described("contactEmail", true)} />
      </Field>
      {/* A honeypot: hidden from people and assistive technology; bots that fill every field are refused. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="objection-website">{f.honeypot}</label>
        <input id="objection-website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      {err.website && <p className="text-xs text-red-800">{err.website}</p>}
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? f.submitting : f.submit}
      </button>
    </form>
  );
}
