import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { recordSignInFailure } from "@/db/queries/login-throttle";
import { ACCOUNT_RULE } from "@/lib/auth/throttle-policy";

/**
 * The sign-in callback reads the e-mail for its throttle check from a copy of the body, no
 * further than 16 KiB: a chunked body without Content-Length is refused with 413 having read at
 * most the cap, and a throttled account is found in URL-encoded and multipart forms alike.
 */
// Auth.js itself does not load under vitest: in its place, a handler that reads the body it is
// handed, to show the original request still carries the whole form after the capped copy.
vi.mock("@/lib/auth/auth", () => ({
  handlers: { GET: async () => new Response(null, { status: 405 }), POST: async (request: Request) => Response.json({ handedOn: Object.fromEntries(await request.formData()) }) },
}));
const { POST } = await import("@/app/api/auth/[...nextauth]/route");
const URL = "http://localhost/api/auth/callback/credentials";
const LIMIT = 16 * 1024;

describe("the sign-in body", () => {
  it("is refused with 413 past 16 KiB, declared or streamed, without reading it all", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64 * 1024 * 1024) return controller.close();
        const chunk = new Uint8Array(4 * 1024).fill(0x61);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await POST(new NextRequest(URL, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" }, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]));
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(LIMIT + 64 * 1024);
    const declared = await POST(new NextRequest(URL, { method: "POST", body: "x", headers: { "content-length": String(LIMIT + 1) } }));
    expect(declared.status).toBe(413);
  });

  it("still yields the e-mail of a small form, URL-encoded or multipart, so a locked account gets 429", async () => {
    const email = `locked-${randomUUID()}@example.test`;
    for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) await recordSignInFailure(email, null);
    const encoded = await POST(new NextRequest(URL, { method: "POST", body: new URLSearchParams({ email, password: "guess" }) }));
    expect(encoded.status).toBe(429);
    expect(Number(encoded.headers.get("retry-after"))).toBeGreaterThan(0);
    const form = new FormData();
    form.append("email", email);
    form.append("password", "guess");
    const multipart = await POST(new NextRequest(URL, { method: "POST", body: form }));
    expect(multipart.status).toBe(429);
  });

  it("hands the original request, body intact, to Auth.js when the account is not throttled", async () => {
    const email = `free-${randomUUID()}@example.test`;
    const response = await POST(new NextRequest(URL, { method: "POST", body: new URLSearchParams({ email, password: "a password", csrfToken: "t" }) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ handedOn: { email, password: "a password", csrfToken: "t" } });
  });
});
