import Link from "next/link";
import type { Messages } from "@/lib/i18n/messages";
import type { PublicCheckpoint } from "@/lib/register/entry";

/** The latest signed ledger checkpoint the register was read against. */
export function Checkpoint({ checkpoint, t }: { checkpoint: PublicCheckpoint | null; t: Messages["register"] }) {
  return (
    <section className="rounded border border-slate-200 bg-white p-4 break-inside-avoid" aria-labelledby="checkpoint-title" data-testid="register-checkpoint">
      <h2 id="checkpoint-title" className="mb-1 text-lg font-semibold">{t.checkpointTitle}</h2>
      <p className="mb-2 text-sm text-slate-700">{t.checkpointIntro}</p>
      {checkpoint ? (
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-600">{t.treeSize}</dt>
          <dd>{checkpoint.treeSize}</dd>
          <dt className="text-slate-600">{t.rootHash}</dt>
          <dd className="break-all font-mono">{checkpoint.rootHash}</dd>
          <dt className="text-slate-600">{t.signedAt}</dt>
          <dd>{checkpoint.timestamp}</dd>
        </dl>
      ) : (
        <p className="text-sm">{t.noCheckpoint}</p>
      )}
      <p className="no-print mt-2 text-sm">
        <Link href="/ledger" className="text-brand-700 underline">{t.verifyLink}</Link>
      </p>
    </section>
  );
}
