import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Validates input, or throws 422 naming the first bad field (`prefix.path: message`); all issues
 * ride along as details for callers that show every field.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix?: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  throw new AppError("invalid_input", `${path || "input"}: ${issue?.message ?? "invalid"}`, result.error.issues);
}
