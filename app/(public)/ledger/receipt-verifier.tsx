"use client";

import { useState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";
import type { JsonObject } from "@/lib/ledger/canonical-json";
import { verifyReceipt, type BrowserVerification } from "@/lib/ledger/verify-in-browser";

type Labels = Messages["ledger"];
type Outcome = { result: BrowserVerification; entry: JsonObject; leafMatches: boolean } | { missing: true } | null;

/** Fetches a proof and the signed checkpoint, then checks both here, in the reader's browser. */
export function ReceiptVerifier({ labels, initialSeq, initialLeaf }: { labels: Labels; initialSeq?: string; initialLeaf?: string }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  async function check(form: FormData) {
    setBusy(true);
    setOutcome(null);
    try {
      const seq = String(form.get("seq") ?? "").trim();
      const expectedLeaf = String(form.get("leaf") ?? "").trim().toLowerCase();
      const signed = await fetch("/api/v1/ledger/checkpoint").then((r) => (r.ok ? r.json() : null));
      const proof = signed ? await fetch(`/api/v1/ledger/entries/${encodeURIComponent(seq)}/proof?treeSize=${signed.checkpoint.treeSize}`).then((r) => (r.ok ? r.json() : null)) : null;
      if (!signed || !proof) {
        setOutcome({ missing: true });
        return;
      }
      const result = await verifyReceipt({
        entry: proof.entry,
        leafHash: proof.leafHash,
        leafIndex: proof.leafIndex,
        auditPath: proof.auditPath,
        checkpoint: signed.checkpoint,
        signature: signed.signature,
        publicKey: signed.publicKey,
      });
      setOutcome({ result, entry: proof.entry, leafMatches: !expectedLeaf || expectedLeaf === proof.leafHash });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{labels.verifyTitle}</h2>
      <p className="text-sm text-slate-600">{labels.verifyIntro}</p>
      <form action={check} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          {labels.seq}
          <input name="seq" defaultValue={initialSeq} required inputMode="numeric" pattern="[0-9]+" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-1 flex-col text-sm">
          {labels.expectedLeaf}
          <input name="leaf" defaultValue={initialLeaf} pattern="[0-9a-fA-F]{64}" className="rounded border border-slate-300 px-2 py-1 font-mono" />
        </label>
        <button type="submit" disabled={busy} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">
          {busy ? labels.verifying : labels.verify}
        </button>
      </form>
      <div aria-live="polite" data-testid="verification">
        {outcome && "missing" in outcome && <p className="text-red-800">{format(labels.failed, { reason: labels.reasons.not_found })}</p>}
        {outcome && "result" in outcome && (
          <div className="space-y-2 text-sm">
            {outcome.result.ok ? (
              <p className={outcome.leafMatches ? "font-medium text-green-800" : "font-medium text-amber-800"}>{outcome.leafMatches ? labels.verified : labels.leafDiffers}</p>
            ) : (
              <p className="font-medium text-red-800">{format(labels.failed, { reason: labels.reasons[outcome.result.reason] })}</p>
            )}
            <h3 className="font-semibold">{labels.path}</h3>
            <ol className="list-decimal space-y-1 pl-6 font-mono text-xs">
              {outcome.result.steps.map((step, i) => (
                <li key={i} className="break-all">
                  {format(labels.step, { side: step.side === "left" ? labels.left : labels.right, sibling: step.sibling.slice(0, 16) + "…", result: step.result.slice(0, 16) + "…" })}
                </li>
              ))}
            </ol>
            <h3 className="font-semibold">{labels.entryTitle}</h3>
            <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">{JSON.stringify(outcome.entry, null, 2)}</pre>
          </div>
        )}
      </div>
    </section>
  );
}
