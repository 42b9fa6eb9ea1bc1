"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";

type Labels = Messages["incidents"];
type SortLink = { href: string; active: "asc" | "desc" | null };
export interface IncidentView {
  id: string;
  externalId: string;
  category: string;
  description: string | null;
  occurredAt: string;
  areaCode: string | null;
  areaName: string | null;
  source: string;
  status: string;
}

/** Sorting and paging happen on the server (50 rows of tens of thousands); headers are links. */
export function IncidentsTable({
  rows,
  labels,
  sortLinks,
  sorting,
  empty,
}: {
  rows: IncidentView[];
  labels: Labels;
  sortLinks: Record<string, SortLink>;
  sorting: { id: string; desc: boolean };
  empty: string;
}) {
  const sortable = (key: string, text: string) => {
    const link = sortLinks[key];
    if (!link) return text;
    return (
      <Link href={link.href} className="inline-flex items-center gap-1 rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
        {text}
        <span aria-hidden="true">{link.active === "asc" ? "▲" : link.active === "desc" ? "▼" : "↕"}</span>
      </Link>
    );
  };
  const columns: ColumnDef<IncidentView, unknown>[] = [
    { accessorKey: "externalId", header: () => sortable("externalId", labels.externalId) },
    { accessorKey: "category", header: () => sortable("category", labels.category), cell: ({ row }) => labels.categories[row.original.category as keyof Labels["categories"]] ?? row.original.category },
    { accessorKey: "occurredAt", header: () => sortable("occurredAt", labels.occurredAt), cell: ({ row }) => row.original.occurredAt.slice(0, 16).replace("T", " ") },
    { id: "area", header: () => sortable("area", labels.area), cell: ({ row }) => (row.original.areaCode ? `${row.original.areaCode} ${row.original.areaName ?? ""}` : "—") },
    { accessorKey: "source", header: labels.source, cell: ({ row }) => labels.sources[row.original.source as keyof Labels["sources"]] ?? row.original.source },
    { accessorKey: "status", header: labels.status, cell: ({ row }) => labels.statuses[row.original.status as keyof Labels["statuses"]] ?? row.original.status },
    { accessorKey: "description", header: labels.description, cell: ({ row }) => row.original.description ?? "" },
  ];
  return <DataTable columns={columns} data={rows} caption={labels.caption} empty={empty} testId="incidents-table" getRowId={(row) => row.id} serverSorting={[sorting]} />;
}
