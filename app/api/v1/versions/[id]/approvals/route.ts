import { z } from "zod";
import { applyVersionEvent } from "@/db/queries/models";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { jsonBody } from "@/lib/http/json-body";

const decisionSchema = z.discriminatedUnion("decision", [
  z.object({
    decision: z.literal("approve"),
    scope: z.object({ areaCodes: z.array(z.string()).max(500), categories: z.array(z.string()).max(20) }),
    validUntil: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().max(2000),
    override: z.string().max(2000).optional(),
  }),
  z.object({ decision: z.literal("reject"), reason: z.string().max(2000) }),
]);

/** An oversight officer's approval or rejection, with scope, valid-until and reasons. */
export const POST = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { actor } = await requireIdentity("versions.decide");
  const parsed = decisionSchema.safeParse(await jsonBody(request));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("invalid_input", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  const body = parsed.data;
  const id = (await params).id;
  const result =
    body.decision === "reject"
      ? await applyVersionEvent(actor, id, { type: "reject", reason: body.reason })
      : await applyVersionEvent(actor, id, {
          type: "approve",
          areaCodes: body.scope.areaCodes,
          categories: body.scope.categories,
          validUntil: body.validUntil ? new Date(body.validUntil) : undefined,
          reason: body.reason,
          override: body.override,
        });
  return Response.json(result);
});
