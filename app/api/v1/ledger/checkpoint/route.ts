import { latestCheckpoint } from "@/db/queries/ledger-checkpoints";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

/** The latest signed checkpoint with the public key to check it: public. */
export const GET = apiRoute(async () => {
  const checkpoint = await latestCheckpoint();
  if (!checkpoint) throw new AppError("not_found", "No checkpoint has been signed yet.");
  return Response.json(checkpoint);
});
