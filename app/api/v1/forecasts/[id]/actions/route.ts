import { listPatrolActions, recordPatrolAction } from "@/db/queries/patrols";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

type Context = { params: Promise<{ id: string }> };

/** The officer's decision for one cell of a forecast they viewed: patrol, not acted on, or an extra cell. */
export const POST = apiRoute<Context>(async (request, { params }) => {
  const { actor } = await requireIdentity("forecasts.act");
  return Response.json({ action: await recordPatrolAction(actor, (await params).id, await jsonBody(request)) }, { status: 201 });
});

export const GET = apiRoute<Context>(async (_request, { params }) => {
  const { actor } = await requireIdentity("forecasts.act");
  return Response.json({ actions: await listPatrolActions(actor, (await params).id) });
});
