"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/db/queries/tokens";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface TokenResult {
  token: string | null;
  error: string | null;
}

function asError(error: unknown): string {
  if (error instanceof AppError || error instanceof PermissionDeniedError) return error.message;
  throw error;
}

export async function createTokenAction(_previous: TokenResult, form: FormData): Promise<TokenResult> {
  try {
    const { actor } = await requireIdentity("tokens.manage_own");
    const { token } = await createApiToken(actor, String(form.get("name") ?? ""));
    revalidatePath("/account");
    return { token, error: null };
  } catch (error) {
    return { token: null, error: asError(error) };
  }
}

/** Revokes one of the caller's own tokens; a token that is not theirs, or already revoked, is an error value. */
export async function revokeTokenAction(_previous: string | null, form: FormData): Promise<string | null> {
  try {
    const { actor } = await requireIdentity("tokens.manage_own");
    await revokeApiToken(actor, String(form.get("tokenId") ?? ""));
  } catch (error) {
    return asError(error);
  }
  revalidatePath("/account");
  return null;
}
