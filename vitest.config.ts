import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "tests/support/server-only-stub.ts") };

/** Integration tests run once per database: the embedded PGlite and, with TEST_DATABASE_URL, PostgreSQL. */
const integration = (name: string, setup: string) => ({
  resolve: { alias },
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    setupFiles: [setup],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      integration("integration-pglite", "tests/support/use-pglite.ts"),
      integration("integration-postgres", "tests/support/use-postgres.ts"),
    ],
  },
});
