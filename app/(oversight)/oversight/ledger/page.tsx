import Link from "next/link";
import { latestLedgerVerification } from "@/db/queries/ledger-integrity";
import { listLedgerEntries } from "@/db/queries/ledger";
import { requirePageIdentity } from "@/lib/auth/session";
import { format } from "@/lib/i18n/locales";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { LEDGER_KINDS } from "@/lib/ledger/entry-kinds";
import { verifyLedgerAction } from "./actions";
import { LedgerTable } from "./ledger-table";

export const generateMetadata = localisedTitle((t) => t.nav.ledger);
const PAGE = 100;

type Search = Record<string, string | undefined>;

export default async function OversightLedgerPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { actor } = await requirePageIdentity("/oversight/ledger", "ledger.audit");
  const search = await searchParams;
  const beforeSeq = /^\d+$/.test(search.before ?? "") ? Number(search.before) : undefined;
  const [{ t }, entries, integrity] = await Promise.all([
    getMessages(),
    listLedgerEntries({
      kind: search.kind || undefined,
      actor: search.actor?.trim() || undefined,
      subject: search.subject?.trim() || undefined,
      from: search.from ? new Date(search.from).toISOString() : undefined,
      to: search.to ? new Date(search.to).toISOString() : undefined,
      beforeSeq,
      limit: PAGE,
    }),
    latestLedgerVerification(actor),
  ]);
  const l = { ...t.ledger, ...t.oversightLedger };
  const result = integrity?.result;
  const status = !integrity
    ? l.neverVerified
    : integrity.status === "succeeded" && result
      ? result.ok
        ? format(l.intact, { entries: result.entries ?? 0, checkpoints: result.checkpoints ?? 0, seconds: (result.seconds ?? 0).toFixed(1) })
        : format(l.broken, { fault: result.fault ?? "bad_signature", seq: String(result.seq ?? "—"), detail: result.detail ?? (result.badSignatures ?? []).join(", ") })
      : integrity.status === "failed"
        ? format(l.verifyFailed, { error: integrity.error ?? "" })
        : l.verifying;
  const input = "rounded border border-slate-300 px-2 py-1 text-sm";
  const last = entries.at(-1);
  const next = new URLSearchParams(Object.entries({ ...search, before: last ? String(last.seq) : undefined }).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{l.title}</h1>
      <section className="flex flex-wrap items-center gap-3 rounded border border-slate-200 bg-white p-4" data-testid="integrity">
        <p className={result && integrity?.status === "succeeded" ? (result.ok ? "text-green-800" : "font-semibold text-red-800") : "text-slate-700"}>
          {l.integrity}: {status} {integrity ? `(${integrity.requestedAt.toISOString().slice(0, 16).replace("T", " ")})` : ""}
        </p>
        <form action={verifyLedgerAction}>
          <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-sm text-white">
            {l.verifyNow}
          </button>
        </form>
        <Link href="/ledger" className="text-sm text-brand-700 underline">
          {l.publicPage}
        </Link>
      </section>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs">
          {l.kind}
          <select name="kind" defaultValue={search.kind ?? ""} className={input}>
            <option value="">{l.anyKind}</option>
            {LEDGER_KINDS.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          {l.actor}
          <input name="actor" defaultValue={search.actor ?? ""} className={input} />
        </label>
        <label className="flex flex-col text-xs">
          {l.subjects}
          <input name="subject" defaultValue={search.subject ?? ""} className={input} />
        </label>
        <label className="flex flex-col text-xs">
          {l.from}
          <input type="datetime-local" name="from" defaultValue={search.from ?? ""} className={input} />
        </label>
        <label className="flex flex-col text-xs">
          {l.to}
          <input type="datetime-local" name="to" defaultValue={search.to ?? ""} className={input} />
        </label>
        <button type="submit" className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white">
          {l.filter}
        </button>
      </form>
      <LedgerTable
        rows={entries.map((entry) => ({
          seq: entry.seq,
          kind: entry.kind,
          actor: entry.actor,
          recordedAt: entry.recordedAt,
          leafHash: entry.leafHash,
          subjects: ((entry.subjects as { type: string; id: string }[] | undefined) ?? []).map((s) => `${s.type}:${s.id}`).join(" "),
        }))}
        labels={l}
        empty={t.table.empty}
      />
      {entries.length === PAGE && (
        <Link href={`/oversight/ledger?${next.toString()}`} className="text-sm text-brand-700 underline">
          {t.table.next}
        </Link>
      )}
    </div>
  );
}
