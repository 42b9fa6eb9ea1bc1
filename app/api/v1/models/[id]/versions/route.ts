import { registerVersion } from "@/db/queries/models";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** Registers a draft version with its definition and model card. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("models.register");
  const body = await jsonBody(request);
  const version = await registerVersion(actor, (await params).id, { definition: body.definition, modelCard: body.modelCard });
  return Response.json({ version }, { status: 201 });
});
