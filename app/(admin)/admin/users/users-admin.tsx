"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useActionState } from "react";
import { DataTable } from "@/app/_components/data-table";
import type { Messages } from "@/lib/i18n/messages";
import { createUserAction, updateUserAction, type FormResult } from "./actions";

type Labels = Messages["admin"]["users"];
type RoleOption = { value: string; label: string };
export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  role: string;
  disabled: boolean;
  areaCodes: string[];
}

const input = "rounded border border-slate-300 px-2 py-1 text-sm";

function Feedback({ state, success }: { state: FormResult; success: string }) {
  if (state.message) return <p role="alert" className="text-sm text-red-800">{state.message}</p>;
  if (state.ok) return <p role="status" className="text-sm text-green-800">{success}</p>;
  return null;
}

function EditUser({ user, roles, labels }: { user: UserRow; roles: RoleOption[]; labels: Labels }) {
  const [state, action, pending] = useActionState(updateUserAction, { ok: false, message: null });
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" aria-label={`${labels.actions} ${user.email}`}>
      <input type="hidden" name="userId" value={user.id} />
      <label className="flex flex-col text-xs">
        {labels.role}
        <select name="role" defaultValue={user.role} className={input}>
          {roles.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs">
        {labels.jurisdiction}
        <input name="areaCodes" defaultValue={user.areaCodes.join(",")} className={`${input} w-32`} />
      </label>
      <label className="flex flex-col text-xs">
        {labels.newPassword}
        <input name="password" type="password" autoComplete="new-password" minLength={12} className={`${input} w-36`} />
      </label>
      <label className="flex items-center gap-1 text-xs">
        <input name="disabled" type="checkbox" defaultChecked={user.disabled} />
        {labels.disable}
      </label>
      <button type="submit" disabled={pending} className="rounded bg-slate-800 px-2 py-1 text-xs text-white disabled:opacity-60">
        {labels.save}
      </button>
      <Feedback state={state} success={labels.saved} />
    </form>
  );
}

export function UsersTable({ users, roles, labels, empty }: { users: UserRow[]; roles: RoleOption[]; labels: Labels; empty: string }) {
  const roleLabel = new Map(roles.map((role) => [role.value, role.label]));
  const columns: ColumnDef<UserRow, unknown>[] = [
    { accessorKey: "email", header: labels.email },
    { accessorKey: "displayName", header: labels.name },
    { accessorKey: "role", header: labels.role, cell: ({ row }) => roleLabel.get(row.original.role) ?? row.original.role },
    { id: "areas", header: labels.jurisdiction, accessorFn: (row) => row.areaCodes.join(", ") },
    { id: "status", header: labels.status, accessorFn: (row) => (row.disabled ? labels.disabled : labels.active) },
    { id: "edit", header: labels.actions, enableSorting: false, cell: ({ row }) => <EditUser user={row.original} roles={roles} labels={labels} /> },
  ];
  return <DataTable columns={columns} data={users} caption={labels.caption} empty={empty} testId="users-table" />;
}

export function CreateUserForm({ roles, labels }: { roles: RoleOption[]; labels: Labels }) {
  const [state, action, pending] = useActionState(createUserAction, { ok: false, message: null });
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{labels.createTitle}</h2>
      <form action={action} className="grid gap-3 sm:grid-cols-2">
        <label className="flex flex-col text-sm">
          {labels.email}
          <input name="email" type="email" required className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.name}
          <input name="displayName" required className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.role}
          <select name="role" className={input}>
            {roles.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          {labels.password}
          <input name="password" type="password" autoComplete="new-password" required minLength={12} className={input} />
        </label>
        <label className="flex flex-col text-sm sm:col-span-2">
          {labels.jurisdiction}
          <input name="areaCodes" className={input} aria-describedby="areas-hint" />
          <span id="areas-hint" className="text-xs text-slate-500">
            {labels.areasHint}
          </span>
        </label>
        <div className="flex items-center gap-3 sm:col-span-2">
          <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">
            {labels.create}
          </button>
          <Feedback state={state} success={labels.created} />
        </div>
      </form>
    </section>
  );
}
