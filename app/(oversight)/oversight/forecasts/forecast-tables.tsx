"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";

type Labels = Messages["forecasts"];
const ratio = (value: number | null) => (value === null ? "—" : value.toFixed(2));
const share = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)} %`);

export interface RealisedRow {
  versionId: string;
  version: string;
  forecasts: number;
  incidents: number;
  hits: number;
  hitRate: number | null;
  pai: number | null;
}

export function RealisedTable({ rows, labels }: { rows: RealisedRow[]; labels: Labels }) {
  const columns: ColumnDef<RealisedRow, unknown>[] = [
    { accessorKey: "version", header: labels.version, cell: ({ row }) => <Link href={`/models/versions/${row.original.versionId}`} className="text-brand-700 underline">{row.original.version}</Link> },
    { accessorKey: "forecasts", header: labels.forecastCount },
    { accessorKey: "incidents", header: labels.incidents },
    { accessorKey: "hits", header: labels.hits },
    { accessorKey: "hitRate", header: labels.hitRate, cell: ({ row }) => share(row.original.hitRate) },
    { accessorKey: "pai", header: labels.pai, cell: ({ row }) => ratio(row.original.pai) },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.realisedCaption} empty={labels.realisedEmpty} testId="realised-table" getRowId={(row) => row.versionId} />;
}

export interface ForecastRow {
  id: string;
  version: string;
  state: string;
  periodStart: string;
  horizonDays: number;
  generatedAt: string;
  cells: number;
  flagged: number;
  views: number;
  actions: number;
  ledgerSeq: number;
  hitRate: number | null;
  pai: number | null;
  finished: boolean;
}

export function ForecastsTable({ rows, labels, empty }: { rows: ForecastRow[]; labels: Labels; empty: string }) {
  const columns: ColumnDef<ForecastRow, unknown>[] = [
    { accessorKey: "periodStart", header: labels.period, cell: ({ row }) => `${row.original.periodStart} (+${row.original.horizonDays})` },
    { accessorKey: "version", header: labels.version },
    { accessorKey: "state", header: labels.state },
    { accessorKey: "generatedAt", header: labels.generated },
    { accessorKey: "flagged", header: labels.flagged, cell: ({ row }) => `${row.original.flagged} / ${row.original.cells}` },
    { accessorKey: "views", header: labels.views },
    { accessorKey: "actions", header: labels.actions },
    { accessorKey: "hitRate", header: labels.hitRate, cell: ({ row }) => (row.original.finished ? share(row.original.hitRate) : labels.pending) },
    { accessorKey: "pai", header: labels.pai, cell: ({ row }) => (row.original.finished ? ratio(row.original.pai) : labels.pending) },
    { accessorKey: "ledgerSeq", header: "#", cell: ({ row }) => <Link href={`/oversight/ledger/${row.original.ledgerSeq}`} className="text-brand-700 underline">{row.original.ledgerSeq}</Link> },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.forecastsCaption} empty={empty} testId="forecasts-table" getRowId={(row) => row.id} />;
}
