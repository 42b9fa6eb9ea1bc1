import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll } from "vitest";
import { closeDatabase } from "@/db";

// Each test file gets its own empty database on the server named by TEST_DATABASE_URL.
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set: the integration-postgres project needs a PostgreSQL server");

const name = `sightline_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();

const url = new URL(serverUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.SIGHTLINE_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-test-"));

afterAll(async () => {
  await closeDatabase();
  const cleanup = new pg.Client({ connectionString: serverUrl });
  await cleanup.connect();
  await cleanup.query(`drop database if exists ${name} with (force)`);
  await cleanup.end();
});
