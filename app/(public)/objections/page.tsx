import Link from "next/link";
import { getIdentity } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getMessages, localisedTitle } from "@/lib/i18n/server";

export const generateMetadata = localisedTitle((t) => t.objections.hubTitle);

export default async function ObjectionsHubPage() {
  const [{ t }, identity] = await Promise.all([getMessages(), getIdentity().catch(() => null)]);
  const l = t.objections;
  const link = "block rounded border border-slate-200 bg-white p-4 text-brand-700 hover:bg-slate-50";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{l.hubTitle}</h1>
      <p className="max-w-3xl text-slate-700">{l.hubIntro}</p>
      <ul className="grid gap-3 sm:grid-cols-3">
        <li><Link href="/objections/new" className={link}>{l.fileLink}</Link></li>
        <li><Link href="/objections/track" className={link}>{l.trackLink}</Link></li>
        <li><Link href="/objections/stats" className={link}>{l.statsLink}</Link></li>
        {identity && can(identity.actor, "objections.read_own") && <li><Link href="/objections/mine" className={link}>{l.mine.title}</Link></li>}
      </ul>
    </div>
  );
}
