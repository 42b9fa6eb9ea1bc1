import Link from "next/link";
import { getCaseByCode } from "@/db/queries/objections";
import { AppError } from "@/lib/errors";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { CaseStatus } from "../../_components/case-status";

export const generateMetadata = localisedTitle((t) => t.objections.track.title, { referrer: "no-referrer" });
export const dynamic = "force-dynamic";

/** Public status by tracking code: whoever holds the code is the citizen (they can answer and appeal here). */
export default async function CaseByCodePage({ params }: { params: Promise<{ code: string }> }) {
  const code = decodeURIComponent((await params).code);
  const { t, locale } = await getMessages();
  try {
    const view = await getCaseByCode(code);
    return <CaseStatus view={view} caseKey={{ code }} m={t} locale={locale} />;
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "not_found" && error.code !== "invalid_input")) throw error;
    return (
      <div className="space-y-3">
        <p role="alert" className="text-red-800">{error.code === "not_found" ? t.objections.track.notFound : t.objections.track.invalid}</p>
        <Link href="/objections/track" className="text-brand-700 underline">{t.objections.track.title}</Link>
      </div>
    );
  }
}
