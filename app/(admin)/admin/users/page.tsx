import { listUsers } from "@/db/queries/users";
import { can, isScoped, ROLES } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages, localisedTitle } from "@/lib/i18n/server";
import { CreateUserForm, UsersTable } from "./users-admin";

export const generateMetadata = localisedTitle((t) => t.admin.users.title);

export default async function UsersPage() {
  const { actor } = await requirePageIdentity("/admin/users", "users.read");
  const [{ t }, users] = await Promise.all([getMessages(), listUsers(actor)]);
  const roles = ROLES.map((role) => ({ value: role, label: t.roles[role], scoped: isScoped(role) }));
  const rows = users.map(({ id, email, displayName, role, disabled, areaCodes }) => ({ id, email, displayName, role, disabled, areaCodes }));
  // The forms are a convenience; the actions check users.manage again on the server.
  const canManage = can(actor, "users.manage");
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">{t.admin.users.title}</h1>
      <UsersTable users={rows} roles={roles} labels={t.admin.users} empty={t.table.empty} canManage={canManage} />
      {canManage && <CreateUserForm roles={roles} labels={t.admin.users} />}
    </div>
  );
}
