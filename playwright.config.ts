import { defineConfig } from "@playwright/test";

// run-e2e.ts sets these: the Debian Chromium binary, a fresh data directory and a free port.
const chromium = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? ".test-data/e2e";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "npm start",
    url: `http://localhost:${port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // One trusted proxy: the security specs stand in for it, each sending its own X-Forwarded-For so
    // its sign-in and intake limits do not meet the other specs'.
    env: { PORT: String(port), SIGHTLINE_DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1", SIGHTLINE_TRUSTED_PROXIES: "1" },
  },
});
