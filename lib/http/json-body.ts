import "server-only";
import { AppError } from "@/lib/errors";

const MAX_JSON_BYTES = 256 * 1024;

/** A request's JSON object body, refused with 413 past 256 KiB and 422 when it is not an object. */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BYTES) throw new AppError("payload_too_large", `body: at most ${MAX_JSON_BYTES / 1024} KiB`);
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new AppError("payload_too_large", `body: at most ${MAX_JSON_BYTES / 1024} KiB`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "body: not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new AppError("invalid_input", "body: expected a JSON object");
  return value as Record<string, unknown>;
}
