import { getPublicStatus } from "@/db/queries/objections";
import { apiRoute } from "@/lib/http/api";

/** A case's public status by its tracking code: minimal, no contact details, no officer names. */
export const GET = apiRoute<{ params: Promise<{ ref: string }> }>(async (_request, { params }) => {
  return Response.json(await getPublicStatus(decodeURIComponent((await params).ref)));
});
