import type { PublicRegionalView } from "@/db/queries/regional";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import type { BorderSummary } from "@/lib/monitoring";
import { LAYERS, layerText, RegionalMap, type CellOverlay, type Layer } from "./regional-map";

type Labels = Messages["regional"];

const percent = (value: number | null) => layerText("change", value);

/** Month and layer chosen in the address (a plain GET form: works without script). */
export function chosenView(view: PublicRegionalView, search: Record<string, string | undefined>): { month: string; layer: Layer } {
  const month = search.month && view.months.includes(search.month) ? search.month : view.months.at(-1)!;
  const layer = (LAYERS as readonly string[]).includes(search.layer ?? "") ? (search.layer as Layer) : "change";
  return { month, layer };
}

/** The month and layer picker, the map, the district table and the border summary. */
export function RegionalBody({ view, month, layer, labels, action, overlay }: { view: PublicRegionalView; month: string; layer: Layer; labels: Labels; action: string; overlay?: CellOverlay[] }) {
  const districts = view.districts.filter((d) => d.month === month);
  const names = new Map(view.areas.map((a) => [a.code, a.name]));
  return (
    <div className="space-y-6">
      <form method="get" action={action} className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3" data-testid="regional-controls">
        <label className="flex flex-col text-sm">
          {labels.month}
          <select name="month" defaultValue={month} className="rounded border border-slate-300 px-2 py-1">
            {view.months.map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          {labels.layer}
          <select name="layer" defaultValue={layer} className="rounded border border-slate-300 px-2 py-1">
            {LAYERS.map((l) => (
              <option key={l} value={l}>{labels.layers[l]}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-brand-600 px-3 py-1 text-sm text-white hover:bg-brand-700">{labels.show}</button>
      </form>
      <RegionalMap
        areas={view.areas}
        districts={districts}
        layer={layer}
        month={month}
        centralMeridian={view.centralMeridian}
        overlay={overlay}
        labels={{ mapTitle: labels.mapTitle, mapLabel: labels.mapLabel, areaTitle: labels.areaTitle, layerName: labels.layers[layer], legendTreated: labels.legendTreated, legendNeighbour: labels.legendNeighbour, legendNoData: labels.legendNoData, legendFewer: labels.legendFewer, legendMore: labels.legendMore }}
      />
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="regional-table">
          <caption className="p-2 text-left font-semibold">{format(labels.tableCaption, { month })}</caption>
          <thead className="bg-slate-100">
            <tr>
              {[labels.district, labels.flaggedShare, labels.dosage, labels.incidents, labels.change, labels.situation, labels.neighbours].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {districts.map((d) => (
              <tr key={d.area} className={`border-t border-slate-100 ${d.treated ? "bg-amber-50" : d.bordersTreated ? "bg-orange-50/40" : ""}`} data-area={d.area}>
                <th scope="row" className="px-3 py-2 font-medium">{d.area} {names.get(d.area)}</th>
                <td className="px-3 py-2 tabular-nums">{layerText("flagged", d.flaggedShare)}</td>
                <td className="px-3 py-2 tabular-nums">{d.dosageMinutes.toFixed(0)}</td>
                <td className="px-3 py-2 tabular-nums">{d.incidents}</td>
                <td className="px-3 py-2 tabular-nums">{percent(d.change)}</td>
                <td className="px-3 py-2">{d.treated ? labels.treated : d.bordersTreated ? labels.bordersTreated : labels.untreated}</td>
                <td className="px-3 py-2">{(view.adjacency[d.area] ?? []).join(", ") || labels.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BorderTable border={view.border} labels={labels} />
    </div>
  );
}

function BorderTable({ border, labels }: { border: BorderSummary[]; labels: Labels }) {
  return (
    <section className="space-y-2" aria-labelledby="border-title">
      <h2 id="border-title" className="text-lg font-semibold">{labels.borderTitle}</h2>
      <p className="max-w-3xl text-sm text-slate-700">{labels.borderIntro}</p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="border-table">
          <caption className="sr-only">{labels.borderCaption}</caption>
          <thead className="bg-slate-100">
            <tr>
              {[labels.month, labels.borderTreated, labels.borderNeighbours, labels.borderOthers, labels.borderExcess].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {border.map((b) => (
              <tr key={b.month} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 font-medium">{b.month}</th>
                <td className="px-3 py-2 tabular-nums">{percent(b.treated)}</td>
                <td className="px-3 py-2 tabular-nums">{percent(b.neighbours)}</td>
                <td className="px-3 py-2 tabular-nums">{percent(b.others)}</td>
                <td className={`px-3 py-2 tabular-nums ${b.neighbourExcess !== null && b.neighbourExcess > 0.1 ? "font-semibold text-red-800" : ""}`}>{b.neighbourExcess === null ? labels.none : format(labels.points, { n: `${b.neighbourExcess > 0 ? "+" : ""}${(b.neighbourExcess * 100).toFixed(0)}` })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
