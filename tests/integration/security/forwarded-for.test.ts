import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { countRows, seedSmallCity } from "@/tests/integration/objections/support";

/**
 * With no trusted proxy configured (the default), a client cannot dodge a per-address limit by
 * writing its own X-Forwarded-For or X-Real-IP: through the real objection route, eleven cases
 * each "from" a different forged address still meet the limit of ten an hour.
 */
vi.hoisted(() => {
  delete process.env.SIGHTLINE_TRUSTED_PROXIES;
});
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, SESSION_LIFETIME_SECONDS: 12 * 60 * 60, signIn: async () => undefined, signOut: async () => undefined }));
const { POST } = await import("@/app/api/v1/objections/route");

describe("X-Forwarded-For without a trusted proxy", () => {
  beforeAll(async () => {
    await seedSmallCity();
  });

  it("is ignored: forged addresses all count against the one limit", async () => {
    const file = (n: number) =>
      POST(
        new NextRequest("http://localhost/api/v1/objections", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${n}`, "x-real-ip": `198.51.100.${n}` },
          body: JSON.stringify({ kind: "access", description: "What is held about D03?", areaCode: "D03" }),
        }),
        { params: Promise.resolve({}) },
      );
    for (let n = 1; n <= 10; n++) expect((await file(n)).status).toBe(201);
    const cases = await countRows("objection_cases");
    const refused = await file(11);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await countRows("objection_cases")).toBe(cases);
  });
});
