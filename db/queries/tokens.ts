import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { noteChange } from "@/db/change-feed";
import { apiTokens } from "@/db/schema";
import { generateApiToken } from "@/lib/auth/api-token";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const tokenNameSchema = z.string().trim().min(1, "name: give the token a name").max(80, "name: at most 80 characters").refine((name) => !name.includes("\u0000"), "name: must not contain NUL characters");

/** A new personal token carrying the owner's role; the secret is returned this once only. */
export async function createApiToken(actor: Actor, name: string): Promise<{ token: string; summary: TokenSummary }> {
  assertCan(actor, "tokens.manage_own");
  const parsed = tokenNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "name: invalid");
  const { token, tokenHash, prefix } = generateApiToken();
  const db = await getDb();
  const [row] = await db.insert(apiTokens).values({ userId: actor.userId, name: parsed.data, tokenHash, prefix }).returning();
  if (!row) throw new Error("token insert returned nothing");
  return { token, summary: { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null } };
}

export async function listOwnApiTokens(actor: Actor): Promise<TokenSummary[]> {
  assertCan(actor, "tokens.manage_own");
  const db = await getDb();
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the actor's own tokens; someone else's token is not found. */
export async function revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
  assertCan(actor, "tokens.manage_own");
  if (!z.string().uuid().safeParse(tokenId).success) throw new AppError("not_found", "No such token.");
  const db = await getDb();
  const updated = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (updated.length === 0) throw new AppError("not_found", "No such active token.");
  noteChange("identity");
}
