import { registerModel } from "@/db/queries/models";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** Registers a model (name, purpose): model developers only. */
export const POST = apiRoute(async (request) => {
  const { actor } = await requireIdentity("models.register");
  return Response.json({ model: await registerModel(actor, await jsonBody(request)) }, { status: 201 });
});
