"use server";

import { revalidatePath } from "next/cache";
import { createUser, updateUser } from "@/db/queries/users";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface FormResult {
  ok: boolean;
  message: string | null;
}

const areaCodes = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(",")
    .map((code) => code.trim())
    .filter(Boolean);

/** Expected failures come back as text for the form; anything else is a real error. */
function asResult(error: unknown): FormResult {
  if (error instanceof AppError) return { ok: false, message: error.message };
  if (error instanceof PermissionDeniedError) return { ok: false, message: error.message };
  throw error;
}

export async function createUserAction(_previous: FormResult, form: FormData): Promise<FormResult> {
  try {
    const { actor } = await requireIdentity("users.manage");
    await createUser(actor, {
      email: String(form.get("email") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
      role: String(form.get("role") ?? "") as never,
      password: String(form.get("password") ?? ""),
      areaCodes: areaCodes(form.get("areaCodes")),
    });
  } catch (error) {
    return asResult(error);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: null };
}

export async function updateUserAction(_previous: FormResult, form: FormData): Promise<FormResult> {
  try {
    const { actor } = await requireIdentity("users.manage");
    const password = String(form.get("password") ?? "");
    await updateUser(actor, String(form.get("userId") ?? ""), {
      role: String(form.get("role") ?? "") as never,
      areaCodes: areaCodes(form.get("areaCodes")),
      disabled: form.get("disabled") === "on",
      ...(password ? { password } : {}),
    });
  } catch (error) {
    return asResult(error);
  }
  revalidatePath("/admin/users");
  return { ok: true, message: null };
}
