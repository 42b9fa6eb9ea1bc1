import { beforeAll, describe, expect, it } from "vitest";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { DAL_PROBES, DERIVED_TABLES, prepareFixtures, rowCounts, type Fixtures } from "@/tests/security/dal-probes";
import { ACTION_RULES, CALLERS, isAllowed, ROUTE_RULES, type Caller } from "@/tests/security/endpoints";

/**
 * The data-access half of the deny-by-default sweep: each endpoint's data-access call, as every
 * role the table leaves out, is refused (permission or not-found) and leaves every table's row
 * count as it was; as the roles the table lets in, it is not refused for lack of permission.
 * The HTTP half (tests/e2e/security-access.spec.ts) adds callers without a session.
 */
type Outcome = { ok: true } | { ok: false; error: unknown };
const settle = async (run: () => Promise<unknown>): Promise<Outcome> => {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
};
const describeOutcome = (outcome: Outcome) =>
  outcome.ok ? "succeeded" : outcome.error instanceof AppError ? `${outcome.error.code}: ${outcome.error.message}` : outcome.error instanceof PermissionDeniedError ? `permission: ${outcome.error.message}` : `unexpected: ${String(outcome.error)}`;
const refusedForAccess = (outcome: Outcome) =>
  !outcome.ok && (outcome.error instanceof PermissionDeniedError || (outcome.error instanceof AppError && ["unauthenticated", "forbidden", "not_found"].includes(outcome.error.code)));
const refusedForPermission = (outcome: Outcome) =>
  !outcome.ok && (outcome.error instanceof PermissionDeniedError || (outcome.error instanceof AppError && ["unauthenticated", "forbidden"].includes(outcome.error.code)));

const RULES = { ...ROUTE_RULES, ...ACTION_RULES };
const isRead = (key: string) => key.startsWith("GET ");

describe("deny by default, at the data-access layer", () => {
  let fx: Fixtures;
  beforeAll(async () => {
    fx = await prepareFixtures();
  });

  it("has a data-access probe (or a stated reason for none) for every endpoint of the table", () => {
    expect(Object.keys(RULES).filter((key) => !(key in DAL_PROBES))).toEqual([]);
    expect(Object.keys(DAL_PROBES).filter((key) => !(key in RULES))).toEqual([]);
  });

  it("refuses every role the table leaves out, and changes nothing", async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const [key, rule] of Object.entries(RULES)) {
      const probe = DAL_PROBES[key]!;
      if (probe.guard !== "dal") continue;
      for (const caller of CALLERS.filter((c): c is Exclude<Caller, "anonymous"> => c !== "anonymous")) {
        if (isAllowed(rule.access, caller)) continue;
        const before = await rowCounts();
        const outcome = await settle(() => probe.call(fx.actors[caller], fx));
        const after = await rowCounts();
        calls++;
        if (!refusedForAccess(outcome)) failures.push(`${key} as ${caller}: ${describeOutcome(outcome)}`);
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length > 0) failures.push(`${key} as ${caller} changed ${changed.join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(100);
  });

  it("lets in every role the table allows (refusals are about state or scope, never permission), and reads change nothing", async () => {
    const failures: string[] = [];
    for (const [key, rule] of Object.entries(RULES)) {
      const probe = DAL_PROBES[key]!;
      if (probe.guard === "http") continue;
      const callers = CALLERS.filter((caller) => isAllowed(rule.access, caller) && (caller !== "anonymous" || rule.access === "public"));
      const outcomes: string[] = [];
      let succeeded = 0;
      for (const caller of callers) {
        const before = await rowCounts();
        const outcome = await settle(() => probe.call(caller === "anonymous" ? null : fx.actors[caller], fx));
        const after = await rowCounts();
        outcomes.push(`${caller}: ${describeOutcome(outcome)}`);
        if (outcome.ok) succeeded++;
        if (refusedForPermission(outcome)) failures.push(`${key} refused ${caller}, whom the table allows: ${describeOutcome(outcome)}`);
        if (!outcome.ok && !(outcome.error instanceof AppError)) failures.push(`${key} as ${caller}: ${describeOutcome(outcome)}`);
        if (isRead(key) && !probe.logsRead) {
          const changed = Object.keys(after).filter((table) => after[table] !== before[table] && !DERIVED_TABLES.includes(table));
          if (changed.length > 0) failures.push(`${key} as ${caller} changed ${changed.join(", ")}`);
        }
      }
      // The inputs are real: at least one allowed caller gets through to a result.
      if (succeeded === 0) failures.push(`${key}: no allowed caller succeeded (${outcomes.join("; ")})`);
    }
    expect(failures).toEqual([]);
  });

  it("names the endpoints whose guard is only the route (no permission at the data-access layer)", () => {
    const routeGuarded = Object.entries(DAL_PROBES)
      .filter(([, probe]) => probe.guard === "route")
      .map(([key]) => key)
      .sort();
    // Both read nothing secret: the caller's own jurisdiction, and the audit policy in force.
    expect(routeGuarded).toEqual(["GET /api/v1/me", "GET /api/v1/policy"]);
  });
});
