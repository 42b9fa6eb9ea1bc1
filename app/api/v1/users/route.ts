import { createUser, listUsers } from "@/db/queries/users";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async () => {
  const { actor } = await requireIdentity();
  const users = await listUsers(actor);
  return Response.json({ users });
});

export const POST = apiRoute(async (request) => {
  const { actor } = await requireIdentity();
  const body: unknown = await request.json().catch(() => {
    throw new AppError("invalid_input", "body: expected a JSON object");
  });
  const user = await createUser(actor, body as Parameters<typeof createUser>[1]);
  return Response.json({ user }, { status: 201 });
});
