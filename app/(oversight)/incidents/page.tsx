import Link from "next/link";
import { listAreas } from "@/db/queries/areas";
import { listIncidents, type IncidentSortKey } from "@/db/queries/incidents";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, isIncidentCategory } from "@/lib/incidents/standard";
import { IncidentsTable } from "./incidents-table";

export const generateMetadata = localisedTitle((t) => t.nav.incidents);

const PAGE_SIZE = 50;
const SORT_KEYS: IncidentSortKey[] = ["occurredAt", "category", "externalId", "area"];

type Search = Record<string, string | undefined>;

/** A yyyy-mm-dd from the date inputs as the UTC midnight it starts; anything else is ignored. */
function validDate(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const DAY_MS = 86_400_000;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { actor } = await requirePageIdentity("/incidents", "incidents.read");
  const search = await searchParams;
  const requestedPage = Math.max(1, Math.floor(Number(search.page)) || 1);
  const sort = SORT_KEYS.includes(search.sort as IncidentSortKey) ? (search.sort as IncidentSortKey) : "occurredAt";
  const descending = search.order !== "asc";
  const to = validDate(search.to);
  const filter = {
    category: search.category && isIncidentCategory(search.category) ? search.category : undefined,
    areaCode: search.area || undefined,
    status: (INCIDENT_STATUSES as readonly string[]).includes(search.status ?? "") ? search.status : undefined,
    from: validDate(search.from),
    // The "to" day is included: the data layer's bound is exclusive, so it gets the next midnight.
    to: to && new Date(to.getTime() + DAY_MS),
    search: search.q?.slice(0, 100) || undefined,
  };
  const [{ t, locale }, { rows, total }, areas] = await Promise.all([
    getMessages(),
    listIncidents(actor, filter, { offset: (requestedPage - 1) * PAGE_SIZE, limit: PAGE_SIZE, sort, descending }),
    listAreas(actor),
  ]);
  const l = t.incidents;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requestedPage, pages);
  const query = (changes: Search) => {
    const params = new URLSearchParams(Object.entries({ ...search, ...changes }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `/incidents?${params.toString()}`;
  };
  const exportParams = new URLSearchParams(
    Object.entries({
      format: "csv",
      category: filter.category,
      area: filter.areaCode,
      status: filter.status,
      from: filter.from?.toISOString(),
      to: filter.to?.toISOString(),
      q: filter.search,
    }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const sortLinks = Object.fromEntries(SORT_KEYS.map((key) => [key, { href: query({ sort: key, order: key === sort && descending ? "asc" : "desc", page: "1" }), active: key === sort ? (descending ? ("desc" as const) : ("asc" as const)) : null }]));
  const select = "rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      <form className="flex flex-wrap items-end gap-2" method="get" role="search" aria-label={t.table.filter}>
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="order" value={descending ? "desc" : "asc"} />
        <label className="flex flex-col text-xs">
          {l.category}
          <select name="category" defaultValue={filter.category ?? ""} className={select}>
            <option value="">{l.anyCategory}</option>
            {INCIDENT_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {l.categories[category]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {l.area}
          <select name="area" defaultValue={filter.areaCode ?? ""} className={select}>
            <option value="">{l.anyArea}</option>
            {areas.map((area) => (
              <option key={area.code} value={area.code}>
                {area.code} {area.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {l.status}
          <select name="status" defaultValue={filter.status ?? ""} className={select}>
            <option value="">{l.anyStatus}</option>
            {INCIDENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {l.statuses[status]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {l.from}
          <input type="date" name="from" defaultValue={search.from ?? ""} className={select} />
        </label>
        <label className="flex flex-col text-xs">
          {l.to}
          <input type="date" name="to" defaultValue={search.to ?? ""} className={select} />
        </label>
        <label className="flex flex-col text-xs">
          {l.search}
          <input type="search" name="q" defaultValue={search.q ?? ""} className={select} />
        </label>
        <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2">
          {l.apply}
        </button>
        <Link href="/incidents" className="px-1 py-1.5 text-sm text-brand-700 underline">
          {l.reset}
        </Link>
        <a href={`/api/v1/incidents?${exportParams.toString()}`} className="ml-auto text-sm text-brand-700 underline" data-testid="export-csv">
          {l.exportCsv}
        </a>
      </form>
      <p className="text-sm text-slate-600" data-testid="incident-total">
        {format(l.total, { count: total.toLocaleString(locale) })}
      </p>
      <IncidentsTable
        rows={rows.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() }))}
        labels={l}
        sortLinks={sortLinks}
        sorting={{ id: sort, desc: descending }}
        empty={t.table.empty}
      />
      <nav className="flex items-center gap-3 text-sm" aria-label={l.pagination}>
        {page > 1 ? <Link href={query({ page: String(page - 1) })} className="text-brand-700 underline">{t.table.previous}</Link> : <span className="text-slate-400">{t.table.previous}</span>}
        <span aria-current="page">{format(t.table.pageOf, { page: page.toLocaleString(locale), pages: pages.toLocaleString(locale) })}</span>
        {page < pages ? <Link href={query({ page: String(page + 1) })} className="text-brand-700 underline">{t.table.next}</Link> : <span className="text-slate-400">{t.table.next}</span>}
      </nav>
    </div>
  );
}
