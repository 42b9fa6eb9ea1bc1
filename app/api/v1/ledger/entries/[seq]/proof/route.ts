import { inclusionProofFor, ledgerSize } from "@/db/queries/ledger";
import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

function integer(value: string | null, name: string): number | null {
  if (value === null) return null;
  if (!/^\d{1,15}$/.test(value)) throw new AppError("invalid_input", `${name}: expected a positive integer`);
  return Number(value);
}

/** Inclusion proof of one entry in the tree of `treeSize` entries (default: the whole ledger). */
export const GET = apiRoute<{ params: Promise<{ seq: string }> }>(async (request, { params }) => {
  const seq = integer((await params).seq, "seq");
  const treeSize = integer(request.nextUrl.searchParams.get("treeSize"), "treeSize") ?? (await ledgerSize(await getDb()));
  return Response.json(await inclusionProofFor(seq ?? 0, treeSize));
});
