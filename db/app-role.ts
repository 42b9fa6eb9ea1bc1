/**
 * Privileges for running the app as a role that does not own the schema (PostgreSQL only): it
 * may read and write the working tables, but on the ledger only read and append. Together with
 * the ALWAYS triggers this makes a rewrite need the owner's credentials, not the app's.
 *
 * Run as the owner after migrating: `npm run db:grant -- sightline_app`.
 */
export const APPEND_ONLY_TABLES = ["ledger_entries", "ledger_nodes", "ledger_checkpoints"] as const;

export function appRoleGrants(role: string): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`not a plain PostgreSQL role name: ${role}`);
  const appendOnly = APPEND_ONLY_TABLES.join(", ");
  return [
    `grant usage on schema public to ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `revoke update, delete, truncate on ${appendOnly} from ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    `grant usage on schema drizzle to ${role}`,
    `grant select on all tables in schema drizzle to ${role}`,
  ];
}
