import { applyVersionEvent } from "@/db/queries/models";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** Any single oversight officer suspends an approved version at once, with a reason. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("versions.decide");
  const { reason } = await jsonBody(request);
  if (typeof reason !== "string") throw new AppError("invalid_input", "reason: expected a string");
  return Response.json(await applyVersionEvent(actor, (await params).id, { type: "suspend", reason }));
});
