"use server";

import { revalidatePath } from "next/cache";
import { startLedgerVerification } from "@/db/queries/ledger-integrity";
import { requireIdentity } from "@/lib/auth/session";

export async function verifyLedgerAction(): Promise<void> {
  const { actor } = await requireIdentity("ledger.audit");
  await startLedgerVerification(actor);
  revalidatePath("/oversight/ledger");
}
