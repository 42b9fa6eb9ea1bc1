"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";

type T = Messages["objections"];

export interface QueueView {
  id: string;
  trackingHint: string;
  kind: keyof T["kindShort"];
  status: keyof T["statuses"];
  areaCode: string | null;
  incidentExternalId: string | null;
  receivedAt: string;
  dueAt: string;
  dueLabel: string;
  clock: keyof T["clocks"];
  daysLeft: number | null;
  assignee: string | null;
  outcome: keyof T["outcomes"] | null;
}

const CLOCK_BADGE: Record<string, string> = {
  overdue: "bg-red-600 text-white",
  due_soon: "bg-amber-400 text-amber-950",
  on_time: "bg-green-100 text-green-900",
  paused: "bg-slate-200 text-slate-800",
  closed: "bg-slate-100 text-slate-600",
};
const ROW: Record<string, string> = { overdue: "bg-red-50", due_soon: "bg-amber-50" };

/** The queue as it came from the server (soonest due first); headers sort in the browser. */
export function QueueTable({ rows, t, empty }: { rows: QueueView[]; t: T; empty: string }) {
  const q = t.queue;
  const columns: ColumnDef<QueueView, unknown>[] = [
    { accessorKey: "trackingHint", header: q.code, cell: ({ row }) => <Link href={`/oversight/objections/${row.original.id}`} className="font-mono text-brand-700 underline">…{row.original.trackingHint}</Link> },
    { accessorKey: "kind", header: q.kind, cell: ({ row }) => t.kindShort[row.original.kind] },
    { accessorKey: "status", header: q.status, cell: ({ row }) => t.statuses[row.original.status] },
    { accessorKey: "areaCode", header: q.area, cell: ({ row }) => row.original.areaCode ?? "—" },
    { accessorKey: "incidentExternalId", header: q.incident, cell: ({ row }) => row.original.incidentExternalId ?? "—" },
    { accessorKey: "receivedAt", header: q.received, cell: ({ row }) => row.original.receivedAt.slice(0, 10) },
    { accessorKey: "dueAt", header: q.due, cell: ({ row }) => row.original.dueLabel },
    {
      accessorKey: "daysLeft",
      header: q.clock,
      cell: ({ row }) => (
        <span className={`rounded px-2 py-0.5 text-xs ${CLOCK_BADGE[row.original.clock]}`} data-clock={row.original.clock}>
          {t.clocks[row.original.clock]}
          {row.original.daysLeft !== null && row.original.clock !== "closed" ? ` · ${row.original.daysLeft}` : ""}
        </span>
      ),
    },
    { accessorKey: "assignee", header: q.assignee, cell: ({ row }) => row.original.assignee ?? "—" },
    { accessorKey: "outcome", header: q.outcome, cell: ({ row }) => (row.original.outcome ? t.outcomes[row.original.outcome] : "—") },
  ];
  return <DataTable columns={columns} data={rows} caption={q.caption} empty={empty} testId="objection-queue" getRowId={(row) => row.id} rowClassName={(row) => ROW[row.clock]} />;
}
