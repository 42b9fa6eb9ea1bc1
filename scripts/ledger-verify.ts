/**
 * npm run ledger:verify — recomputes every leaf hash and the root at every signed checkpoint
 * (including the copy published outside the database), checks every signature, and names the
 * first bad sequence number. Exits 1 on any fault.
 */
import { closeDatabase, getDb } from "@/db";
import { auditLedger } from "@/db/queries/ledger-verify";
import { readPublishedCheckpoint } from "@/lib/server/ledger-signer";

async function main(): Promise<number> {
  const db = await getDb();
  const audit = await auditLedger(db, readPublishedCheckpoint());
  const seconds = (audit.milliseconds / 1000).toFixed(2);
  if (audit.badSignatures.length > 0) {
    console.log(`FAIL: checkpoint signature invalid at tree size ${audit.badSignatures.join(", ")}`);
    return 1;
  }
  if (!audit.log.ok) {
    const { fault, seq, index, detail } = audit.log;
    console.log(`FAIL: ${fault} at seq ${seq ?? "(missing)"} (leaf index ${index}): ${detail}`);
    return 1;
  }
  console.log(`OK: ${audit.entries} entries, ${audit.checkpoints} checkpoints verified in ${seconds} s; root ${audit.log.rootHash} at size ${audit.log.treeSize}`);
  return 0;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await closeDatabase().catch(() => undefined);
    process.exit(2);
  });
