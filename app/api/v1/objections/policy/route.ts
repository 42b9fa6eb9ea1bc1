import { readObjectionPolicy, updateObjectionPolicy } from "@/db/queries/objections-maintenance";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** The objection policy in force (public): deadlines per jurisdiction and the re-audit threshold. */
export const GET = apiRoute(async () => Response.json(await readObjectionPolicy()));

/** Replaces the objection policy (administrators), recorded on the ledger; filed cases keep theirs. */
export const PUT = apiRoute(async (request) => {
  const { actor } = await requireIdentity("policies.manage");
  return Response.json(await updateObjectionPolicy(actor, await jsonBody(request)));
});
