/**
 * The objection policy: how long a jurisdiction has to answer, how far it may extend once, when a
 * case counts as due soon, how long a decision can be appealed, and how many changed records
 * make a model version need a new audit. One default, optionally overridden per area (a
 * jurisdiction's districts); a case keeps the policy it was filed under.
 */
import { z } from "zod";
import type { ThrottleRule } from "../auth/throttle-policy";

/** Whether `name` is a time zone this runtime knows (IANA names such as "America/Chicago"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const deadlinePolicySchema = z
  .object({
    /** Calendar days to answer, counted in the jurisdiction's time zone. */
    responseDays: z.number().int().min(1).max(90),
    /** The one extension may add up to this many days (0: no extension). */
    maxExtensionDays: z.number().int().min(0).max(60),
    /** A case is "due soon" this many days or fewer before its due date. */
    dueSoonDays: z.number().int().min(1).max(30),
    /** Days after a decision within which the citizen may appeal it once. */
    appealWindowDays: z.number().int().min(1).max(90),
    /** Stop the clock while the citizen owes requested information. */
    pauseOnInformationRequest: z.boolean(),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, "unknown time zone"),
  })
  .strict();
export type DeadlinePolicy = z.infer<typeof deadlinePolicySchema>;

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  responseDays: 30,
  maxExtensionDays: 60,
  dueSoonDays: 7,
  appealWindowDays: 30,
  pauseOnInformationRequest: true,
  timeZone: "UTC",
};

export const objectionPolicySchema = z
  .object({
    default: deadlinePolicySchema,
    /** Overrides by area code; fields not given come from `default`. */
    byArea: z.record(z.string().trim().min(1).max(50), deadlinePolicySchema.partial()),
    /** Changed training records since a version's last audit that make it need a new one. */
    reauditAfterChangedRecords: z.number().int().min(1).max(1_000_000),
  })
  .strict();
export type ObjectionPolicy = z.infer<typeof objectionPolicySchema>;

export const DEFAULT_OBJECTION_POLICY: ObjectionPolicy = { default: DEFAULT_DEADLINE_POLICY, byArea: {}, reauditAfterChangedRecords: 10 };

/**
 * The deadline policy for a case about an area (null: no area, the default applies).
 *
 * @example deadlinePolicyFor({ ...DEFAULT_OBJECTION_POLICY, byArea: { D01: { responseDays: 20 } } }, "D01").responseDays // 20
 */
export function deadlinePolicyFor(policy: ObjectionPolicy, areaCode: string | null): DeadlinePolicy {
  const override = areaCode === null ? undefined : policy.byArea[areaCode];
  return { ...policy.default, ...override };
}

/** Whether a version with this many changed training records since its last audit needs a new one. */
export function needsReaudit(changedRecordsSinceAudit: number, policy: Pick<ObjectionPolicy, "reauditAfterChangedRecords">): boolean {
  return changedRecordsSinceAudit >= policy.reauditAfterChangedRecords;
}

/**
 * Submissions per client address: ten new cases an hour, then an hour's pause. A retried
 * submission with the same Idempotency-Key returns its case and is not counted again.
 */
export const INTAKE_RULE: ThrottleRule = { maxFailures: 10, windowSeconds: 60 * 60, lockSeconds: 60 * 60 };
