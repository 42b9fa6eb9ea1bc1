import { recordPatrolOutcome } from "@/db/queries/patrols";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** What happened on a recorded patrol decision; once, by the officer who recorded it. */
export const POST = apiRoute<{ params: Promise<{ id: string; actionId: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("forecasts.act");
  const { id, actionId } = await params;
  return Response.json({ action: await recordPatrolOutcome(actor, id, actionId, await jsonBody(request)) });
});
