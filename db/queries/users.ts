import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db";
import { noteChange } from "@/db/change-feed";
import { apiTokens, areas, userAreas, users } from "@/db/schema";
import { assertCan, isScoped, ROLES, type Actor, type Role } from "@/lib/auth/permissions";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { appendToLedger } from "./ledger";

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  areaCodes: string[];
  createdAt: Date;
}

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  displayName: z.string().trim().min(1).max(120),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(256),
  areaCodes: z.array(z.string().min(1)).default([]),
});
export type NewUserInput = z.input<typeof newUserSchema>;


async function areaIdsForCodes(db: Executor, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.select({ id: areas.id, code: areas.code }).from(areas).where(inArray(areas.code, codes));
  const missing = codes.filter((code) => !rows.some((row) => row.code === code));
  if (missing.length > 0) throw new AppError("invalid_input", `areaCodes: unknown area ${missing.join(", ")}`);
  return rows.map((row) => row.id);
}

/** Creates a user without an actor: for the first admin (CLI) and the demo seed only. */
export async function createUserAsSystem(input: NewUserInput, db?: Executor, by = "system"): Promise<UserSummary> {
  const parsed = parseOrThrow(newUserSchema, input);
  const executor = db ?? (await getDb());
  const passwordHash = await hashPassword(parsed.password);
  return executor.transaction(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, parsed.email));
    if (existing.length > 0) throw new AppError("conflict", `email: a user with ${parsed.email} already exists`);
    const areaIds = isScoped(parsed.role) ? await areaIdsForCodes(tx, parsed.areaCodes) : [];
    const [row] = await tx
      .insert(users)
      .values({
        email: parsed.email,
        displayName: parsed.displayName,
        passwordHash,
        role: parsed.role,
        pseudonym: `u_${randomBytes(9).toString("base64url")}`,
      })
      .returning();
    if (!row) throw new AppError("internal", "user insert returned nothing");
    if (areaIds.length > 0) await tx.insert(userAreas).values(areaIds.map((areaId) => ({ userId: row.id, areaId })));
    await appendToLedger(tx, {
      kind: "user.created",
      actor: by,
      subjects: [{ type: "user", id: row.pseudonym }],
      payloadHash: sha256Hex(canonicalJson({ role: parsed.role, areaCodes: [...parsed.areaCodes].sort() })),
    });
    return { id: row.id, email: row.email, displayName: row.displayName, role: parsed.role, disabled: false, areaCodes: isScoped(parsed.role) ? parsed.areaCodes : [], createdAt: row.createdAt };
  });
}

export async function createUser(actor: Actor, input: NewUserInput): Promise<UserSummary> {
  assertCan(actor, "users.manage");
  return createUserAsSystem(input, undefined, actor.pseudonym);
}

export async function listUsers(actor: Actor): Promise<UserSummary[]> {
  assertCan(actor, "users.read");
  const db = await getDb();
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      areaCodes: sql<string[]>`coalesce(array_agg(${areas.code} order by ${areas.code}) filter (where ${areas.code} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(userAreas, eq(userAreas.userId, users.id))
    .leftJoin(areas, eq(areas.id, userAreas.areaId))
    .groupBy(users.id)
    .orderBy(asc(users.email));
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role as Role,
    disabled: row.disabledAt !== null,
    areaCodes: row.areaCodes,
    createdAt: row.createdAt,
  }));
}

export const userChangeSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    displayName: z.string().trim().min(1).max(120).optional(),
    areaCodes: z.array(z.string().min(1)).optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(256).optional(),
  })
  .strict();
export type UserChange = z.input<typeof userChangeSchema>;

/**
 * Changes a user. A new role, a disable or a new password bumps the session version, which
 * ends every session of that user at their next request.
 */
export async function updateUser(actor: Actor, userId: string, change: UserChange): Promise<void> {
  assertCan(actor, "users.manage");
  if (!z.string().uuid().safeParse(userId).success) throw new AppError("not_found", "No such user.");
  const parsed = parseOrThrow(userChangeSchema, change);
  if (userId === actor.userId && (parsed.disabled === true || (parsed.role && parsed.role !== actor.role))) {
    throw new AppError("conflict", "You cannot disable or demote yourself; ask another administrator.");
  }
  const passwordHash = parsed.password ? await hashPassword(parsed.password) : undefined;
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!current) throw new AppError("not_found", "No such user.");
    const role = parsed.role ?? (current.role as Role);
    const revokes =
      (parsed.role !== undefined && parsed.role !== current.role) ||
      (parsed.disabled !== undefined && parsed.disabled !== (current.disabledAt !== null)) ||
      passwordHash !== undefined;
    await tx
      .update(users)
      .set({
        role,
        displayName: parsed.displayName ?? current.displayName,
        disabledAt: parsed.disabled === undefined ? current.disabledAt : parsed.disabled ? new Date() : null,
        passwordHash: passwordHash ?? current.passwordHash,
        sessionVersion: revokes ? current.sessionVersion + 1 : current.sessionVersion,
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    if (parsed.areaCodes !== undefined || !isScoped(role)) {
      const areaIds = isScoped(role) ? await areaIdsForCodes(tx, parsed.areaCodes ?? []) : [];
      await tx.delete(userAreas).where(eq(userAreas.userId, userId));
      if (areaIds.length > 0) await tx.insert(userAreas).values(areaIds.map((areaId) => ({ userId, areaId })));
    }
    const disabledChanged = parsed.disabled !== undefined && parsed.disabled !== (current.disabledAt !== null);
    const roleChanged = parsed.role !== undefined && parsed.role !== current.role;
    if (roleChanged || disabledChanged || parsed.areaCodes !== undefined) {
      await appendToLedger(tx, {
        kind: disabledChanged ? (parsed.disabled ? "user.disabled" : "user.enabled") : "user.role_changed",
        actor: actor.pseudonym,
        subjects: [{ type: "user", id: current.pseudonym }],
        payloadHash: sha256Hex(canonicalJson({ role, disabled: parsed.disabled ?? current.disabledAt !== null, areaCodes: [...(parsed.areaCodes ?? [])].sort() })),
      });
    }
    if (revokes) await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  });
  // Committed: this process forgets the old identity now, before the notification comes round.
  noteChange("identity");
}
