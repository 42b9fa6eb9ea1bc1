import { listPublishedCheckpoints } from "@/db/queries/ledger-checkpoints";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async (request) => {
  const limit = Number(request.nextUrl.searchParams.get("limit") ?? 100) || 100;
  return Response.json({ checkpoints: await listPublishedCheckpoints(limit) });
});
