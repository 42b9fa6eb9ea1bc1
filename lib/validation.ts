import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Validates input, or throws 422 naming the first bad field (`prefix.path: message`); all issues
 * ride along as details for callers that show every field.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix?: string): T {
  const nul = pathOfNul(input);
  if (nul !== null) throw new AppError("invalid_input", `${[prefix, ...nul].filter(Boolean).join(".") || "input"}: must not contain NUL characters`);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  throw new AppError("invalid_input", `${path || "input"}: ${issue?.message ?? "invalid"}`, result.error.issues);
}

/**
 * Where a value holds a NUL character (in a string or a key), or null. PostgreSQL text cannot
 * store one, so such input is refused as invalid rather than failing in the database.
 *
 * @example pathOfNul({ a: ["ok", "x\u0000"] }) // ["a", "1"]
 */
export function pathOfNul(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (value === null || typeof value !== "object" || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "\\0")];
    const found = pathOfNul(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}
