import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPENAPI_DOCUMENT } from "@/lib/http/openapi";

const API_DIR = path.resolve(import.meta.dirname, "../../../app/api");

/** Route files as OpenAPI paths: app/api/v1/jobs/[id]/route.ts → /api/v1/jobs/{id}. */
function routePaths(dir: string, prefix = "/api"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return entry.name === "route.ts" ? [prefix] : [];
    const segment = entry.name.replace(/^\[(\w+)\]$/, "{$1}");
    return routePaths(path.join(dir, entry.name), `${prefix}/${segment}`);
  });
}

describe("the OpenAPI document", () => {
  it("describes every machine endpoint (auth.js's own routes aside)", () => {
    const documented = Object.keys(OPENAPI_DOCUMENT.paths);
    const routes = routePaths(API_DIR).filter((route) => !route.startsWith("/api/auth"));
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });
});
