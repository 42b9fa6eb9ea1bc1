import type { AnnotationRow } from "@/db/queries/objections-propagation";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";

type Labels = Messages["forecasts"];

/**
 * Tells the officer that upheld objections changed incident records behind this forecast, by
 * district: the forecast itself is never rewritten, so the officer weighs it knowing this.
 */
export function ChangedDataNotice({ annotations, labels }: { annotations: AnnotationRow[]; labels: Labels }) {
  if (annotations.length === 0) return null;
  const byArea = new Map<string, AnnotationRow[]>();
  for (const row of annotations) {
    const area = row.areaCode ?? labels.changedDataUnknownArea;
    byArea.set(area, [...(byArea.get(area) ?? []), row]);
  }
  const areas = [...byArea.entries()].sort(([a], [b]) => a.localeCompare(b));
  return (
    <section role="note" aria-labelledby="changed-data" className="rounded border-l-4 border-orange-600 bg-orange-50 p-3 text-sm" data-testid="changed-data-notice">
      <h2 id="changed-data" className="font-semibold">
        {labels.changedDataTitle}
      </h2>
      <p>{labels.changedDataIntro}</p>
      <ul className="mt-2 space-y-1">
        {areas.map(([area, rows]) => (
          <li key={area} data-testid={`changed-data-${area}`}>
            <span className="font-medium">{format(labels.changedDataArea, { area, count: new Set(rows.map((r) => r.incidentExternalId)).size })}</span>
            <ul className="ml-4 list-disc">
              {rows.map((row) => (
                <li key={`${row.incidentExternalId}-${row.relation}-${row.createdAt.toISOString()}`}>
                  {format(labels.changedDataRecord, {
                    incident: row.incidentExternalId,
                    change: labels.changedDataChange[row.change as keyof Labels["changedDataChange"]] ?? row.change,
                    relation: labels.changedDataRelation[row.relation as keyof Labels["changedDataRelation"]] ?? row.relation,
                  })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
