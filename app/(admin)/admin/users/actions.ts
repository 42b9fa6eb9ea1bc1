"use server";

import { revalidatePath } from "next/cache";
import { createUser, updateUser, type UserChange } from "@/db/queries/users";
import { isRole, PermissionDeniedError, type Role } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface FormResult {
  ok: boolean;
  message: string | null;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

const areaCodes = (form: FormData) =>
  text(form, "areaCodes")
    .split(",")
    .map((code) => code.trim())
    .filter(Boolean);

function roleOf(form: FormData): Role {
  const role = text(form, "role");
  if (!isRole(role)) throw new AppError("invalid_input", `role: unknown role "${role}"`);
  return role;
}

/** Expected failures come back as text for the form; anything else is a real error. */
function asResult(error: unknown): FormResult {
  if (error instanceof AppError || error instanceof PermissionDeniedError) return { ok: false, message: error.message };
  throw error;
}

export async function createUserAction(_previous: FormResult, form: FormData): Promise<FormResult> {
  try {
    const { actor } = await requireIdentity("users.manage");
    await createUser(actor, {
      email: text(form, "email"),
      displayName: text(form, "displayName"),
      role: roleOf(form),
      password: text(form, "password"),
      areaCodes: areaCodes(form),
    });
  } catch (error) {
    return asResult(error);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: null };
}

/**
 * One change per form: access (role with jurisdiction), status (disable or enable) or password.
 * Sending only the fields of that change keeps the ledger free of entries for untouched settings.
 */
function changeOf(form: FormData): UserChange {
  switch (text(form, "change")) {
    case "access":
      return { role: roleOf(form), areaCodes: areaCodes(form) };
    case "status":
      return { disabled: text(form, "disabled") === "true" };
    case "password":
      return { password: text(form, "password") };
    default:
      throw new AppError("invalid_input", "change: unknown kind of change");
  }
}

export async function updateUserAction(_previous: FormResult, form: FormData): Promise<FormResult> {
  try {
    const { actor } = await requireIdentity("users.manage");
    await updateUser(actor, text(form, "userId"), changeOf(form));
  } catch (error) {
    return asResult(error);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: null };
}
