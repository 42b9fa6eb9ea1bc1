import { listLedgerEntries } from "@/db/queries/ledger";
import { apiRoute } from "@/lib/http/api";

/** Entries, newest first: public, since they hold pseudonyms and hashes only. */
export const GET = apiRoute(async (request) => {
  const params = request.nextUrl.searchParams;
  const afterSeq = params.get("afterSeq");
  const entries = await listLedgerEntries({
    kind: params.get("kind") ?? undefined,
    actor: params.get("actor") ?? undefined,
    subject: params.get("subject") ?? undefined,
    afterSeq: afterSeq && /^\d+$/.test(afterSeq) ? Number(afterSeq) : undefined,
    limit: Number(params.get("limit") ?? 100) || 100,
  });
  return Response.json({ entries });
});
