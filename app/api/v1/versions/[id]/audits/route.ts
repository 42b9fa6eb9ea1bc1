import { startAudit } from "@/db/queries/audits";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** Launches an audit { from, to, horizonDays?, coverage? } on a fresh data snapshot: oversight officers. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("versions.decide");
  return Response.json(await startAudit(actor, (await params).id, await jsonBody(request)), { status: 202 });
});
