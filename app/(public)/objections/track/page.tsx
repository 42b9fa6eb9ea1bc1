import { redirect } from "next/navigation";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { parseTrackingCode } from "@/lib/objections/tracking-code";

export const generateMetadata = localisedTitle((t) => t.objections.track.title);

/** The lookup form; a well-formed code goes to its status page in canonical form. */
export default async function TrackPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const { code } = await searchParams;
  const canonical = typeof code === "string" ? parseTrackingCode(code) : null;
  if (canonical) redirect(`/objections/track/${canonical}`);
  const { t } = await getMessages();
  const l = t.objections.track;
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      <p className="text-slate-700">{l.intro}</p>
      <form method="get" className="flex flex-wrap items-end gap-2" data-testid="track-form">
        <label className="flex flex-col gap-1 text-sm">
          {l.code}
          <input name="code" defaultValue={code ?? ""} required autoComplete="off" spellCheck={false} className="w-72 rounded border border-slate-300 px-2 py-1 font-mono uppercase" />
        </label>
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">{l.lookup}</button>
      </form>
      {typeof code === "string" && code !== "" && <p role="alert" className="text-sm text-red-800">{l.invalid}</p>}
    </div>
  );
}
