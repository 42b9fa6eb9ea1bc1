"use server";

import { AuthError } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeReturnPath } from "@/lib/http/return-path";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";

export interface SignInState {
  error: "failed" | "throttled" | null;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
  } catch (error) {
    if (error instanceof AuthError) {
      return { error: (error as AuthError & { code?: string }).code === "throttled" ? "throttled" : "failed" };
    }
    throw error;
  }
  // Only same-site paths: an attacker-supplied callbackUrl must not send people elsewhere.
  redirect(safeReturnPath(form.get("callbackUrl")));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/");
}

export async function setLocaleAction(form: FormData): Promise<void> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
  redirect(safeReturnPath(form.get("returnTo")));
}
