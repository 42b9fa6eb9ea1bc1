import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findLiveIdentity } from "@/db/queries/identity";
import { claimJob } from "@/db/queries/jobs";
import { appendToLedger } from "@/db/queries/ledger";
import { latestLedgerVerification, LEDGER_VERIFY_JOB, startLedgerVerification } from "@/db/queries/ledger-integrity";
import { createUserAsSystem } from "@/db/queries/users";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { JOB_HANDLERS } from "@/lib/jobs/handlers";
import { sha256Hex } from "@/lib/ledger";

async function runNextJob() {
  const job = await claimJob([LEDGER_VERIFY_JOB], 60);
  if (!job) throw new Error("no job queued");
  await JOB_HANDLERS[LEDGER_VERIFY_JOB]!({ job, progress: async () => undefined });
}

describe("the ledger integrity job", () => {
  it("reports an intact ledger, then the first bad entry after tampering", async () => {
    const oversight = (await findLiveIdentity((await createUserAsSystem({ email: "o@example.test", displayName: "o", role: "oversight_officer", password: "long enough pass" })).id))!.actor;
    const police = (await findLiveIdentity((await createUserAsSystem({ email: "p@example.test", displayName: "p", role: "police_staff", password: "long enough pass" })).id))!.actor;
    await expect(startLedgerVerification(police)).rejects.toBeInstanceOf(PermissionDeniedError);
    const db = await getDb();
    for (let i = 0; i < 5; i++) await db.transaction((tx) => appendToLedger(tx, { kind: "policy.changed", actor: "system", subjects: [], payloadHash: sha256Hex(String(i)) }));

    await startLedgerVerification(oversight);
    await runNextJob();
    expect(await latestLedgerVerification(oversight)).toMatchObject({ status: "succeeded", result: { ok: true, entries: 7 } });

    // Someone with the owner's rights disables the guard and edits entry 4.
    await db.execute(sql`alter table ledger_entries disable trigger ledger_entries_append_only`);
    await db.execute(sql`update ledger_entries set entry_text = replace(entry_text, '"actor":"system"', '"actor":"public"') where seq = 4`);
    await db.execute(sql`alter table ledger_entries enable always trigger ledger_entries_append_only`);
    await startLedgerVerification(oversight);
    await runNextJob();
    expect(await latestLedgerVerification(oversight)).toMatchObject({ status: "succeeded", result: { ok: false, fault: "leaf_hash_mismatch", seq: 4 } });
  });
});
