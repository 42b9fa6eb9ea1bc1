import { OPENAPI_DOCUMENT } from "@/lib/http/openapi";

export function GET(): Response {
  return Response.json(OPENAPI_DOCUMENT);
}
