import { describe, expect, it, vi } from "vitest";

/**
 * The objection form across a database outage: the action answers with the citizen's input and a
 * message instead of failing the page, so the form (which holds its idempotency key for as long as
 * it is open) can be sent again and files the case once.
 */
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "192.0.2.50" }), cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, SESSION_LIFETIME_SECONDS: 43_200 }));
const outage = vi.hoisted(() => ({ on: true }));
vi.mock("@/db/queries/objections", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/db/queries/objections")>();
  return {
    ...real,
    submitObjection: (...args: Parameters<typeof real.submitObjection>) =>
      outage.on ? Promise.reject(Object.assign(new Error("Failed query: insert"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) })) : real.submitObjection(...args),
  };
});
const { fileObjectionAction } = await import("@/app/(public)/objections/actions");
const { seedSmallCity } = await import("@/tests/integration/objections/support");

describe("the objection form when the database is out", () => {
  it("keeps the citizen's input and files the case once when sent again with the same key", async () => {
    await seedSmallCity();
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: "objection", description: "Please stop using data about our street.", areaCode: "D01", contactEmail: "me@example.org", idempotencyKey: "form-key-1", website: "" })) form.append(k, v);
    const initial = { receipt: null, message: null, fields: {}, values: {} };
    const during = await fileObjectionAction(initial, form);
    expect(during).toMatchObject({ receipt: null, unavailable: true, values: { description: "Please stop using data about our street.", areaCode: "D01", contactEmail: "me@example.org" } });
    expect(during.message).toMatch(/database/);
    outage.on = false;
    const after = await fileObjectionAction(during, form);
    const again = await fileObjectionAction(after, form);
    expect(after.receipt?.trackingCode).toMatch(/^[0-9A-Z]{5}-/);
    expect(again.receipt?.trackingCode).toBe(after.receipt?.trackingCode);
  });
});
