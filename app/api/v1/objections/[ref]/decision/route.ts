import { decideObjection } from "@/db/queries/objections-handling";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** An oversight officer decides a case (or its appeal) by the case's id: { outcome, reasons, action? }. */
export const POST = apiRoute<{ params: Promise<{ ref: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("objections.handle");
  const result = await decideObjection(actor, (await params).ref, await jsonBody(request));
  return Response.json({ status: result.status, ledgerSeq: result.ledgerSeq, receipt: result.receipt, change: result.change });
});
