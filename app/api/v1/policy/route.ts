import { getDb } from "@/db";
import { currentPolicy, updatePolicy } from "@/db/queries/audits";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

/** The audit policy in force. */
export const GET = apiRoute(async () => {
  await requireIdentity("models.read");
  return Response.json(await currentPolicy(await getDb()));
});

/** A new policy version (admins), recorded on the ledger. */
export const PUT = apiRoute(async (request) => {
  const { actor } = await requireIdentity("policies.manage");
  return Response.json(await updatePolicy(actor, await jsonBody(request)));
});
