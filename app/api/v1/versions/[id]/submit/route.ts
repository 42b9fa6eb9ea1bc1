import { applyVersionEvent } from "@/db/queries/models";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";

/** The registrant submits a draft; it is immutable from then on. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { actor } = await requireIdentity("models.register");
  return Response.json(await applyVersionEvent(actor, (await params).id, { type: "submit" }));
});
