import { listUsers } from "@/db/queries/users";
import { ROLES } from "@/lib/auth/permissions";
import { requirePageIdentity } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { CreateUserForm, UsersTable } from "./users-admin";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const { actor } = await requirePageIdentity("/admin/users", "users.read");
  const [{ t }, users] = await Promise.all([getMessages(), listUsers(actor)]);
  const roles = ROLES.map((role) => ({ value: role, label: t.roles[role] }));
  const rows = users.map((user) => ({ ...user, createdAt: user.createdAt.toISOString() }));
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">{t.admin.users.title}</h1>
      <UsersTable users={rows} roles={roles} labels={t.admin.users} empty={t.table.empty} />
      <CreateUserForm roles={roles} labels={t.admin.users} />
    </div>
  );
}
