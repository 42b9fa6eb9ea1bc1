/**
 * What the ledger records. A closed list: a new kind of accountable event is added here first,
 * so the public verifier and the oversight view know every kind they may meet.
 */
export const LEDGER_KINDS = [
  "ledger.genesis",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "data.imported",
  "incident.corrected",
  "incident.excluded",
  "model.registered",
  "version.submitted",
  "audit.completed",
  "version.approved",
  "version.rejected",
  "version.suspended",
  "version.expired",
  "version.retired",
  "forecast.generated",
  "forecast.viewed",
  "patrol.recorded",
  "patrol.outcome",
  "objection.event",
  "policy.changed",
  "serious_incident.filed",
  "serious_incident.reported",
  "monitoring.completed",
  "monitoring.acknowledged",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Something an entry is about, named by id and, where it has content, by that content's hash. */
export interface LedgerSubject {
  type: string;
  id: string;
  hash?: string;
}

/**
 * An entry as the caller states it. `actor` is a pseudonym, "system" or "public" — never a
 * name or an email: the ledger can never be erased, so it must hold no personal data.
 */
export interface LedgerEntryInput {
  kind: LedgerKind;
  actor: string;
  subjects: LedgerSubject[];
  /** SHA-256 hex of the canonical JSON of the full record the entry vouches for. */
  payloadHash: string;
}

export function isLedgerKind(value: string): value is LedgerKind {
  return (LEDGER_KINDS as readonly string[]).includes(value);
}

const PSEUDONYM = /^(system|public|u_[A-Za-z0-9_-]{6,32})$/;

/** Rejects actor strings that could carry personal data (anything but a pseudonym). */
export function isLedgerActor(value: string): boolean {
  return PSEUDONYM.test(value);
}
