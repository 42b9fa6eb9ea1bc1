import { listVersions } from "@/db/queries/models";
import { can } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { MODEL_KINDS } from "@/lib/forecast";
import { getMessages } from "@/lib/i18n/server";
import { RegisterForm, VersionsTable } from "./registry-forms";

export const metadata = { title: "Models" };

export default async function ModelsPage() {
  const { actor } = await requirePageIdentity("/models", "models.read");
  const [{ t }, versions] = await Promise.all([getMessages(), listVersions(actor)]);
  const rows = versions.map((v) => ({ id: v.id, modelName: v.modelName, number: v.number, state: v.state, auditVerdict: v.auditVerdict, validUntil: v.validUntil?.toISOString() ?? null }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.registry.title}</h1>
      <VersionsTable rows={rows} labels={t.registry} empty={t.table.empty} />
      {can(actor, "models.register") && <RegisterForm labels={t.registry} algorithms={Object.keys(MODEL_KINDS).filter((kind) => kind !== "ensemble")} />}
    </div>
  );
}
