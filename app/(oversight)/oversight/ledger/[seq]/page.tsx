import { notFound } from "next/navigation";
import { latestCheckpoint } from "@/db/queries/ledger-checkpoints";
import { inclusionProofFor } from "@/db/queries/ledger";
import { requirePageIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { fromHex, verifyInclusion } from "@/lib/ledger";

export const generateMetadata = localisedTitle((t) => t.ledger.entryTitle);

/** One entry with its inclusion proof in the latest signed checkpoint, checked on the server. */
export default async function LedgerEntryPage({ params }: { params: Promise<{ seq: string }> }) {
  const { seq } = await params;
  await requirePageIdentity(`/oversight/ledger/${seq}`, "ledger.audit");
  if (!/^\d{1,15}$/.test(seq)) notFound();
  const [{ t }, checkpoint] = await Promise.all([getMessages(), latestCheckpoint()]);
  const l = { ...t.ledger, ...t.oversightLedger };
  const proof = checkpoint
    ? await inclusionProofFor(Number(seq), checkpoint.checkpoint.treeSize).catch((error: unknown) => {
        if (error instanceof AppError && error.code !== "unavailable") return null;
        throw error;
      })
    : null;
  const ok = proof && checkpoint ? verifyInclusion(proof.leafIndex, proof.treeSize, fromHex(proof.leafHash), proof.auditPath.map(fromHex), fromHex(checkpoint.checkpoint.rootHash)).ok : false;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">
        {l.entryTitle} #{seq}
      </h1>
      {!proof ? (
        <p>{l.notInCheckpoint}</p>
      ) : (
        <>
          <p className={ok ? "text-green-800" : "font-semibold text-red-800"} data-testid="entry-proof-status">
            {ok ? l.verified : l.proofFailed}
          </p>
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-500">{l.leafHash}</dt>
            <dd className="break-all font-mono">{proof.leafHash}</dd>
            <dt className="text-slate-500">{l.treeSize}</dt>
            <dd>{proof.treeSize}</dd>
            <dt className="text-slate-500">{l.rootHash}</dt>
            <dd className="break-all font-mono">{proof.rootHash}</dd>
          </dl>
          <h2 className="font-semibold">{l.path}</h2>
          <ol className="list-decimal pl-6 font-mono text-xs">
            {proof.auditPath.map((hash, i) => (
              <li key={i} className="break-all">
                {hash}
              </li>
            ))}
          </ol>
          <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">{JSON.stringify(proof.entry, null, 2)}</pre>
        </>
      )}
    </div>
  );
}
