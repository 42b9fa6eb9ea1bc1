import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, rowsOf } from "@/db";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { createApiToken } from "@/db/queries/tokens";
import { actorOf, countRows, seedSmallCity } from "@/tests/integration/objections/support";

/**
 * The two oversight endpoints whose body is optional read it through the same 256 KiB cap as every
 * other JSON endpoint: an oversized body is answered 413 having read no more than the cap (nothing
 * queued), and an empty body still starts the job.
 */
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, SESSION_LIFETIME_SECONDS: 12 * 60 * 60, signIn: async () => undefined, signOut: async () => undefined }));

const routes = {
  forecasts: await import("@/app/api/v1/versions/[id]/forecasts/route"),
  monitoring: await import("@/app/api/v1/versions/[id]/monitoring/route"),
};
type Handler = (request: NextRequest, context: { params: Promise<{ id: string }> }) => Promise<Response>;

const LIMIT = 256 * 1024;

/** A body streamed in 16 KiB chunks, without Content-Length, counting how much was pulled. */
function streamed(totalBytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const chunk = new Uint8Array(Math.min(16 * 1024, totalBytes - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => sent };
}

describe("optional JSON bodies of the job endpoints are capped before they are read", () => {
  let versionId: string;

  beforeAll(async () => {
    const now = new Date();
    await seedSmallCity(now);
    await seedDemoModel(now);
    const [row] = rowsOf<{ id: string }>(await (await getDb()).execute(sql`select id from model_versions where state = 'approved' limit 1`));
    versionId = row!.id;
    const { token } = await createApiToken(await actorOf("oversight1@demo.test"), "body limit");
    request.headers = new Headers({ authorization: `Bearer ${token}` });
  });

  const call = (handler: unknown, init: RequestInit) =>
    (handler as Handler)(new NextRequest("http://localhost/api/x", { method: "POST", ...init } as ConstructorParameters<typeof NextRequest>[1]), { params: Promise.resolve({ id: versionId }) });

  for (const name of ["forecasts", "monitoring"] as const) {
    it(`POST /api/v1/versions/[id]/${name}: 413 for an oversized body, declared or streamed, with nothing queued`, async () => {
      const jobs = await countRows("jobs");

      let read = false;
      const untouched = new ReadableStream({ pull() { read = true; } }, { highWaterMark: 0 });
      const declared = await call(routes[name].POST, { body: untouched, headers: { "content-length": String(LIMIT + 1) }, duplex: "half" } as RequestInit);
      expect(declared.status).toBe(413);
      expect(await declared.json()).toMatchObject({ error: { code: "payload_too_large" } });
      expect(read).toBe(false);

      const { body, pulled } = streamed(64 * 1024 * 1024);
      const chunked = await call(routes[name].POST, { body, duplex: "half" } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(pulled()).toBeLessThan(LIMIT + 64 * 1024);

      expect(await countRows("jobs")).toBe(jobs);
    });

    it(`POST /api/v1/versions/[id]/${name}: an empty body still starts the job; a non-object is 422`, async () => {
      const accepted = await call(routes[name].POST, {});
      expect(accepted.status).toBe(202);
      expect(await accepted.json()).toHaveProperty("jobId");
      const refused = await call(routes[name].POST, { body: "[]", headers: { "content-type": "application/json" } });
      expect(refused.status).toBe(422);
    });
  }
});
