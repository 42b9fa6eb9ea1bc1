import { revokeApiToken } from "@/db/queries/tokens";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";

export const DELETE = apiRoute<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { actor } = await requireIdentity();
  await revokeApiToken(actor, (await params).id);
  return new Response(null, { status: 204 });
});
