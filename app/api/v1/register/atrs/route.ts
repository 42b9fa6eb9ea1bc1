import { getRegister } from "@/db/queries/register";
import { apiRoute } from "@/lib/http/api";
import { atrsRegisterSchema } from "@/lib/register/atrs-schema";
import { atrsRegister } from "@/lib/register/to-atrs";
import { originOf } from "../formats";

/** The whole register as UK ATRS records (tier 1 and tier 2), checked against the schema before it leaves. */
export const GET = apiRoute(async (request) => {
  const register = await getRegister();
  return Response.json(atrsRegisterSchema.parse(atrsRegister(register, originOf(request))), {
    headers: { "Content-Disposition": `inline; filename="sightline-atrs-${register.generatedAt.toISOString().slice(0, 10)}.json"` },
  });
});
