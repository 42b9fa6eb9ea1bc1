"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/db/queries/tokens";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface TokenResult {
  token: string | null;
  error: string | null;
}

export async function createTokenAction(_previous: TokenResult, form: FormData): Promise<TokenResult> {
  try {
    const { actor } = await requireIdentity("tokens.manage_own");
    const { token } = await createApiToken(actor, String(form.get("name") ?? ""));
    revalidatePath("/account");
    return { token, error: null };
  } catch (error) {
    if (error instanceof AppError) return { token: null, error: error.message };
    throw error;
  }
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const { actor } = await requireIdentity("tokens.manage_own");
  await revokeApiToken(actor, String(form.get("tokenId") ?? ""));
  revalidatePath("/account");
}
