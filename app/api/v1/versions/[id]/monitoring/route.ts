import { requestMonitoring } from "@/db/queries/monitoring";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** Oversight runs monitoring of a version now, for a month (default the current one): a background job; poll /api/v1/jobs/{id}. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("monitoring.run");
  const empty = (await request.clone().text()).trim() === "";
  return Response.json(await requestMonitoring(actor, (await params).id, empty ? {} : await jsonBody(request)), { status: 202 });
});
