import { listDecisionQueue, listVersions } from "@/db/queries/models";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { MODEL_KINDS } from "@/lib/forecast";
import { getMessages } from "@/lib/i18n/server";
import { QueueTable, RegisterForm, VersionsTable } from "./registry-forms";

export const metadata = { title: "Models" };

export default async function ModelsPage() {
  const { actor } = await requirePageIdentity("/models", "models.read");
  const decides = can(actor, "versions.decide");
  const [{ t }, versions, queue] = await Promise.all([getMessages(), listVersions(actor), decides ? listDecisionQueue(actor) : Promise.resolve([])]);
  const rows = versions.map((v) => ({ id: v.id, modelName: v.modelName, number: v.number, state: v.state, auditVerdict: v.auditVerdict, validUntil: v.validUntil?.toISOString() ?? null }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.registry.title}</h1>
      {decides && (
        <section className="space-y-2" aria-labelledby="queue-title">
          <h2 id="queue-title" className="text-lg font-semibold">{t.registry.queueTitle}</h2>
          <QueueTable rows={queue.map((q) => ({ ...q, since: q.since.toISOString() }))} labels={t.registry} />
        </section>
      )}
      <section className="space-y-2" aria-labelledby="versions-title">
        <h2 id="versions-title" className="text-lg font-semibold">{t.registry.allVersionsTitle}</h2>
        <VersionsTable rows={rows} labels={t.registry} empty={t.table.empty} />
      </section>
      {can(actor, "models.register") && <RegisterForm labels={t.registry} algorithms={Object.keys(MODEL_KINDS).filter((kind) => kind !== "ensemble")} />}
    </div>
  );
}
