import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { findLoginCandidate } from "@/db/queries/identity";
import { clearAccountFailures, recordSignInFailure, signInRetryAfter } from "@/db/queries/login-throttle";
import { env } from "@/lib/env";
import { burnVerificationTime, verifyPassword } from "./password";
import { clientIp } from "./client-ip";

/** Sessions end 12 hours after sign-in, however active. */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(256) });

/** One answer for every failure: an unknown user and a wrong password look alike. */
async function authorize(raw: unknown, request: Request) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = clientIp(request.headers);
  if ((await signInRetryAfter(email, ip)) > 0) throw new ThrottledSignin();
  const candidate = await findLoginCandidate(email);
  const valid = candidate ? await verifyPassword(candidate.passwordHash, password) : (await burnVerificationTime(password), false);
  if (!candidate || !valid || candidate.disabled) {
    await recordSignInFailure(email, ip);
    return null;
  }
  await clearAccountFailures(email);
  return { id: candidate.id, sessionVersion: candidate.sessionVersion };
}

function config(): NextAuthConfig {
  const settings = env();
  return {
    secret: settings.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_LIFETIME_SECONDS },
    pages: { signIn: "/signin" },
    providers: [Credentials({ credentials: { email: {}, password: {} }, authorize })],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          token.authAt = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      session({ session, token }) {
        session.user.id = typeof token.uid === "string" ? token.uid : "";
        session.sessionVersion = typeof token.sv === "number" ? token.sv : -1;
        session.authAt = typeof token.authAt === "number" ? token.authAt : 0;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());

declare module "next-auth" {
  interface Session {
    sessionVersion: number;
    authAt: number;
  }
}
