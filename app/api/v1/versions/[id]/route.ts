import { getVersion } from "@/db/queries/models";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { actor } = await requireIdentity("models.read");
  return Response.json({ version: await getVersion(actor, (await params).id) });
});
