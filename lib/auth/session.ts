import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { findIdentityByTokenHash, findLiveIdentity, type LiveIdentity } from "@/db/queries/identity";
import { AppError } from "@/lib/errors";
import { hashApiToken, looksLikeApiToken } from "./api-token";
import { auth, SESSION_LIFETIME_SECONDS } from "./auth";
import { can, type Permission } from "./permissions";

/**
 * Who is asking, checked against the database on every request: a disabled user, a changed role
 * or password (session version), or a session older than its absolute lifetime all count as nobody.
 */
export async function getIdentity(): Promise<LiveIdentity | null> {
  const authorization = (await headers()).get("authorization");
  if (authorization !== null) {
    const token = authorization.replace(/^Bearer\s+/i, "");
    return looksLikeApiToken(token) ? findIdentityByTokenHash(hashApiToken(token)) : null;
  }
  const session = await auth();
  if (!session?.user?.id) return null;
  if (Date.now() / 1000 - session.authAt > SESSION_LIFETIME_SECONDS) return null;
  const identity = await findLiveIdentity(session.user.id);
  if (!identity || identity.sessionVersion !== session.sessionVersion) return null;
  return identity;
}

/** For route handlers: the identity, or an `unauthenticated` / `forbidden` AppError. */
export async function requireIdentity(permission?: Permission): Promise<LiveIdentity> {
  const identity = await getIdentity();
  if (!identity) throw new AppError("unauthenticated", "Sign in or send a valid API token.");
  if (permission && !can(identity.actor, permission)) throw new AppError("forbidden", "Your role may not do this.");
  return identity;
}

/** For pages: redirects to sign-in when signed out; renders 403 when the role lacks the permission. */
export async function requirePageIdentity(returnTo: string, permission?: Permission): Promise<LiveIdentity> {
  const identity = await getIdentity();
  if (!identity) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (permission && !can(identity.actor, permission)) forbidden();
  return identity;
}
