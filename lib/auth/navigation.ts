import { can, type Actor, type Permission } from "./permissions";

/** Navigation entries as data: each shows only to roles holding its permission. */
export const NAV_ITEMS = [
  { href: "/home", key: "home", permission: "profile.read_own" },
  { href: "/oversight", key: "dashboard", permission: "monitoring.read" },
  { href: "/forecasts", key: "forecasts", permission: "forecasts.view" },
  { href: "/oversight/forecasts", key: "forecastsInUse", permission: "forecasts.oversee" },
  { href: "/oversight/monitoring", key: "monitoring", permission: "monitoring.read" },
  { href: "/oversight/objections", key: "objections", permission: "objections.handle" },
  { href: "/objections/mine", key: "myObjections", permission: "objections.read_own" },
  { href: "/models", key: "models", permission: "models.read" },
  { href: "/incidents", key: "incidents", permission: "incidents.read" },
  { href: "/oversight/ledger", key: "ledger", permission: "ledger.audit" },
  { href: "/oversight/serious-incidents", key: "seriousIncidents", permission: "serious_incidents.read" },
  { href: "/admin/users", key: "users", permission: "users.read" },
  { href: "/admin/areas", key: "areas", permission: "areas.manage" },
  { href: "/admin/imports", key: "imports", permission: "imports.read" },
  { href: "/account", key: "account", permission: "tokens.manage_own" },
] as const satisfies readonly { href: string; key: string; permission: Permission }[];

export type NavKey = (typeof NAV_ITEMS)[number]["key"];

export function navigationFor(actor: Actor | null): (typeof NAV_ITEMS)[number][] {
  return actor ? NAV_ITEMS.filter((item) => can(actor, item.permission)) : [];
}
