import { consistencyProofFor } from "@/db/queries/ledger";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";

export const GET = apiRoute(async (request) => {
  const params = request.nextUrl.searchParams;
  const [from, to] = ["from", "to"].map((name) => {
    const value = params.get(name);
    if (!value || !/^\d{1,15}$/.test(value)) throw new AppError("invalid_input", `${name}: expected a positive integer`);
    return Number(value);
  });
  return Response.json(await consistencyProofFor(from!, to!));
});
