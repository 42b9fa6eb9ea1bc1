import { listJurisdiction } from "@/db/queries/areas";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async () => {
  const identity = await requireIdentity("profile.read_own");
  const jurisdiction = await listJurisdiction(identity.actor);
  return Response.json({
    id: identity.actor.userId,
    email: identity.email,
    displayName: identity.displayName,
    role: identity.actor.role,
    jurisdiction: jurisdiction.map((area) => area.code),
  });
});
