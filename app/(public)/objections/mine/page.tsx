import Link from "next/link";
import { listMyCases } from "@/db/queries/objections";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { CLOCK_STYLE } from "../_components/case-status";
import { formatDate } from "../_components/format";

export const generateMetadata = localisedTitle((t) => t.objections.mine.title);

export default async function MyObjectionsPage() {
  const { actor } = await requirePageIdentity("/objections/mine", "objections.read_own");
  const [{ t, locale }, cases] = await Promise.all([getMessages(), listMyCases(actor)]);
  const l = t.objections;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{l.mine.title}</h1>
      <p className="text-slate-700">{l.mine.intro}</p>
      <Link href="/objections/new" className="inline-block rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">{l.mine.fileNew}</Link>
      {cases.length === 0 ? (
        <p>{l.mine.empty}</p>
      ) : (
        <ul className="space-y-2" data-testid="my-objections">
          {cases.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-3 rounded border border-slate-200 bg-white p-3 text-sm">
              <span className="font-mono">…{c.trackingHint}</span>
              <span>{l.kindShort[c.kind]}</span>
              <span>{l.statuses[c.status]}</span>
              {c.outcome && <span className="font-medium">{l.outcomes[c.outcome]}</span>}
              {c.clock !== "closed" && <span className={`rounded px-2 py-0.5 text-xs ring-1 ${CLOCK_STYLE[c.clock]}`}>{l.clocks[c.clock as keyof typeof l.clocks]} · {formatDate(c.dueAt, locale)}</span>}
              <Link href={`/objections/mine/${c.id}`} className="ml-auto text-brand-700 underline">{l.mine.open}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
