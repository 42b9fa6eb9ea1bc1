"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";

type Labels = Messages["registry"];
const POLL_MS = 1500;

/**
 * A running audit's progress, read from GET /api/v1/audits/{id} every 1.5 s; when the job ends
 * the page is refreshed so the server renders the stored report (or the failure).
 */
export function AuditProgress({ auditId, initial, labels }: { auditId: string; initial: { progress: number; message: string | null }; labels: Labels }) {
  const router = useRouter();
  const [state, setState] = useState(initial);
  useEffect(() => {
    let cancelled = false;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/v1/audits/${auditId}`, { cache: "no-store" }).catch(() => null);
      if (!response?.ok || cancelled) return;
      const body = (await response.json()) as { status: string; progress: number; progressMessage?: string | null };
      if (body.status !== "queued") {
        clearInterval(timer);
        router.refresh();
        return;
      }
      setState({ progress: body.progress, message: body.progressMessage ?? null });
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [auditId, router]);
  const pct = `${Math.round(state.progress * 100)} %`;
  return (
    <div className="space-y-1" role="status" data-testid="audit-progress">
      <p className="text-sm">{format(labels.auditProgress, { pct })}{state.message ? ` · ${state.message}` : ""}</p>
      <progress value={state.progress} max={1} className="h-2 w-64" aria-label={format(labels.auditProgress, { pct })} />
    </div>
  );
}

export interface AuditRow {
  id: string;
  createdAt: string;
  period: string;
  status: "queued" | "completed" | "failed";
  verdict: "pass" | "fail" | null;
}

export function AuditsTable({ rows, labels, empty }: { rows: AuditRow[]; labels: Labels; empty: string }) {
  const columns: ColumnDef<AuditRow, unknown>[] = [
    { accessorKey: "createdAt", header: labels.auditColumns.started, cell: ({ row }) => row.original.createdAt.slice(0, 16).replace("T", " ") },
    { accessorKey: "period", header: labels.auditColumns.period },
    { accessorKey: "status", header: labels.auditColumns.status, cell: ({ row }) => labels.auditStatuses[row.original.status] },
    { accessorKey: "verdict", header: labels.auditColumns.verdict, cell: ({ row }) => (row.original.verdict ? labels.verdicts[row.original.verdict] : "—") },
    {
      id: "report",
      header: labels.auditColumns.report,
      enableSorting: false,
      cell: ({ row }) => <Link href={`/models/audits/${row.original.id}`} className="text-brand-700 underline">{labels.fullReport}</Link>,
    },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.auditTitle} empty={empty} testId="audits-table" getRowId={(row) => row.id} />;
}

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="rounded border border-slate-400 px-3 py-1.5 text-sm hover:bg-slate-100 print:hidden">
      {label}
    </button>
  );
}
