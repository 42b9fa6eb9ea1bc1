"use client";

import type { CellContext, ColumnDef } from "@tanstack/react-table";
import { useActionState, useState } from "react";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";
import { createUserAction, updateUserAction, type FormResult } from "./actions";

type Labels = Messages["admin"]["users"];
type RoleOption = { value: string; label: string; scoped: boolean };
export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  role: string;
  disabled: boolean;
  areaCodes: string[];
}

const input = "rounded border border-slate-300 px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600";
const smallButton = "rounded bg-slate-800 px-2 py-1 text-xs text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60";
const initial: FormResult = { ok: false, message: null };

function Feedback({ state, success }: { state: FormResult; success: string }) {
  if (state.message) return <p role="alert" className="text-xs text-red-800">{state.message}</p>;
  if (state.ok) return <p role="status" className="text-xs text-green-800">{success}</p>;
  return null;
}

function RoleSelect({ roles, value, onChange, className }: { roles: RoleOption[]; value: string; onChange: (role: string) => void; className?: string }) {
  return (
    <select name="role" value={value} onChange={(event) => onChange(event.target.value)} className={className}>
      {roles.map((role) => (
        <option key={role.value} value={role.value}>
          {role.label}
        </option>
      ))}
    </select>
  );
}

/** Role and jurisdiction change together: an area list only means something for scoped roles. */
function AccessForm({ user, roles, labels }: { user: UserRow; roles: RoleOption[]; labels: Labels }) {
  const [state, action, pending] = useActionState(updateUserAction, initial);
  const [role, setRole] = useState(user.role);
  const scoped = roles.find((option) => option.value === role)?.scoped ?? false;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="change" value="access" />
      <label className="flex flex-col text-xs">
        {labels.role}
        <RoleSelect roles={roles} value={role} onChange={setRole} className={input} />
      </label>
      <label className="flex flex-col text-xs">
        {labels.jurisdiction}
        <input name="areaCodes" defaultValue={user.areaCodes.join(",")} disabled={!scoped} placeholder={scoped ? "" : labels.notScoped} className={`${input} w-44 disabled:bg-slate-100`} />
      </label>
      <button type="submit" disabled={pending} className={smallButton}>
        {labels.saveAccess}
      </button>
      <Feedback state={state} success={labels.saved} />
    </form>
  );
}

function StatusForm({ user, labels }: { user: UserRow; labels: Labels }) {
  const [state, action, pending] = useActionState(updateUserAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="change" value="status" />
      <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
      <button type="submit" disabled={pending} className={user.disabled ? smallButton : `${smallButton} bg-red-700 hover:bg-red-800`}>
        {user.disabled ? labels.enable : labels.disableAction}
      </button>
      <Feedback state={state} success={labels.saved} />
    </form>
  );
}

function PasswordForm({ user, labels }: { user: UserRow; labels: Labels }) {
  const [state, action, pending] = useActionState(updateUserAction, initial);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="change" value="password" />
      <label className="flex flex-col text-xs">
        {labels.newPassword}
        <input name="password" type="password" autoComplete="new-password" required minLength={12} className={`${input} w-44`} />
      </label>
      <button type="submit" disabled={pending} className={smallButton}>
        {labels.resetPassword}
      </button>
      <Feedback state={state} success={labels.saved} />
    </form>
  );
}

function ManageUser({ user, roles, labels }: { user: UserRow; roles: RoleOption[]; labels: Labels }) {
  return (
    <details className="group" data-testid="manage-user">
      <summary className="cursor-pointer text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
        {labels.manage}
        <span className="sr-only"> {user.email}</span>
      </summary>
      <div className="mt-2 space-y-3 rounded border border-slate-200 bg-slate-50 p-2">
        <AccessForm user={user} roles={roles} labels={labels} />
        <StatusForm user={user} labels={labels} />
        <PasswordForm user={user} labels={labels} />
      </div>
    </details>
  );
}

interface UsersMeta {
  roles: RoleOption[];
  labels: Labels;
}

/** Module-level so the cell keeps its open disclosure and form feedback across re-renders. */
function ManageCell({ row, table }: CellContext<UserRow, unknown>) {
  const { roles, labels } = table.options.meta as UsersMeta;
  return <ManageUser user={row.original} roles={roles} labels={labels} />;
}

export function UsersTable({ users, roles, labels, empty, canManage }: { users: UserRow[]; roles: RoleOption[]; labels: Labels; empty: string; canManage: boolean }) {
  const roleLabel = new Map(roles.map((role) => [role.value, role.label]));
  const columns: ColumnDef<UserRow, unknown>[] = [
    { accessorKey: "email", header: labels.email },
    { accessorKey: "displayName", header: labels.name },
    { id: "role", header: labels.role, accessorFn: (row) => roleLabel.get(row.role) ?? row.role },
    { id: "areas", header: labels.jurisdiction, accessorFn: (row) => row.areaCodes.join(", "), cell: ({ getValue }) => <span className="text-xs">{String(getValue() || "—")}</span> },
    {
      id: "status",
      header: labels.status,
      accessorFn: (row) => (row.disabled ? labels.disabled : labels.active),
      cell: ({ row, getValue }) => <span className={row.original.disabled ? "font-medium text-red-800" : "text-green-800"}>{String(getValue())}</span>,
    },
  ];
  if (canManage) columns.push({ id: "edit", header: labels.actions, enableSorting: false, cell: ManageCell });
  const meta: UsersMeta = { roles, labels };
  return <DataTable columns={columns} data={users} caption={labels.caption} empty={empty} testId="users-table" getRowId={(row) => row.id} meta={meta} />;
}

export function CreateUserForm({ roles, labels }: { roles: RoleOption[]; labels: Labels }) {
  const [state, action, pending] = useActionState(createUserAction, initial);
  const [role, setRole] = useState(roles[0]?.value ?? "");
  const scoped = roles.find((option) => option.value === role)?.scoped ?? false;
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="create-user-title">
      <h2 id="create-user-title" className="text-lg font-semibold">
        {labels.createTitle}
      </h2>
      <form action={action} className="grid gap-3 sm:grid-cols-2" data-testid="create-user-form">
        <label className="flex flex-col text-sm">
          {labels.email}
          <input name="email" type="email" required autoComplete="off" className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.name}
          <input name="displayName" required maxLength={120} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.role}
          <RoleSelect roles={roles} value={role} onChange={setRole} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.password}
          <input name="password" type="password" autoComplete="new-password" required minLength={12} className={input} />
        </label>
        <label className="flex flex-col text-sm sm:col-span-2">
          {labels.jurisdiction}
          <input name="areaCodes" disabled={!scoped} className={`${input} disabled:bg-slate-100`} aria-describedby="areas-hint" />
          <span id="areas-hint" className="text-xs text-slate-500">
            {labels.areasHint}
          </span>
        </label>
        <div className="flex items-center gap-3 sm:col-span-2">
          <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60">
            {labels.create}
          </button>
          <Feedback state={state} success={labels.created} />
        </div>
      </form>
    </section>
  );
}
