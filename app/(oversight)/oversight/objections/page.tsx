import Link from "next/link";
import { listObjectionQueue } from "@/db/queries/objections-handling";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { CASE_STATUSES, OBJECTION_KINDS } from "@/lib/objections/kinds";
import { QueueTable } from "./queue-table";

export const generateMetadata = localisedTitle((t) => t.objections.queue.title);

type Search = { status?: string; kind?: string; clock?: string; assigned?: string };

export default async function ObjectionQueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const { actor } = await requirePageIdentity("/oversight/objections", "objections.handle");
  const search = await searchParams;
  const [{ t, locale }, rows] = await Promise.all([getMessages(), listObjectionQueue(actor, search)]);
  const l = t.objections;
  const q = l.queue;
  const select = "rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{q.title}</h1>
      <p className="max-w-3xl text-sm text-slate-700">{q.intro}</p>
      <form method="get" className="flex flex-wrap items-end gap-2" role="search" aria-label={t.table.filter} data-testid="queue-filters">
        <label className="flex flex-col text-xs">
          {q.status}
          <select name="status" defaultValue={search.status ?? "open"} className={select}>
            <option value="open">{q.open}</option>
            <option value="all">{q.all}</option>
            {CASE_STATUSES.map((status) => <option key={status} value={status}>{l.statuses[status]}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {q.kind}
          <select name="kind" defaultValue={search.kind ?? ""} className={select}>
            <option value="">{q.anyKind}</option>
            {OBJECTION_KINDS.map((kind) => <option key={kind} value={kind}>{l.kindShort[kind]}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {q.clock}
          <select name="clock" defaultValue={search.clock ?? ""} className={select}>
            <option value="">{q.anyClock}</option>
            {(["overdue", "due_soon", "paused"] as const).map((clock) => <option key={clock} value={clock}>{l.clocks[clock]}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {q.assigned}
          <select name="assigned" defaultValue={search.assigned ?? ""} className={select}>
            <option value="">{q.anyone}</option>
            <option value="me">{q.me}</option>
            <option value="unassigned">{q.unassigned}</option>
          </select>
        </label>
        <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white hover:bg-slate-700">{q.apply}</button>
        <Link href="/oversight/objections" className="px-1 py-1.5 text-sm text-brand-700 underline">{t.incidents.reset}</Link>
      </form>
      <p className="text-sm text-slate-600" data-testid="queue-count">{format(q.count, { count: rows.length })}</p>
      <QueueTable
        t={l}
        empty={t.table.empty}
        rows={rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString(), dueAt: row.dueAt.toISOString(), dueLabel: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: row.timeZone }).format(row.dueAt) }))}
      />
    </div>
  );
}
