import { listOwnApiTokens } from "@/db/queries/tokens";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { RevokeButton } from "./revoke-button";
import { TokenForm } from "./token-form";

export const generateMetadata = localisedTitle((t) => t.nav.account);

export default async function AccountPage() {
  const identity = await requirePageIdentity("/account", "tokens.manage_own");
  const [{ t, locale }, tokens] = await Promise.all([getMessages(), listOwnApiTokens(identity.actor)]);
  const l = t.account;
  const when = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      <p className="text-sm text-slate-600">{l.intro}</p>
      <TokenForm labels={l} />
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="tokens-table">
          <caption className="sr-only">{l.title}</caption>
          <thead className="bg-slate-100">
            <tr>
              {[l.tokenName, l.prefix, l.createdAt, l.lastUsed, l.state].map((header) => (
                <th key={header} scope="col" className="px-3 py-2 font-medium">
                  {header}
                </th>
              ))}
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{l.revoke}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-4 text-center text-slate-500">
                  {t.table.empty}
                </td>
              </tr>
            )}
            {tokens.map((token) => (
              <tr key={token.id} className="border-t border-slate-100">
                <td className="px-3 py-1.5">{token.name}</td>
                <td className="px-3 py-1.5 font-mono">{token.prefix}…</td>
                <td className="px-3 py-1.5"><time dateTime={token.createdAt.toISOString()}>{when.format(token.createdAt)}</time></td>
                <td className="px-3 py-1.5">{token.lastUsedAt ? <time dateTime={token.lastUsedAt.toISOString()}>{when.format(token.lastUsedAt)}</time> : "—"}</td>
                <td className="px-3 py-1.5">{token.revokedAt ? l.revoked : l.active}</td>
                <td className="px-3 py-1.5">
                  {!token.revokedAt && <RevokeButton tokenId={token.id} label={l.revoke} tokenName={token.name} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
