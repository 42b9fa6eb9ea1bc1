import { listAreasForIntake } from "@/db/queries/objections";
import { env } from "@/lib/env";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { IntakeForm } from "./intake-form";

export const generateMetadata = localisedTitle((t) => t.objections.form.title);
export const dynamic = "force-dynamic";

/** Public: no sign-in needed. A signed-in citizen's case also appears under "My objections". */
export default async function NewObjectionPage() {
  const [{ t }, areas] = await Promise.all([getMessages(), listAreasForIntake()]);
  return <IntakeForm t={t.objections} areas={areas} retentionDays={env().OBJECTION_CONTACT_RETENTION_DAYS} />;
}
