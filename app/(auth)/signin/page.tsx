import { redirect } from "next/navigation";
import { getIdentity } from "@/lib/auth/session";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { SignInForm } from "./sign-in-form";

export const generateMetadata = localisedTitle((t) => t.signin.title);

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const [{ t }, identity, { callbackUrl }] = await Promise.all([getMessages(), getIdentity(), searchParams]);
  if (identity) redirect("/home");
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t.signin.title}</h1>
      <SignInForm labels={t.signin} callbackUrl={callbackUrl ?? "/home"} />
    </div>
  );
}
