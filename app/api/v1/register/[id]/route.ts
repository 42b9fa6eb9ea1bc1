import { getRegisterEntry } from "@/db/queries/register";
import { apiRoute } from "@/lib/http/api";
import { registerCsv } from "@/lib/register/to-csv";
import { csvResponse, formatOf } from "../formats";

/** One version's register entry: JSON, or a one-row CSV with `?format=csv`. */
export const GET = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const format = formatOf(request);
  const { entry, register } = await getRegisterEntry((await params).id);
  if (format === "csv") return csvResponse(registerCsv({ checkpoint: register.checkpoint, entries: [entry] }), `sightline-register-${entry.id}.csv`);
  return Response.json({ ...register, entry });
});
