import { acknowledgeAlert } from "@/db/queries/monitoring-read";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** An oversight officer acknowledges a monitoring alert once, saying what was done { note }; on the ledger. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("monitoring.acknowledge");
  return Response.json(await acknowledgeAlert(actor, (await params).id, await jsonBody(request)));
});
