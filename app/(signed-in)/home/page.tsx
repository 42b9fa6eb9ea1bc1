import Link from "next/link";
import { listJurisdiction } from "@/db/queries/areas";
import { navigationFor } from "@/lib/auth/navigation";
import { isScoped } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";

export const generateMetadata = localisedTitle((t) => t.nav.home);

export default async function HomePage() {
  const identity = await requirePageIdentity("/home", "profile.read_own");
  const [{ t }, jurisdiction] = await Promise.all([getMessages(), listJurisdiction(identity.actor)]);
  const scoped = isScoped(identity.actor.role);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{format(t.home.title, { name: identity.displayName })}</h1>
      <dl className="grid gap-4 sm:grid-cols-2">
        <div className="rounded border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">{t.home.role}</dt>
          <dd className="text-lg font-medium" data-testid="role">
            {t.roles[identity.actor.role]}
          </dd>
        </div>
        <div className="rounded border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">{t.home.jurisdiction}</dt>
          <dd data-testid="jurisdiction">
            {!scoped ? t.home.allAreas : jurisdiction.length === 0 ? t.home.noJurisdiction : jurisdiction.map((area) => `${area.code} ${area.name}`).join(", ")}
          </dd>
        </div>
      </dl>
      <section>
        <h2 className="mb-2 text-lg font-semibold">{t.home.whatYouCanDo}</h2>
        <ul className="list-inside list-disc">
          {navigationFor(identity.actor)
            .filter((item) => item.href !== "/home")
            .map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="text-brand-700 underline">
                  {t.nav[item.key]}
                </Link>
              </li>
            ))}
        </ul>
      </section>
    </div>
  );
}
