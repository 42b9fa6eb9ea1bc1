import { describe, expect, it } from "vitest";
import { listLedgerEntries } from "@/db/queries/ledger";
import { findIdentityByTokenHash, findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { createApiToken, revokeApiToken } from "@/db/queries/tokens";
import { createUser, createUserAsSystem, listUsers, updateUser } from "@/db/queries/users";
import { hashApiToken } from "@/lib/auth/api-token";
import { verifyPassword } from "@/lib/auth/password";
import { PermissionDeniedError, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

async function actorFor(email: string, role: Parameters<typeof createUserAsSystem>[0]["role"]): Promise<Actor> {
  const user = await createUserAsSystem({ email, displayName: email, role, password: "correct horse battery" });
  const identity = await findLiveIdentity(user.id);
  if (!identity) throw new Error("new user not live");
  return identity.actor;
}

describe("users and identities", () => {
  it("lets only an admin list and create users", async () => {
    const admin = await actorFor("root@example.test", "admin");
    const police = await actorFor("police@example.test", "police_staff");
    await expect(listUsers(police)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(createUser(police, { email: "x@example.test", displayName: "x", role: "admin", password: "long enough pass" })).rejects.toBeInstanceOf(PermissionDeniedError);
    const created = await createUser(admin, { email: "New@Example.test", displayName: "New", role: "citizen", password: "long enough pass" });
    expect(created.email).toBe("new@example.test");
    const listed = await listUsers(admin);
    expect(listed.map((u) => u.email)).toEqual(["new@example.test", "police@example.test", "root@example.test"]);
    expect(JSON.stringify(listed)).not.toContain("argon2");
  });

  it("refuses a duplicate email, a short password and an unknown area, naming the field", async () => {
    await createUserAsSystem({ email: "dup@example.test", displayName: "a", role: "citizen", password: "long enough pass" });
    await expect(createUserAsSystem({ email: "dup@example.test", displayName: "b", role: "citizen", password: "long enough pass" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createUserAsSystem({ email: "short@example.test", displayName: "b", role: "citizen", password: "short" })).rejects.toThrow(/password/);
    await expect(createUserAsSystem({ email: "area@example.test", displayName: "b", role: "police_staff", password: "long enough pass", areaCodes: ["NOPE"] })).rejects.toThrow(/areaCodes: unknown area NOPE/);
  });

  it("stores an argon2id hash that verifies only the right password", async () => {
    await createUserAsSystem({ email: "hash@example.test", displayName: "h", role: "citizen", password: "the right password" });
    const candidate = await findLoginCandidate("HASH@example.test");
    expect(candidate?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(candidate!.passwordHash, "the right password")).toBe(true);
    expect(await verifyPassword(candidate!.passwordHash, "the wrong password")).toBe(false);
  });

  it("revokes sessions and tokens when a role changes, a password changes or the user is disabled", async () => {
    const admin = await actorFor("admin2@example.test", "admin");
    const user = await createUserAsSystem({ email: "target@example.test", displayName: "t", role: "model_developer", password: "long enough pass" });
    const before = (await findLiveIdentity(user.id))!;
    const { token } = await createApiToken(before.actor, "ci");
    expect(await findIdentityByTokenHash(hashApiToken(token))).not.toBeNull();

    await updateUser(admin, user.id, { displayName: "renamed" });
    expect((await findLiveIdentity(user.id))!.sessionVersion).toBe(before.sessionVersion);

    await updateUser(admin, user.id, { role: "citizen" });
    const demoted = (await findLiveIdentity(user.id))!;
    expect(demoted.sessionVersion).toBe(before.sessionVersion + 1);
    expect(demoted.actor.role).toBe("citizen");
    expect(await findIdentityByTokenHash(hashApiToken(token))).toBeNull();

    await updateUser(admin, user.id, { password: "a brand new password" });
    expect((await findLiveIdentity(user.id))!.sessionVersion).toBe(before.sessionVersion + 2);

    await updateUser(admin, user.id, { disabled: true });
    expect(await findLiveIdentity(user.id)).toBeNull();

    // Each change is on the ledger under pseudonyms only, never an email.
    const logged = await listLedgerEntries({ subject: demoted.actor.pseudonym });
    expect(logged.map((e) => [e.kind, e.actor])).toEqual([
      ["user.disabled", admin.pseudonym],
      ["user.role_changed", admin.pseudonym],
      ["user.created", "system"],
    ]);
    expect(JSON.stringify(logged)).not.toContain("@example.test");
    expect((await findLoginCandidate("target@example.test"))!.disabled).toBe(true);
  });

  it("does not let an admin disable or demote themselves", async () => {
    const admin = await actorFor("self@example.test", "admin");
    await expect(updateUser(admin, admin.userId, { disabled: true })).rejects.toBeInstanceOf(AppError);
    await expect(updateUser(admin, admin.userId, { role: "citizen" })).rejects.toBeInstanceOf(AppError);
  });

  it("lets people revoke their own tokens but not someone else's", async () => {
    const a = await actorFor("a@example.test", "citizen");
    const b = await actorFor("b@example.test", "citizen");
    const { token, summary } = await createApiToken(a, "mine");
    await expect(revokeApiToken(b, summary.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await findIdentityByTokenHash(hashApiToken(token))).not.toBeNull();
    await revokeApiToken(a, summary.id);
    expect(await findIdentityByTokenHash(hashApiToken(token))).toBeNull();
  });
});
