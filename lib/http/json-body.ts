import "server-only";
import { AppError } from "@/lib/errors";
import { pathOfNul } from "@/lib/validation";

const MAX_JSON_BYTES = 256 * 1024;

const tooLarge = (maxBytes: number) => new AppError("payload_too_large", `body: at most ${maxBytes / 1024} KiB`);

/**
 * The body's bytes, read no further than `maxBytes`: a declared length past it is refused before
 * reading, and a body without one (chunked) is cut off as soon as it passes it (413 either way).
 */
export async function cappedBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: on a copy (request.clone() tees the body) the cancel settles only once the
      // other branch is cancelled too; nothing more is pulled either way.
      reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const cappedText = async (request: Request) => (await cappedBytes(request, MAX_JSON_BYTES)).toString("utf8");

/** A request's JSON object body, refused with 413 past 256 KiB and 422 when it is not an object. */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  return parseObject(await cappedText(request));
}

/**
 * Like `jsonBody`, for endpoints whose every field is optional: an empty (or blank) body is `{}`.
 * The body is still read only once and no further than the cap, so a huge one is refused with 413.
 */
export async function optionalJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await cappedText(request);
  return text.trim() === "" ? {} : parseObject(text);
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "body: not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new AppError("invalid_input", "body: expected a JSON object");
  const nul = pathOfNul(value);
  if (nul !== null) throw new AppError("invalid_input", `${nul.join(".") || "body"}: must not contain NUL characters`);
  return value as Record<string, unknown>;
}
