import { getVersionDataChanges } from "@/db/queries/objections-propagation";
import type { Actor } from "@/lib/auth/permissions";
import { format } from "@/lib/i18n/locales";
import { getMessages } from "@/lib/i18n/server";

/**
 * The "data changed" flag of a version: how many records of its training data upheld objections
 * changed, and whether that passed the policy's threshold, so its approval needs a new audit.
 */
export async function VersionDataChanges({ actor, versionId }: { actor: Actor; versionId: string }) {
  const [{ t, locale }, changes] = await Promise.all([getMessages(), getVersionDataChanges(actor, versionId)]);
  const l = t.objections.versionData;
  if (changes.changedRecords === 0) return null;
  return (
    <section className={`rounded border p-4 text-sm ${changes.needsReaudit ? "border-red-300 bg-red-50" : "border-amber-300 bg-amber-50"}`} data-testid="version-data-changed">
      <h2 className="font-semibold">{l.title}</h2>
      <p>{format(l.count, { count: changes.changedRecords, since: changes.changedSinceAudit, threshold: changes.threshold })}</p>
      <p className="font-medium" data-testid="version-needs-reaudit">{changes.needsReaudit ? l.needsReaudit : l.belowThreshold}</p>
      <details className="mt-1">
        <summary>{l.recent}</summary>
        <ul className="list-inside list-disc">
          {changes.recent.map((change, i) => (
            <li key={i}>
              {change.incidentExternalId} · {t.objections.changeKinds[change.change as keyof typeof t.objections.changeKinds] ?? change.change} · {new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(change.at)}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
