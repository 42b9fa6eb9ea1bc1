import { z } from "zod";
import { getJobStatus } from "@/db/queries/jobs";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { actor } = await requireIdentity();
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) throw new AppError("not_found", "No such job.");
  return Response.json({ job: await getJobStatus(actor, id) });
});
