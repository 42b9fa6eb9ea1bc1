import "server-only";
import { and, eq, inArray, isNotNull, like, lt, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/db";
import { loginThrottle, objectionCases, objectionContacts, objectionIdempotency, settings } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { canonicalJson, sha256Hex } from "@/lib/ledger";
import { DEFAULT_OBJECTION_POLICY, INTAKE_RULE, objectionPolicySchema, type ObjectionPolicy } from "@/lib/objections/policy";
import { appendToLedger } from "./ledger";
import { parseOrThrow, recordEvent } from "./objections-core";

const POLICY_KEY = "objections.policy";
const DAY_MS = 86_400_000;
/** Rate-limit rows of intake, in the shared throttle table, carry this prefix. */
export const INTAKE_THROTTLE_PREFIX = "objection-ip:";

/** The objection policy in force: the stored one, or the defaults (30 days, one extension ≤ 60 days). */
export async function getObjectionPolicy(db: Executor): Promise<ObjectionPolicy> {
  const [row] = await db.select().from(settings).where(eq(settings.key, POLICY_KEY));
  if (!row) return DEFAULT_OBJECTION_POLICY;
  const parsed = objectionPolicySchema.safeParse(row.value);
  // A stored policy that no longer validates is a deployment fault, not something to paper over.
  if (!parsed.success) throw new Error(`settings.${POLICY_KEY} is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Replaces the objection policy (administrators); new cases take it, filed cases keep theirs. On the ledger. */
export async function updateObjectionPolicy(actor: Actor, input: unknown): Promise<ObjectionPolicy> {
  assertCan(actor, "policies.manage");
  const policy = parseOrThrow(objectionPolicySchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: POLICY_KEY, value: policy })
      .onConflictDoUpdate({ target: settings.key, set: { value: policy, updatedAt: new Date() } });
    const hash = sha256Hex(canonicalJson(policy));
    await appendToLedger(tx, { kind: "policy.changed", actor: actor.pseudonym, subjects: [{ type: "objection_policy", id: POLICY_KEY, hash }], payloadHash: hash });
    return policy;
  });
}

export interface SweepResult {
  contactsDeleted: number;
  idempotencyKeysDeleted: number;
  throttleRowsDeleted: number;
}

/**
 * Deletes the contact e-mail of every case closed more than `retentionDays` ago (each deletion an
 * event on its case and the ledger), expired idempotency keys (they hold tracking codes) and stale
 * intake rate-limit rows (window over and no lock left).
 */
export async function sweepObjections(retentionDays: number, now: Date = new Date()): Promise<SweepResult> {
  const db = await getDb();
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ caseId: objectionContacts.caseId })
      .from(objectionContacts)
      .innerJoin(objectionCases, eq(objectionCases.id, objectionContacts.caseId))
      .where(and(isNotNull(objectionCases.closesAt), lt(objectionCases.closesAt, cutoff), inArray(objectionCases.status, ["decided", "appeal_decided"])))
      .for("update", { of: objectionContacts });
    if (due.length > 0) {
      await tx.delete(objectionContacts).where(inArray(objectionContacts.caseId, due.map((d) => d.caseId)));
      for (const { caseId } of due) {
        await recordEvent(tx, { caseId, type: "contact_deleted", actor: { kind: "system" }, actorPseudonym: null, body: null, data: { retentionDays }, now });
      }
    }
    const keys = await tx.delete(objectionIdempotency).where(lt(objectionIdempotency.expiresAt, now)).returning({ key: objectionIdempotency.keyHash });
    const throttle = await tx
      .delete(loginThrottle)
      .where(and(like(loginThrottle.key, `${INTAKE_THROTTLE_PREFIX}%`), sql`greatest(coalesce(${loginThrottle.lockedUntil}, ${loginThrottle.windowStart}), ${loginThrottle.windowStart} + make_interval(secs => ${INTAKE_RULE.windowSeconds})) < ${now.toISOString()}`))
      .returning({ key: loginThrottle.key });
    return { contactsDeleted: due.length, idempotencyKeysDeleted: keys.length, throttleRowsDeleted: throttle.length };
  });
}

/** The objection policy in force, for anyone: deadlines and thresholds are public commitments. */
export async function readObjectionPolicy(): Promise<ObjectionPolicy> {
  return getObjectionPolicy(await getDb());
}
