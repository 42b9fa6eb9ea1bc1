import { getPublicStatus } from "@/db/queries/objections";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

/** A case's public status by its tracking code: minimal, no contact details, no officer names. */
export const GET = apiRoute<{ params: Promise<{ ref: string }> }>(async (_request, { params }) => {
  const ref = (await params).ref;
  let code: string;
  try {
    code = decodeURIComponent(ref);
  } catch {
    throw new AppError("invalid_input", "trackingCode: not a valid tracking code (check it for typing mistakes)");
  }
  return Response.json(await getPublicStatus(code));
});
