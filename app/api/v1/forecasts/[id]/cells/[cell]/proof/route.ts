import { cellProof } from "@/db/queries/forecasts";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

/** The Merkle audit path from one cell's stored prediction to the forecast root on the ledger. */
export const GET = apiRoute<{ params: Promise<{ id: string; cell: string }> }>(async (_request, { params }) => {
  const { actor } = await requireIdentity();
  const { id, cell } = await params;
  if (!/^\d{1,9}$/.test(cell)) throw new AppError("not_found", "No such cell of a forecast.");
  return Response.json(await cellProof(actor, id, Number(cell)));
});
