import { getRegister } from "@/db/queries/register";
import { apiRoute } from "@/lib/http/api";
import { registerCsv } from "@/lib/register/to-csv";
import { csvResponse, formatOf } from "./formats";

/** The public algorithm register, live from the registry: JSON, or CSV with `?format=csv`. */
export const GET = apiRoute(async (request) => {
  const format = formatOf(request);
  const register = await getRegister();
  if (format === "csv") return csvResponse(registerCsv(register), `sightline-register-${register.generatedAt.toISOString().slice(0, 10)}.csv`);
  return Response.json(register);
});
