import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDatabase } from "@/db";

// Each test file gets its own empty embedded database.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-test-"));
delete process.env.DATABASE_URL;
process.env.SIGHTLINE_DATA_DIR = dataDir;

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
