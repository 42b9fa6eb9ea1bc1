import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db";
import { auditLedger } from "@/db/queries/ledger-verify";
import { canonicalJson, leafHashHex, sha256Hex, type JsonObject } from "@/lib/ledger";

const MIGRATIONS = path.join(process.cwd(), "drizzle");
const TAG = "_ledger_entry_text";

/** A copy of the migrations folder that stops just before the ledger_entry_text migration. */
function migrationsBefore(): string {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith(TAG));
  expect(at).toBeGreaterThan(0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-migrations-"));
  fs.mkdirSync(path.join(dir, "meta"));
  const earlier = journal.entries.slice(0, at);
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries: earlier }));
  for (const entry of earlier) fs.copyFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

async function migrateTo(handle: DatabaseHandle, folder: string): Promise<void> {
  if (handle.kind === "pglite") await migratePglite(handle.db as never, { migrationsFolder: folder });
  else await migratePg(handle.db as never, { migrationsFolder: folder });
}

// Strings a ledger entry may carry that a canonical-JSON writer must print exactly as
// JSON.stringify does: quotes, backslashes, control characters, non-ASCII and astral characters.
const AWKWARD = ['say "no"', "back\\slash", "tab\there\nline\r\u0001\u001f\u007f", "Ümlaut 中文 €", "emoji 😀 and \u2028", "", "/slash/"];

describe("the ledger_entry_text migration", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-migration-"));
  let handle: DatabaseHandle | undefined;
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives every entry written before it its exact canonical text, so the log still verifies", async () => {
    // The per-file database of this test run, unmigrated (PGlite: a directory of our own).
    handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, migrate: false });
    await migrateTo(handle, migrationsBefore());
    const { db } = handle;
    // Entries as the append before this migration wrote them: canonical text parsed into jsonb.
    let prev: string | null = null;
    const expected: string[] = [];
    for (let i = 0; i < 30; i++) {
      const odd = AWKWARD[i % AWKWARD.length]!;
      const entry: JsonObject = {
        actor: i % 2 ? "system" : "u_abcdef12",
        kind: "policy.changed",
        leafIndex: i,
        payloadHash: sha256Hex(`p${i}`),
        prevLeafHash: prev,
        recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        seq: i + 1,
        subjects: [{ type: odd, id: `${odd}-${i}`, ...(i % 3 ? { hash: sha256Hex(odd) } : {}) }, { type: "policy", id: String(i) }],
      };
      const text = canonicalJson(entry);
      const leafHash = leafHashHex(text);
      await db.execute(sql`insert into ledger_entries (seq, leaf_index, entry, leaf_hash) values (${i + 1}, ${i}, ${text}::jsonb, ${leafHash})`);
      await db.execute(sql`update ledger_head set tree_size = ${i + 1}, last_seq = ${i + 1}, last_leaf_hash = ${leafHash} where id = 1`);
      expected.push(text);
      prev = leafHash;
    }

    await migrateTo(handle, MIGRATIONS);
    const rows = rowsOf<{ entry_text: string; leaf_hash: string; actor: string }>(await db.execute(sql`select entry_text, leaf_hash, actor from ledger_entries order by seq`));
    expect(rows.map((row) => row.entry_text)).toEqual(expected);
    expect(rows.every((row) => leafHashHex(row.entry_text) === row.leaf_hash)).toBe(true);
    expect(rows[1]!.actor).toBe("system");
    const audit = await auditLedger(db, null, Buffer.alloc(32).toString("base64"));
    expect(audit.log).toMatchObject({ ok: true, treeSize: 30 });
  });
});
