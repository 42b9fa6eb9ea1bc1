import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES } from "@/lib/auth/permissions";
import { discoverActions, discoverRoutes } from "@/tests/security/discover";
import { ACTION_RULES, allowedCallers, ROUTE_RULES } from "@/tests/security/endpoints";

describe("the role × endpoint table (deny by default)", () => {
  const routes = discoverRoutes();
  const actions = discoverActions();

  it("finds the route handlers and server actions in the source tree", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(actions.length).toBeGreaterThan(15);
    expect(routes.map((r) => r.key)).toContain("POST /api/v1/models");
    expect(actions.map((a) => a.key)).toContain("app/(admin)/admin/users/actions.ts#createUserAction");
  });

  it("lists every route handler method: a new one must be added to tests/security/endpoints.ts", () => {
    const unlisted = routes.filter((route) => !(route.key in ROUTE_RULES)).map((route) => `${route.key}  (${route.file})`);
    expect(unlisted, "endpoints missing from ROUTE_RULES").toEqual([]);
  });

  it("lists every server action: a new one must be added to tests/security/endpoints.ts", () => {
    const unlisted = actions.filter((action) => !(action.key in ACTION_RULES)).map((action) => action.key);
    expect(unlisted, "server actions missing from ACTION_RULES").toEqual([]);
  });

  it("lists nothing that no longer exists", () => {
    const routeKeys = new Set(routes.map((r) => r.key));
    const actionKeys = new Set(actions.map((a) => a.key));
    expect(Object.keys(ROUTE_RULES).filter((key) => !routeKeys.has(key))).toEqual([]);
    expect(Object.keys(ACTION_RULES).filter((key) => !actionKeys.has(key))).toEqual([]);
  });

  it("names only permissions of the permission table, and every public or open endpoint says why", () => {
    for (const [key, rule] of Object.entries({ ...ROUTE_RULES, ...ACTION_RULES })) {
      if (typeof rule.access === "string") expect(rule.note, key).toMatch(/\w{4,}/);
      else {
        expect(rule.access.length, key).toBeGreaterThan(0);
        for (const permission of rule.access) expect(Object.keys(PERMISSIONS), key).toContain(permission);
      }
    }
  });

  it("derives the callers from the permission table", () => {
    expect(allowedCallers(ROUTE_RULES["GET /api/v1/users"]!.access)).toEqual(["admin"]);
    expect(allowedCallers(ROUTE_RULES["POST /api/v1/versions/[id]/approvals"]!.access)).toEqual(["oversight_officer"]);
    expect(allowedCallers(ROUTE_RULES["GET /api/v1/register"]!.access)).toEqual(["anonymous", ...ROLES]);
    expect(allowedCallers(ROUTE_RULES["GET /api/v1/jobs/[id]"]!.access)).toEqual([...ROLES]);
    expect(allowedCallers(ACTION_RULES["app/(registry)/models/actions.ts#versionAction"]!.access).sort()).toEqual(["model_developer", "oversight_officer"]);
  });

  it("keeps state changes behind a permission: every public write is one of the known public services", () => {
    const publicWrites = Object.entries(ROUTE_RULES)
      .filter(([key, rule]) => rule.access === "public" && !/^(GET|HEAD|OPTIONS) /.test(key))
      .map(([key]) => key)
      .sort();
    expect(publicWrites).toEqual(["POST /api/auth/[...nextauth]", "POST /api/v1/objections"]);
  });
});
