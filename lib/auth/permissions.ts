/**
 * Permissions are data: one table of "resource.verb" to the roles that may do it.
 * Code asks `can(actor, "users.read")`; it never compares role names.
 * Anything not listed here is denied.
 */
export const ROLES = ["citizen", "police_staff", "model_developer", "oversight_officer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose reach is limited to a set of areas (their jurisdiction). */
export const SCOPED_ROLES: readonly Role[] = ["police_staff", "oversight_officer"];

export const PERMISSIONS = {
  "users.read": ["admin"],
  "users.manage": ["admin"],
  "areas.read": ["police_staff", "model_developer", "oversight_officer", "admin"],
  "areas.manage": ["admin"],
  "incidents.read": ["oversight_officer", "admin"],
  "incidents.export": ["oversight_officer", "admin"],
  "imports.read": ["admin"],
  "imports.run": ["admin"],
  "jobs.read": ["oversight_officer", "admin"],
  "snapshots.create": ["oversight_officer", "admin"],
  "ledger.audit": ["oversight_officer", "admin"],
  "models.read": ["model_developer", "oversight_officer", "admin"],
  "models.register": ["model_developer"],
  "versions.decide": ["oversight_officer"],
  "policies.manage": ["admin"],
  "forecasts.view": ["police_staff"],
  "forecasts.act": ["police_staff"],
  "forecasts.generate": ["oversight_officer"],
  "forecasts.oversee": ["oversight_officer", "admin"],
  "objections.handle": ["oversight_officer"],
  "objections.read_own": ["citizen"],
  "serious_incidents.file": ["oversight_officer"],
  "serious_incidents.read": ["oversight_officer", "admin"],
  "monitoring.read": ["oversight_officer", "admin"],
  "monitoring.run": ["oversight_officer"],
  "monitoring.acknowledge": ["oversight_officer"],
  "tokens.manage_own": ["citizen", "police_staff", "model_developer", "oversight_officer", "admin"],
  "profile.read_own": ["citizen", "police_staff", "model_developer", "oversight_officer", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface Actor {
  userId: string;
  role: Role;
  /** Pseudonymous id for logs that can never be erased. Never a name or email. */
  pseudonym: string;
  /** Area ids of a scoped role's jurisdiction; empty for unscoped roles. */
  areaIds: readonly string[];
}

export function can(actor: Pick<Actor, "role">, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function isScoped(role: Role): boolean {
  return SCOPED_ROLES.includes(role);
}

/** Whether an actor's jurisdiction covers an area. Unscoped roles with the permission reach everything. */
export function coversArea(actor: Actor, areaId: string | null): boolean {
  if (!isScoped(actor.role)) return true;
  return areaId !== null && actor.areaIds.includes(areaId);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export class PermissionDeniedError extends Error {
  override name = "PermissionDeniedError";
  constructor(readonly permission: Permission) {
    super(`This action needs the permission ${permission}.`);
  }
}

/** Throws unless the actor's role holds the permission. Call first in every data-access function. */
export function assertCan(actor: Pick<Actor, "role">, permission: Permission): void {
  if (!can(actor, permission)) throw new PermissionDeniedError(permission);
}
