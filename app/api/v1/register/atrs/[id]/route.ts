import { getRegisterEntry } from "@/db/queries/register";
import { apiRoute } from "@/lib/http/api";
import { atrsRecordSchema } from "@/lib/register/atrs-schema";
import { atrsRecord } from "@/lib/register/to-atrs";
import { originOf } from "../../formats";

/** One version's UK ATRS record (tier 1 and tier 2). */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { entry, register } = await getRegisterEntry((await params).id);
  const record = atrsRecord(entry, { organisation: register.organisation, baseUrl: originOf(request), checkpoint: register.checkpoint });
  return Response.json(atrsRecordSchema.parse(record), { headers: { "Content-Disposition": `inline; filename="sightline-atrs-${entry.id}.json"` } });
});
