import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db";
import { appendToLedger } from "@/db/queries/ledger";
import { appendBatchToLedger, LedgerGroupCommit } from "@/db/queries/ledger-batch";
import { auditLedger } from "@/db/queries/ledger-verify";
import { sha256Hex } from "@/lib/ledger";

const entry = (n: number) => ({ kind: "policy.changed" as const, actor: "system", subjects: [{ type: "policy", id: `g${n}` }], payloadHash: sha256Hex(`group ${n}`) });

describe("batched appends and group commit", () => {
  it("writes the entries single appends would, interleaved with single appends, and the whole log verifies", async () => {
    const db = await getDb();
    const first = await appendToLedger(db, entry(0));
    const batch = await appendBatchToLedger(db, [entry(1), entry(2), entry(3)], new Date());
    const after = await appendToLedger(db, entry(4));
    expect(batch.map((r) => r.seq)).toEqual([first.seq + 1, first.seq + 2, first.seq + 3]);
    expect(after.seq).toBe(first.seq + 4);
    const stored = rowsOf<{ leaf_hash: string; prev: string | null }>(await db.execute(sql`select leaf_hash, entry->>'prevLeafHash' as prev from ledger_entries where seq >= ${first.seq} order by seq`));
    expect(stored.slice(1).map((row) => row.prev)).toEqual(stored.slice(0, -1).map((row) => row.leaf_hash));
    expect((await auditLedger(db, null)).log.ok).toBe(true);
  });

  it("under 200 concurrent callers and concurrent single appends: every caller gets its own committed entry, no forks", async () => {
    const db = await getDb();
    const seen: number[] = [];
    const group = new LedgerGroupCommit<number>(getDb, async (tx, written) => {
      for (const { receipt, extra } of written) {
        expect(receipt.seq).toBeGreaterThan(0);
        seen.push(extra);
      }
      await tx.execute(sql`select 1`);
    });
    const grouped = Array.from({ length: 200 }, (_, i) => group.append(entry(100 + i), i));
    const singles = Array.from({ length: 20 }, (_, i) => db.transaction((tx) => appendToLedger(tx, entry(1000 + i))));
    const receipts = [...(await Promise.all(grouped)), ...(await Promise.all(singles))];
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(220);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const [{ n, distinct }] = rowsOf<{ n: string | number; distinct: string | number }>(await db.execute(sql`select count(*) as n, count(distinct leaf_index) as distinct from ledger_entries`)) as [{ n: string | number; distinct: string | number }];
    expect(Number(n)).toBe(Number(distinct));
    expect((await auditLedger(db, null)).log.ok).toBe(true);
  });

  it("fails every caller of a batch that cannot be committed, and stores nothing of it", async () => {
    const db = await getDb();
    const before = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from ledger_entries`))[0]!.n;
    const group = new LedgerGroupCommit<number>(getDb, async () => {
      throw new Error("the record beside the entry was refused");
    });
    const results = await Promise.allSettled([group.append(entry(5000), 1), group.append(entry(5001), 2)]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from ledger_entries`))[0]!.n).toBe(before);
    expect(() => group.append({ ...entry(1), actor: "someone@example.org" }, 3)).toThrow(/pseudonym/);
  });
});
