"use client";

import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState, type TableMeta } from "@tanstack/react-table";
import { useState } from "react";

/**
 * A TanStack table with accessible headers: click a sortable header to sort in the browser.
 * Tables sorted and paged on the server pass `serverSorting` (the order the rows came in, shown
 * through aria-sort) and render their own sort links in the headers.
 *
 * Cells that hold state (forms, disclosures) must be module-level components reading what they
 * need from `meta`: flexRender mounts a cell function as a component, so a function created
 * anew on each render would remount the cell and lose its state.
 */
export function DataTable<T>({
  columns,
  data,
  caption,
  empty,
  testId,
  getRowId,
  serverSorting,
  meta,
  rowClassName,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  caption: string;
  empty: string;
  testId?: string;
  getRowId?: (row: T) => string;
  serverSorting?: SortingState;
  meta?: TableMeta<T>;
  /** Extra classes for a row, e.g. to highlight overdue cases. */
  rowClassName?: (row: T) => string | undefined;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data,
    columns,
    getRowId,
    meta,
    state: { sorting: serverSorting ?? sorting },
    onSortingChange: setSorting,
    manualSorting: serverSorting !== undefined,
    enableSorting: serverSorting === undefined,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" className="whitespace-nowrap px-3 py-2 font-medium" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} className={`border-t border-slate-100 align-top hover:bg-slate-50 ${rowClassName?.(row.original) ?? ""}`}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-1.5">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
