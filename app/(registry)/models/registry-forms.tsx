"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useActionState, type ReactNode } from "react";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";
import { registerAction, versionAction, type RegistryResult } from "./actions";

type Labels = Messages["registry"];
const input = "rounded border border-slate-300 px-2 py-1 text-sm";
const initial: RegistryResult = { ok: false, message: null };

export interface VersionRow {
  id: string;
  modelName: string;
  number: number;
  state: keyof Labels["states"];
  auditVerdict: string | null;
  validUntil: string | null;
}

export function VersionsTable({ rows, labels, empty }: { rows: VersionRow[]; labels: Labels; empty: string }) {
  const columns: ColumnDef<VersionRow, unknown>[] = [
    { accessorKey: "modelName", header: labels.model, cell: ({ row }) => <Link href={`/models/versions/${row.original.id}`} className="text-brand-700 underline">{row.original.modelName}</Link> },
    { accessorKey: "number", header: labels.version },
    { accessorKey: "state", header: labels.state, cell: ({ row }) => labels.states[row.original.state] },
    { accessorKey: "auditVerdict", header: labels.verdict, cell: ({ row }) => row.original.auditVerdict ?? "—" },
    { accessorKey: "validUntil", header: labels.validUntil, cell: ({ row }) => row.original.validUntil?.slice(0, 10) ?? "—" },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.caption} empty={empty} testId="versions-table" getRowId={(row) => row.id} />;
}

export interface QueueRow {
  id: string;
  modelName: string;
  number: number;
  state: "submitted" | "audited";
  since: string;
  auditVerdict: "pass" | "fail" | null;
  approvals: number;
  approvedByYou: boolean;
  registeredByYou: boolean;
}

/** Versions awaiting an officer: what each needs next, oldest first. */
export function QueueTable({ rows, labels }: { rows: QueueRow[]; labels: Labels }) {
  const columns: ColumnDef<QueueRow, unknown>[] = [
    { accessorKey: "modelName", header: labels.model, cell: ({ row }) => <Link href={`/models/versions/${row.original.id}`} className="text-brand-700 underline">{row.original.modelName}</Link> },
    { accessorKey: "number", header: labels.version },
    { accessorKey: "state", header: labels.state, cell: ({ row }) => labels.states[row.original.state] },
    { accessorKey: "since", header: labels.queueSince, cell: ({ row }) => row.original.since.slice(0, 16).replace("T", " ") },
    { accessorKey: "auditVerdict", header: labels.verdict, cell: ({ row }) => (row.original.auditVerdict ? labels.verdicts[row.original.auditVerdict] : "—") },
    { accessorKey: "approvals", header: labels.queueApprovals, cell: ({ row }) => `${row.original.approvals}/2${row.original.approvedByYou ? ` ${labels.queueYours}` : ""}` },
    {
      id: "next",
      header: labels.queueNext,
      enableSorting: false,
      cell: ({ row }) => (row.original.registeredByYou ? labels.nextSteps.registrant : row.original.state === "submitted" ? labels.nextSteps.audit : labels.nextSteps.approve),
    },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.queueCaption} empty={labels.queueEmpty} testId="queue-table" getRowId={(row) => row.id} />;
}

function Outcome({ state, done }: { state: RegistryResult; done: string }) {
  if (state.message) return <p role="alert" className="text-sm text-red-800">{state.message}</p>;
  return state.ok ? <p role="status" className="text-sm text-green-800">{done}</p> : null;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-0.5 text-sm">
      {label}
      {children}
    </label>
  );
}

export function RegisterForm({ labels, algorithms }: { labels: Labels; algorithms: string[] }) {
  const [state, action, pending] = useActionState(registerAction, initial);
  return (
    <form action={action} className="grid gap-3 rounded border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="register-form">
      <h2 className="text-lg font-semibold sm:col-span-2">{labels.registerTitle}</h2>
      <Field label={labels.modelName}><input name="name" required className={input} /></Field>
      <Field label={labels.purpose}><input name="purpose" required className={input} /></Field>
      <Field label={labels.algorithm}>
        <select name="algorithm" className={input}>{algorithms.map((a) => <option key={a}>{a}</option>)}</select>
      </Field>
      <Field label={labels.cellSize}><input name="cellSizeM" type="number" defaultValue={150} min={50} max={1000} className={input} /></Field>
      <Field label={labels.categories}><input name="categories" required defaultValue="burglary" className={input} /></Field>
      <Field label={labels.areas}><input name="areaCodes" required className={input} /></Field>
      <Field label={labels.trainingFrom}><input name="trainingFrom" type="date" required className={input} /></Field>
      <Field label={labels.trainingTo}><input name="trainingTo" type="date" required className={input} /></Field>
      {(Object.keys(labels.card) as (keyof Labels["card"])[]).map((field) => (
        <Field key={field} label={labels.card[field]}>
          <textarea name={field} required rows={2} className={input} />
        </Field>
      ))}
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">{labels.register}</button>
        <Outcome state={state} done={labels.registered} />
      </div>
    </form>
  );
}

/** One decision form (submit, audit, approve, reject, suspend); the server checks who may. */
export function VersionActionForm({ versionId, action, labels, children, button, danger = false }: { versionId: string; action: string; labels: Labels; children?: ReactNode; button: string; danger?: boolean }) {
  const [state, run, pending] = useActionState(versionAction, initial);
  return (
    <form action={run} className="space-y-2 rounded border border-slate-200 bg-white p-3" data-testid={`action-${action}`}>
      <input type="hidden" name="versionId" value={versionId} />
      <input type="hidden" name="action" value={action} />
      {children}
      <button type="submit" disabled={pending} className={`rounded px-3 py-1.5 text-white disabled:opacity-60 ${danger ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}>{button}</button>
      <Outcome state={state} done={labels.done} />
    </form>
  );
}

export { Field };
