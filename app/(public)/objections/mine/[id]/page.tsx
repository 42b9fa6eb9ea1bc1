import { notFound } from "next/navigation";
import { getMyCase } from "@/db/queries/objections";
import { requirePageIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { CaseStatus } from "../../_components/case-status";

export const generateMetadata = localisedTitle((t) => t.objections.mine.title);

export default async function MyObjectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requirePageIdentity(`/objections/mine/${id}`, "objections.read_own");
  const { t, locale } = await getMessages();
  const view = await getMyCase(actor, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return <CaseStatus view={view} caseKey={{ caseId: id }} m={t} locale={locale} />;
}
