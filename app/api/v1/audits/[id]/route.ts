import { getAudit } from "@/db/queries/audits";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { actor } = await requireIdentity("models.read");
  const audit = await getAudit(actor, (await params).id);
  return Response.json({ status: audit.status, progress: audit.progress, progressMessage: audit.progressMessage, verdict: audit.verdict, inputHash: audit.inputHash, evaluation: audit.evaluation, report: audit.report, error: audit.error });
});
