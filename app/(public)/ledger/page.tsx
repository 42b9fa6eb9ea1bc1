import { latestCheckpoint } from "@/db/queries/ledger-checkpoints";
import { listLedgerEntries } from "@/db/queries/ledger";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { ReceiptVerifier } from "./receipt-verifier";

export const generateMetadata = localisedTitle((t) => t.ledger.title);

/** `?seq=&leaf=` fill the verifier from a receipt link (e.g. a forecast view's). */
export default async function LedgerPage({ searchParams }: { searchParams: Promise<{ seq?: string; leaf?: string }> }) {
  const { seq, leaf } = await searchParams;
  const [{ t }, checkpoint, entries] = await Promise.all([getMessages(), latestCheckpoint(), listLedgerEntries({ limit: 25 })]);
  const l = t.ledger;
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold">{l.title}</h1>
        <p className="max-w-3xl text-slate-700">{l.intro}</p>
      </section>
      <section className="rounded border border-slate-200 bg-white p-4" data-testid="checkpoint">
        <h2 className="mb-2 text-lg font-semibold">{l.checkpointTitle}</h2>
        {checkpoint ? (
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-500">{l.treeSize}</dt>
            <dd data-testid="tree-size">{checkpoint.checkpoint.treeSize}</dd>
            <dt className="text-slate-500">{l.rootHash}</dt>
            <dd className="break-all font-mono">{checkpoint.checkpoint.rootHash}</dd>
            <dt className="text-slate-500">{l.signedAt}</dt>
            <dd>{checkpoint.checkpoint.timestamp}</dd>
            <dt className="text-slate-500">{l.publicKey}</dt>
            <dd className="break-all font-mono">{checkpoint.publicKey}</dd>
            <dt className="text-slate-500">{l.signature}</dt>
            <dd className="break-all font-mono text-xs">{checkpoint.signature}</dd>
          </dl>
        ) : (
          <p>{l.noCheckpoint}</p>
        )}
        <p className="mt-2 text-xs text-slate-500">{l.verifyCli}</p>
      </section>
      <ReceiptVerifier labels={l} initialSeq={typeof seq === "string" && /^\d{1,12}$/.test(seq) ? seq : undefined} initialLeaf={typeof leaf === "string" && /^[0-9a-f]{64}$/i.test(leaf) ? leaf : undefined} />
      <section>
        <h2 className="mb-2 text-lg font-semibold">{l.recentTitle}</h2>
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">#</th>
                <th scope="col" className="px-3 py-2">{l.kind}</th>
                <th scope="col" className="px-3 py-2">{l.actor}</th>
                <th scope="col" className="px-3 py-2">{l.recordedAt}</th>
                <th scope="col" className="px-3 py-2">{l.leafHash}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq} className="border-t border-slate-100">
                  <td className="px-3 py-1">{entry.seq}</td>
                  <td className="px-3 py-1">{entry.kind}</td>
                  <td className="px-3 py-1 font-mono">{entry.actor}</td>
                  <td className="px-3 py-1">{entry.recordedAt}</td>
                  <td className="px-3 py-1 font-mono text-xs">{entry.leafHash.slice(0, 16)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
