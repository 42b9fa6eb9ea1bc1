import { requestMonitoring } from "@/db/queries/monitoring";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { optionalJsonBody } from "@/lib/http/json-body";

/** Oversight runs monitoring of a version now, for a month (default the current one): a background job; poll /api/v1/jobs/{id}. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("monitoring.run");
  return Response.json(await requestMonitoring(actor, (await params).id, await optionalJsonBody(request)), { status: 202 });
});
