import { listOwnApiTokens } from "@/db/queries/tokens";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { revokeTokenAction } from "./actions";
import { TokenForm } from "./token-form";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const identity = await requirePageIdentity("/account", "tokens.manage_own");
  const [{ t }, tokens] = await Promise.all([getMessages(), listOwnApiTokens(identity.actor)]);
  const l = t.account;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      <p className="text-sm text-slate-600">{l.intro}</p>
      <TokenForm labels={l} />
      <table className="w-full rounded border border-slate-200 bg-white text-left text-sm" data-testid="tokens-table">
        <caption className="sr-only">{l.title}</caption>
        <thead className="bg-slate-100">
          <tr>
            {[l.tokenName, l.prefix, l.createdAt, l.lastUsed, l.state, ""].map((header, i) => (
              <th key={i} scope="col" className="px-3 py-2 font-medium">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-t border-slate-100">
              <td className="px-3 py-1.5">{token.name}</td>
              <td className="px-3 py-1.5 font-mono">{token.prefix}…</td>
              <td className="px-3 py-1.5">{token.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
              <td className="px-3 py-1.5">{token.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "—"}</td>
              <td className="px-3 py-1.5">{token.revokedAt ? l.revoked : l.active}</td>
              <td className="px-3 py-1.5">
                {!token.revokedAt && (
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="tokenId" value={token.id} />
                    <button type="submit" className="text-red-700 underline">
                      {l.revoke}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
