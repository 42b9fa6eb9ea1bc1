import { createApiToken, listOwnApiTokens } from "@/db/queries/tokens";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

export const GET = apiRoute(async () => {
  const { actor } = await requireIdentity();
  return Response.json({ tokens: await listOwnApiTokens(actor) });
});

export const POST = apiRoute(async (request) => {
  const { actor } = await requireIdentity();
  const body = await jsonBody(request);
  if (typeof body.name !== "string") throw new AppError("invalid_input", "name: expected a string");
  const created = await createApiToken(actor, body.name);
  return Response.json(created, { status: 201 });
});
