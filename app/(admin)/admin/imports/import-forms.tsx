"use client";

import { useActionState, useEffect, useState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";
import { startImportAction, type StartResult } from "./actions";

type Labels = Messages["admin"]["imports"];
const input = "rounded border border-slate-300 px-2 py-1 text-sm";

interface JobView {
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  progressMessage: string | null;
  error: string | null;
  result: { status?: string; importedCount?: number; skippedCount?: number; errorCount?: number } | null;
}

/** Follows a job once a second until it ends; the page's report list then shows the outcome. */
function JobProgress({ jobId, labels }: { jobId: string; labels: Labels }) {
  const [job, setJob] = useState<JobView | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      const response = await fetch(`/api/v1/jobs/${jobId}`, { cache: "no-store" });
      if (response.ok) {
        const { job: next } = (await response.json()) as { job: JobView };
        if (!stopped) setJob(next);
        if (next.status === "succeeded" || next.status === "failed") return;
      }
      if (!stopped) setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [jobId]);
  const percent = Math.round((job?.progress ?? 0) * 100);
  const text =
    job?.status === "failed"
      ? format(labels.failed, { error: job.error ?? "" })
      : job?.status === "succeeded"
        ? `${labels.succeeded} ${job.result?.status ? labels.outcome[job.result.status as keyof Labels["outcome"]] ?? job.result.status : ""} — ${labels.imported}: ${job.result?.importedCount ?? 0}, ${labels.skipped}: ${job.result?.skippedCount ?? 0}, ${labels.errors}: ${job.result?.errorCount ?? 0}`
        : job?.status === "running"
          ? `${labels.running} ${job.progressMessage ?? ""}`
          : labels.queued;
  return (
    <div className="space-y-1" data-testid="import-progress" data-status={job?.status ?? "queued"}>
      <progress max={100} value={percent} aria-label={labels.progress} className="h-3 w-full" />
      <p aria-live="polite" className="text-sm">
        {percent}% · {text}
      </p>
      {job && (job.status === "succeeded" || job.status === "failed") && (
        <button type="button" onClick={() => window.location.reload()} className="text-sm text-brand-700 underline">
          {labels.reportsTitle}
        </button>
      )}
    </div>
  );
}

function Outcome({ state, labels }: { state: StartResult; labels: Labels }) {
  if (state.error) return <p role="alert" className="text-sm text-red-800">{state.error}</p>;
  return state.jobId ? <JobProgress key={state.jobId} jobId={state.jobId} labels={labels} /> : null;
}

export function IncidentImportForm({ presets, labels }: { presets: string[]; labels: Labels }) {
  const [state, action, pending] = useActionState(startImportAction, { jobId: null, error: null });
  return (
    <form action={action} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{labels.incidentsTitle}</h2>
      <input type="hidden" name="kind" value="incidents" />
      <label className="flex flex-col text-sm">
        {labels.file}
        <input name="file" type="file" accept=".csv,text/csv" required className={input} />
      </label>
      <label className="flex flex-col text-sm">
        {labels.preset}
        <select name="preset" className={input}>
          {presets.map((preset) => (
            <option key={preset}>{preset}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        {labels.mappingFile}
        <input name="mapping" type="file" accept=".json,application/json" className={input} />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input name="skipInvalid" type="checkbox" />
        {labels.skipInvalid}
      </label>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.start}
      </button>
      <Outcome state={state} labels={labels} />
    </form>
  );
}

export function AreaImportForm({ labels }: { labels: Labels }) {
  const [state, action, pending] = useActionState(startImportAction, { jobId: null, error: null });
  const field = (name: string, label: string, required = false) => (
    <label className="flex flex-col text-sm">
      {label}
      <input name={name} required={required} className={input} />
    </label>
  );
  return (
    <form action={action} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{labels.areasTitle}</h2>
      <input type="hidden" name="kind" value="areas" />
      <label className="flex flex-col text-sm">
        {labels.file}
        <input name="file" type="file" accept=".geojson,.json,application/geo+json,application/json" required className={input} />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        {field("codeField", labels.codeField, true)}
        {field("nameField", labels.nameField, true)}
      </div>
      <label className="flex flex-col text-sm">
        {labels.demographics}
        <input name="demographics" type="file" accept=".csv,text/csv" className={input} />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        {field("joinColumn", labels.joinColumn)}
        {field("populationColumn", labels.populationColumn)}
        {field("groupColumns", labels.groupColumns)}
        {field("source", labels.source)}
        {field("year", labels.year)}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.start}
      </button>
      <Outcome state={state} labels={labels} />
    </form>
  );
}
