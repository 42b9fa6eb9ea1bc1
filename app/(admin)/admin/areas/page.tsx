import { AreaMap } from "@/app/_components/area-map";
import { listAreas, listAreaShapes } from "@/db/queries/areas";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages, localisedTitle } from "@/lib/i18n/server";

export const generateMetadata = localisedTitle((t) => t.nav.areas);

export default async function AreasPage() {
  const { actor } = await requirePageIdentity("/admin/areas", "areas.manage");
  const [{ t, locale }, areas, shapes] = await Promise.all([getMessages(), listAreas(actor), listAreaShapes(actor)]);
  const l = t.admin.areas;
  const number = new Intl.NumberFormat(locale);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      {areas.length === 0 ? <p>{l.none}</p> : <AreaMap areas={shapes} title={l.map} />}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="areas-table">
          <caption className="sr-only">{l.caption}</caption>
          <thead className="bg-slate-100">
            <tr>
              {[l.code, l.name, l.population, l.groups, l.incidents].map((header) => (
                <th key={header} scope="col" className="px-3 py-2 font-medium">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {areas.map((area) => (
              <tr key={area.id} className="border-t border-slate-100">
                <td className="px-3 py-1.5 font-mono">{area.code}</td>
                <td className="px-3 py-1.5">{area.name}</td>
                <td className="px-3 py-1.5 tabular-nums">{area.population === null ? "—" : number.format(area.population)}</td>
                <td className="px-3 py-1.5 text-xs">
                  {area.demographics
                    ? Object.entries(area.demographics.groups)
                        .map(([group, count]) => `${group} ${number.format(count)}`)
                        .join(" · ")
                    : "—"}
                </td>
                <td className="px-3 py-1.5 tabular-nums">{number.format(area.incidentCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
