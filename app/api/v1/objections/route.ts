import type { NextRequest } from "next/server";
import { submitObjection } from "@/db/queries/objections";
import { clientIp } from "@/lib/auth/client-ip";
import { getIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/**
 * Files an objection (public). A signed-in citizen's case also appears in their own list. A retry
 * with the same Idempotency-Key gets the same answer, marked Idempotent-Replayed.
 */
export const POST = apiRoute(async (request: NextRequest) => {
  const input = await jsonBody(request);
  const identity = await getIdentity();
  const filed = await submitObjection({ input, idempotencyKey: request.headers.get("idempotency-key"), clientIp: clientIp(request.headers), submitter: identity?.actor ?? null });
  const { replayed, ...body } = filed;
  return Response.json(body, { status: 201, headers: replayed ? { "Idempotent-Replayed": "true" } : {} });
});
