import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf, type Executor } from "@/db";
import { appendToLedger, consistencyProofFor, currentTreeHead, inclusionProofFor } from "@/db/queries/ledger";
import { checkpointIfDue, createCheckpoint, latestCheckpoint } from "@/db/queries/ledger-checkpoints";
import { auditLedger } from "@/db/queries/ledger-verify";
import { settings } from "@/db/schema";
import { canonicalJson, fromHex, leafHashHex, sha256Hex, verifyConsistency, verifyInclusion, type JsonObject, type SignedCheckpoint } from "@/lib/ledger";
import { readPublishedCheckpoint } from "@/lib/server/ledger-signer";

const entry = (n: number) => ({ kind: "policy.changed" as const, actor: "system", subjects: [{ type: "policy", id: `p${n}` }], payloadHash: sha256Hex(`payload ${n}`) });

class Rollback extends Error {}

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function refusal(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  return "not refused";
}

/**
 * Runs a tampering inside a transaction that is always rolled back, returning what the audit saw.
 * The audit runs twice, on this thread and on worker threads in batches of 3 rows (so a 20-entry
 * log spans several batches), and both must name the same fault at the same entry.
 */
async function auditAfter(tamper: (tx: Executor) => Promise<unknown>, published: SignedCheckpoint | null = null) {
  const db = await getDb();
  let result: Awaited<ReturnType<typeof auditLedger>> | undefined;
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`alter table ledger_entries disable trigger all`);
      await tamper(tx);
      result = await auditLedger(tx, published);
      const parallel = await auditLedger(tx, published, undefined, { workers: 2, batchSize: 3 });
      expect(parallel.workers).toBe(2);
      expect({ log: parallel.log, entries: parallel.entries, badSignatures: parallel.badSignatures }).toEqual({ log: result.log, entries: result.entries, badSignatures: result.badSignatures });
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return result!;
}

