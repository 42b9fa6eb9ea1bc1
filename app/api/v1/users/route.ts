import { createUser, listUsers } from "@/db/queries/users";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

export const GET = apiRoute(async () => {
  const { actor } = await requireIdentity();
  const users = await listUsers(actor);
  return Response.json({ users });
});

export const POST = apiRoute(async (request) => {
  const { actor } = await requireIdentity();
  const user = await createUser(actor, (await jsonBody(request)) as Parameters<typeof createUser>[1]);
  return Response.json({ user }, { status: 201 });
});
