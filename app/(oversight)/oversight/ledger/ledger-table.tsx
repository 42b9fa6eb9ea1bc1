"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";

export interface LedgerRow {
  seq: number;
  kind: string;
  actor: string;
  recordedAt: string;
  leafHash: string;
  subjects: string;
}

export function LedgerTable({ rows, labels, empty }: { rows: LedgerRow[]; labels: Messages["ledger"] & Messages["oversightLedger"]; empty: string }) {
  const columns: ColumnDef<LedgerRow, unknown>[] = [
    { accessorKey: "seq", header: "#", cell: ({ row }) => <Link href={`/oversight/ledger/${row.original.seq}`} className="text-brand-700 underline">{row.original.seq}</Link> },
    { accessorKey: "kind", header: labels.kind },
    { accessorKey: "actor", header: labels.actor, cell: ({ row }) => <span className="font-mono">{row.original.actor}</span> },
    { accessorKey: "subjects", header: labels.subjects, cell: ({ row }) => <span className="font-mono text-xs">{row.original.subjects}</span> },
    { accessorKey: "recordedAt", header: labels.recordedAt },
    { accessorKey: "leafHash", header: labels.leafHash, enableSorting: false, cell: ({ row }) => <span className="font-mono text-xs">{row.original.leafHash.slice(0, 16)}…</span> },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.title} empty={empty} testId="ledger-table" />;
}
