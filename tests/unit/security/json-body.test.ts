import { describe, expect, it } from "vitest";
import { jsonBody, optionalJsonBody } from "@/lib/http/json-body";

const LIMIT = 256 * 1024;

/** A body streamed in 16 KiB chunks with no Content-Length, counting how much the server pulled. */
function chunked(totalBytes: number): { request: Request; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const chunk = new Uint8Array(Math.min(16 * 1024, totalBytes - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { request: new Request("http://x/api", { method: "POST", body: stream, duplex: "half" } as RequestInit), pulled: () => sent };
}

describe("JSON bodies", () => {
  it("refuses a declared length past 256 KiB with 413 before reading a byte", async () => {
    let read = false;
    const body = new ReadableStream({ pull() { read = true; } }, { highWaterMark: 0 });
    const request = new Request("http://x/api", { method: "POST", body, headers: { "content-length": String(LIMIT + 1) }, duplex: "half" } as RequestInit);
    await expect(jsonBody(request)).rejects.toMatchObject({ code: "payload_too_large", message: "body: at most 256 KiB" });
    expect(read).toBe(false);
  });

  it("stops reading an undeclared (chunked) body as soon as it passes the limit", async () => {
    const { request, pulled } = chunked(50 * 1024 * 1024);
    await expect(jsonBody(request)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(pulled()).toBeLessThan(LIMIT + 64 * 1024);
  });

  it("accepts a JSON object up to the limit and names what else is wrong", async () => {
    const post = (body: string) => jsonBody(new Request("http://x/api", { method: "POST", body }));
    await expect(post(JSON.stringify({ a: "x".repeat(LIMIT - 20) }))).resolves.toMatchObject({ a: expect.any(String) });
    await expect(post("{nope")).rejects.toMatchObject({ code: "invalid_input", message: "body: not valid JSON" });
    await expect(post("[1,2]")).rejects.toMatchObject({ code: "invalid_input", message: "body: expected a JSON object" });
    await expect(post("")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("reads an optional body under the same cap: empty is {}, past 256 KiB is 413 without reading it all", async () => {
    const post = (body?: string) => optionalJsonBody(new Request("http://x/api", { method: "POST", body }));
    await expect(post()).resolves.toEqual({});
    await expect(post("  \n")).resolves.toEqual({});
    await expect(post('{"month":"2026-01"}')).resolves.toEqual({ month: "2026-01" });
    await expect(post("[1]")).rejects.toMatchObject({ code: "invalid_input", message: "body: expected a JSON object" });
    const { request, pulled } = chunked(50 * 1024 * 1024);
    await expect(optionalJsonBody(request)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(pulled()).toBeLessThan(LIMIT + 64 * 1024);
  });
});