describe("the accountability ledger", () => {
  beforeAll(async () => {
    const db = await getDb();
    for (let n = 1; n <= 20; n++) await db.transaction((tx) => appendToLedger(tx, entry(n)));
  });

  it("proves every entry's inclusion and the consistency of every earlier tree", async () => {
    const head = await currentTreeHead(await getDb());
    expect(head.treeSize).toBe(20);
    for (const seq of [1, 2, 7, 13, 20]) {
      for (const treeSize of [seq, 16, 20].filter((size) => size >= seq)) {
        const proof = await inclusionProofFor(seq, treeSize);
        expect(verifyInclusion(proof.leafIndex, treeSize, fromHex(proof.leafHash), proof.auditPath.map(fromHex), fromHex(proof.rootHash)).ok).toBe(true);
        if (treeSize === 20) expect(proof.rootHash).toBe(head.rootHash);
      }
    }
    for (const [from, to] of [[1, 20], [7, 13], [16, 20], [20, 20]] as const) {
      const proof = await consistencyProofFor(from, to);
      expect(verifyConsistency(from, to, proof.proof.map(fromHex), fromHex(proof.fromRoot), fromHex(proof.toRoot)).ok).toBe(true);
    }
    await expect(inclusionProofFor(21, 20)).rejects.toMatchObject({ code: "not_found" });
    await expect(inclusionProofFor(1, 21)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("refuses UPDATE, DELETE and TRUNCATE, even in replica mode", async () => {
    const db = await getDb();
    expect(await refusal(db.execute(sql`update ledger_entries set leaf_hash = 'x' where seq = 1`))).toMatch(/append-only: UPDATE on ledger_entries/);
    expect(await refusal(db.execute(sql`delete from ledger_entries where seq = 1`))).toMatch(/append-only: DELETE/);
    expect(await refusal(db.execute(sql`truncate ledger_entries`))).toMatch(/append-only: TRUNCATE/);
    expect(await refusal(db.execute(sql`delete from ledger_nodes`))).toMatch(/append-only: DELETE on ledger_nodes/);
    expect(await refusal(db.execute(sql`delete from ledger_checkpoints`))).toMatch(/append-only: DELETE on ledger_checkpoints/);
    const replica = db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from ledger_entries where seq = 2`);
    });
    expect(await refusal(replica)).toMatch(/append-only: DELETE/);
  });

  it("verifies a clean log against its signed checkpoints", async () => {
    const checkpoint = await createCheckpoint();
    expect(checkpoint.checkpoint.treeSize).toBe(20);
    expect(readPublishedCheckpoint()).toMatchObject({ checkpoint: checkpoint.checkpoint, signature: checkpoint.signature });
    const audit = await auditLedger(await getDb(), readPublishedCheckpoint());
    expect(audit).toMatchObject({ log: { ok: true, treeSize: 20 }, badSignatures: [] });
    const parallel = await auditLedger(await getDb(), readPublishedCheckpoint(), undefined, { workers: 2, batchSize: 3 });
    expect(parallel).toMatchObject({ log: audit.log, entries: 20, workers: 2, recheckedBatches: 0 });
  });

  it("names the first bad entry for an edit, a rehashed edit, a deletion, a swap and an insertion", async () => {
    const edited = await auditAfter((tx) => tx.execute(sql`update ledger_entries set entry_text = replace(entry_text, '"actor":"system"', '"actor":"public"') where seq = 5`));
    expect(edited.log).toMatchObject({ ok: false, fault: "leaf_hash_mismatch", seq: 5 });

    const rehashed = await auditAfter(async (tx) => {
      await tx.execute(sql`update ledger_entries set entry_text = replace(entry_text, '"actor":"system"', '"actor":"public"') where seq = 8`);
      const [row] = rowsOf<{ entry: Record<string, unknown> }>(await tx.execute(sql`select entry from ledger_entries where seq = 8`));
      const { entryLeafHash } = await import("@/lib/ledger");
      await tx.execute(sql`update ledger_entries set leaf_hash = ${entryLeafHash(row!.entry as never)} where seq = 8`);
    });
    expect(rehashed.log).toMatchObject({ ok: false, fault: "chain_broken", seq: 8 });

    const deleted = await auditAfter((tx) => tx.execute(sql`delete from ledger_entries where seq = 11`));
    expect(deleted.log).toMatchObject({ ok: false, fault: "index_mismatch", seq: 12 });

    const swapped = await auditAfter(async (tx) => {
      await tx.execute(sql`update ledger_entries set seq = -3 where seq = 3`);
      await tx.execute(sql`update ledger_entries set seq = 3, leaf_index = -1 where seq = 4`);
      await tx.execute(sql`update ledger_entries set seq = 4, leaf_index = 3 where seq = -3`);
      await tx.execute(sql`update ledger_entries set leaf_index = 2 where seq = 3`);
    });
    expect(swapped.log).toMatchObject({ ok: false, seq: 3 });

    const inserted = await auditAfter(async (tx) => {
      const [row] = rowsOf<{ entry_text: string; leaf_hash: string }>(await tx.execute(sql`select entry_text, leaf_hash from ledger_entries where seq = 6`));
      await tx.execute(sql`insert into ledger_entries (seq, leaf_index, entry_text, leaf_hash) values (1000, 1000, ${row!.entry_text}, ${row!.leaf_hash})`);
    });
    expect(inserted.log.ok).toBe(false);
  });

  it("keeps the jsonb entry and the query columns generated from the hashed text, so they cannot be edited apart", async () => {
    const db = await getDb();
    const [row] = rowsOf<{ entry_text: string; entry: Record<string, unknown>; actor: string; leaf_hash: string }>(await db.execute(sql`select entry_text, entry, actor, leaf_hash from ledger_entries where seq = 3`));
    expect(canonicalJson(row!.entry as JsonObject)).toBe(row!.entry_text);
    expect(leafHashHex(row!.entry_text)).toBe(row!.leaf_hash);
    expect(row!.actor).toBe("system");
    for (const column of ["entry = '{}'::jsonb", "actor = 'public'", "kind = 'user.created'"]) {
      const edit = db.transaction(async (tx) => {
        await tx.execute(sql`alter table ledger_entries disable trigger all`);
        await tx.execute(sql.raw(`update ledger_entries set ${column} where seq = 3`));
      });
      expect(await refusal(edit)).toMatch(/can only be updated to DEFAULT/);
    }
    let followed: { actor: string; entry_actor: string } | undefined;
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`alter table ledger_entries disable trigger all`);
        await tx.execute(sql`update ledger_entries set entry_text = replace(entry_text, '"actor":"system"', '"actor":"public"') where seq = 3`);
        [followed] = rowsOf<{ actor: string; entry_actor: string }>(await tx.execute(sql`select actor, entry->>'actor' as entry_actor from ledger_entries where seq = 3`));
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(followed).toEqual({ actor: "public", entry_actor: "public" });
  });

  it("detects a truncated tail from the checkpoint kept outside the database", async () => {
    const published = readPublishedCheckpoint();
    const truncated = await auditAfter((tx) => tx.execute(sql`delete from ledger_entries where seq > 17`), published);
    expect(truncated.log).toMatchObject({ ok: false, fault: "truncated" });
    const forged = { ...published!, checkpoint: { ...published!.checkpoint, treeSize: 19 } };
    const badSignature = await auditAfter(async () => undefined, forged);
    expect(badSignature.badSignatures).toEqual([19]);
  });

  it("commits an entry only with the change it records", async () => {
    const db = await getDb();
    const before = (await currentTreeHead(db)).treeSize;
    await expect(
      db.transaction(async (tx) => {
        await appendToLedger(tx, entry(99));
        await tx.insert(settings).values({ key: "same-tx", value: 1 });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect((await currentTreeHead(db)).treeSize).toBe(before);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(settings).values({ key: "same-tx", value: 2 });
        await appendToLedger(tx, { ...entry(100), actor: "alice@example.org" });
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db.select().from(settings).where(sql`key = 'same-tx'`)).toHaveLength(0);
  });

  it("writes a record alongside its entry in one statement, both or neither, even outside a transaction", async () => {
    const db = await getDb();
    const receipt = await appendToLedger(db, entry(200), new Date(), sql`insert into settings (key, value) select 'alongside', to_jsonb(seq) from hashed`);
    const [stored] = await db.select().from(settings).where(sql`key = 'alongside'`);
    expect(stored?.value).toBe(receipt.seq);
    const before = (await currentTreeHead(db)).treeSize;
    // The same key again: the record is refused, so the entry is not written either.
    await expect(appendToLedger(db, entry(201), new Date(), sql`insert into settings (key, value) select 'alongside', to_jsonb(seq) from hashed`)).rejects.toThrow();
    expect((await currentTreeHead(db)).treeSize).toBe(before);
  });

  it("never forks under concurrent appends", async () => {
    const db = await getDb();
    const before = (await currentTreeHead(db)).treeSize;
    const receipts = await Promise.all(Array.from({ length: 16 }, (_, writer) => (async () => {
      const mine = [];
      for (let i = 0; i < 10; i++) mine.push(await db.transaction((tx) => appendToLedger(tx, entry(1000 + writer * 10 + i))));
      return mine;
    })()));
    const indices = receipts.flat().map((r) => r.leafIndex).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 160 }, (_, i) => before + i));
    const audit = await auditLedger(db, null);
    expect(audit.log).toMatchObject({ ok: true, treeSize: before + 160 });
    expect((await auditLedger(db, null, undefined, { workers: 2, batchSize: 37 })).log).toEqual(audit.log);
  });

  it("signs a checkpoint when enough entries have accumulated", async () => {
    const last = (await latestCheckpoint())!;
    expect(await checkpointIfDue({ every: 1_000_000, minutes: 60 }, new Date(Date.parse(last.checkpoint.timestamp) + 1000))).toBeNull();
    const due = await checkpointIfDue({ every: 100, minutes: 60 });
    expect(due?.checkpoint.treeSize).toBe((await currentTreeHead(await getDb())).treeSize);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))("the application role on PostgreSQL", () => {
  it("may append to the ledger and read it, but not rewrite it, by privilege as well as by trigger", async () => {
    const { appRoleGrants } = await import("@/db/app-role");
    const db = await getDb();
    await db.execute(sql.raw("do $$ begin if not exists (select from pg_roles where rolname = 'sightline_app_test') then create role sightline_app_test; end if; end $$"));
    for (const statement of appRoleGrants("sightline_app_test")) await db.execute(sql.raw(statement));
    const asApp = (statement: string) =>
      db.transaction(async (tx) => {
        await tx.execute(sql.raw("set local role sightline_app_test"));
        await tx.execute(sql.raw("alter table ledger_entries disable trigger all"));
        await tx.execute(sql.raw(statement));
      });
    expect(await refusal(asApp("update ledger_entries set leaf_hash = 'x'"))).toMatch(/must be owner|permission denied/);
    const appends = db.transaction(async (tx) => {
      await tx.execute(sql.raw("set local role sightline_app_test"));
      return appendToLedger(tx, entry(5000));
    });
    expect((await appends).seq).toBeGreaterThan(0);
    const rewrite = db.transaction(async (tx) => {
      await tx.execute(sql.raw("set local role sightline_app_test"));
      await tx.execute(sql.raw("update ledger_entries set leaf_hash = 'x'"));
    });
    expect(await refusal(rewrite)).toMatch(/permission denied for table ledger_entries/);
  });
});
