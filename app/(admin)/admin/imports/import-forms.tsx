"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import type { ImportIssue } from "@/lib/import/issues";
import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";
import { startImportAction, type StartResult } from "./actions";
import { ImportIssues } from "./import-issues";

type Labels = Messages["admin"]["imports"];
const input = "rounded border border-slate-300 px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600";
const submit = "rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60";

interface ImportResult {
  status?: string;
  rowCount?: number;
  importedCount?: number;
  skippedCount?: number;
  errorCount?: number;
  errors?: ImportIssue[];
}

interface JobView {
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  progressMessage: string | null;
  error: string | null;
  result: ImportResult | null;
}

const POLL_MS = 1000;
const ENDED = new Set(["succeeded", "failed"]);

/** The job as the API reports it, once a second until it ends; a lost job is said so, not waited on forever. */
function useJob(jobId: string): { job: JobView | null; lost: string | null } {
  const router = useRouter();
  const [job, setJob] = useState<JobView | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/api/v1/jobs/${jobId}`, { cache: "no-store" });
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          if (!stopped) setLost(body?.error?.message ?? String(response.status));
          return;
        }
        const { job: next } = (await response.json()) as { job: JobView };
        if (stopped) return;
        setJob(next);
        if (ENDED.has(next.status)) {
          // The list of past reports below now holds this import too.
          router.refresh();
          return;
        }
      } catch {
        // A dropped connection is retried at the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, router]);
  return { job, lost };
}

function JobProgress({ jobId, labels }: { jobId: string; labels: Labels }) {
  const { job, lost } = useJob(jobId);
  const percent = Math.round((job?.status === "succeeded" ? 1 : (job?.progress ?? 0)) * 100);
  const result = job?.result;
  const outcome = result?.status ? (labels.outcome[result.status as keyof Labels["outcome"]] ?? result.status) : "";
  const counts = `${labels.imported}: ${result?.importedCount ?? 0}, ${labels.skipped}: ${result?.skippedCount ?? 0}, ${labels.errors}: ${result?.errorCount ?? 0}`;
  const text = lost
    ? format(labels.lost, { error: lost })
    : job?.status === "failed"
      ? format(labels.failed, { error: job.error ?? "" })
      : job?.status === "succeeded"
        ? `${labels.succeeded} ${outcome} — ${counts}`
        : job?.status === "running"
          ? `${labels.running} ${job.progressMessage ?? ""}`
          : labels.queued;
  const ended = job !== null && ENDED.has(job.status);
  return (
    <div className="space-y-1" data-testid="import-progress" data-status={lost ? "lost" : (job?.status ?? "queued")}>
      <progress max={100} value={percent} aria-label={labels.progress} aria-valuetext={`${percent}%`} className="h-3 w-full accent-brand-600" />
      <p aria-live="polite" role="status" className={`text-sm ${job?.status === "failed" || lost || result?.status === "rejected" ? "text-red-800" : ""}`}>
        {ended || lost ? text : `${percent}% · ${text}`}
      </p>
      {result?.errors && result.errors.length > 0 && <ImportIssues issues={result.errors} total={result.errorCount ?? result.errors.length} labels={labels} limit={50} />}
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
    <form action={action} className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="incident-import-title" data-testid="incident-import-form">
      <h2 id="incident-import-title" className="text-lg font-semibold">
        {labels.incidentsTitle}
      </h2>
      <input type="hidden" name="kind" value="incidents" />
      <label className="flex flex-col text-sm">
        {labels.file}
        <input name="file" type="file" accept=".csv,text/csv" required className={input} />
      </label>
      <label className="flex flex-col text-sm">
        {labels.preset}
        <select name="preset" className={input}>
          {presets.map((preset) => (
            <option key={preset} value={preset}>
              {preset}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        {labels.mappingFile}
        <input name="mapping" type="file" accept=".json,application/json" className={input} />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input name="skipInvalid" type="checkbox" className="focus-visible:outline-2 focus-visible:outline-brand-600" />
        {labels.skipInvalid}
      </label>
      <button type="submit" disabled={pending} className={submit}>
        {pending ? labels.uploading : labels.start}
      </button>
      <Outcome state={state} labels={labels} />
    </form>
  );
}

function DemographicsTable({ index, position, labels, onRemove }: { index: number; position: number; labels: Labels; onRemove: () => void }) {
  const name = (field: string) => `demographics.${index}.${field}`;
  const field = (key: string, label: string, hint?: string) => (
    <label className="flex flex-col text-sm">
      {label}
      <input name={name(key)} placeholder={hint} className={input} />
    </label>
  );
  return (
    <fieldset className="space-y-2 rounded border border-slate-200 p-3" data-testid="demographics-table">
      <legend className="px-1 text-sm font-medium">{format(labels.tableTitle, { table: position })}</legend>
      <label className="flex flex-col text-sm">
        {labels.demographics}
        <input name={name("file")} type="file" accept=".csv,text/csv" className={input} />
      </label>
      <div className="grid gap-2 sm:grid-cols-2">
        {field("joinColumn", labels.joinColumn)}
        {field("populationColumn", labels.populationColumn)}
        <div className="sm:col-span-2">{field("groupColumns", labels.groupColumns, "white=white17,black=black17")}</div>
        {field("source", labels.source)}
        {field("year", labels.year, "2017")}
      </div>
      <button type="button" onClick={onRemove} className="text-sm text-red-700 underline focus-visible:outline-2 focus-visible:outline-brand-600">
        {labels.removeTable}
      </button>
    </fieldset>
  );
}

export function AreaImportForm({ labels }: { labels: Labels }) {
  const [state, action, pending] = useActionState(startImportAction, { jobId: null, error: null });
  // Stable ids keep each table's inputs when an earlier one is removed; the action reads any index.
  const [tables, setTables] = useState<number[]>([]);
  const [nextId, setNextId] = useState(0);
  const addTable = () => {
    setTables((current) => [...current, nextId]);
    setNextId((id) => id + 1);
  };
  return (
    <form action={action} className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="area-import-title" data-testid="area-import-form">
      <h2 id="area-import-title" className="text-lg font-semibold">
        {labels.areasTitle}
      </h2>
      <input type="hidden" name="kind" value="areas" />
      <label className="flex flex-col text-sm">
        {labels.file}
        <input name="file" type="file" accept=".geojson,.json,application/geo+json,application/json" required className={input} />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="flex flex-col text-sm">
          {labels.codeField}
          <input name="codeField" required placeholder="NHD_NUM" className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.nameField}
          <input name="nameField" required placeholder="NHD_NAME" className={input} />
        </label>
      </div>
      <p className="text-xs text-slate-600">{labels.tablesHint}</p>
      {tables.map((id, position) => (
        <DemographicsTable key={id} index={id} position={position + 1} labels={labels} onRemove={() => setTables((current) => current.filter((other) => other !== id))} />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={addTable} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600">
          {labels.addTable}
        </button>
        <button type="submit" disabled={pending} className={submit}>
          {pending ? labels.uploading : labels.start}
        </button>
      </div>
      <Outcome state={state} labels={labels} />
    </form>
  );
}
