import { describe, expect, it } from "vitest";
import { navigationFor } from "@/lib/auth/navigation";
import { assertCan, can, coversArea, PERMISSIONS, PermissionDeniedError, ROLES, type Actor, type Permission, type Role } from "@/lib/auth/permissions";

const actor = (role: Role, areaIds: string[] = []): Actor => ({ userId: "u", role, pseudonym: "p", areaIds });

/** The whole table, written out: a change to who may do what must change this test too. */
const EXPECTED: Record<Permission, Role[]> = {
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
};

describe("the permission table", () => {
  it("lists exactly the expected permissions", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const role of ROLES) {
    for (const permission of Object.keys(EXPECTED) as Permission[]) {
      const allowed = EXPECTED[permission].includes(role);
      it(`${allowed ? "lets" : "denies"} ${role} ${permission}`, () => {
        expect(can(actor(role), permission)).toBe(allowed);
        if (allowed) expect(() => assertCan(actor(role), permission)).not.toThrow();
        else expect(() => assertCan(actor(role), permission)).toThrow(PermissionDeniedError);
      });
    }
  }

  it("limits scoped roles to their areas and leaves others unlimited", () => {
    expect(coversArea(actor("police_staff", ["a"]), "a")).toBe(true);
    expect(coversArea(actor("police_staff", ["a"]), "b")).toBe(false);
    expect(coversArea(actor("police_staff", ["a"]), null)).toBe(false);
    expect(coversArea(actor("oversight_officer", []), "a")).toBe(false);
    expect(coversArea(actor("admin"), "anything")).toBe(true);
  });

  it("shows navigation only for permitted pages, and none when signed out", () => {
    expect(navigationFor(null)).toEqual([]);
    expect(navigationFor(actor("citizen")).map((item) => item.href)).toEqual(["/home", "/objections/mine", "/account"]);
    expect(navigationFor(actor("admin")).map((item) => item.href)).toContain("/admin/users");
  });
});
