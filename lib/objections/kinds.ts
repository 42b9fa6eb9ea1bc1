/** The closed vocabularies of objection cases. */

/**
 * - access: what is held about an incident or an area
 * - rectification: an incident record is wrong (place, time, category)
 * - exclusion: an incident record should be excluded from the data, or erased
 * - objection: to the processing of an area's data
 * - complaint: about how a forecast was used
 */
export const OBJECTION_KINDS = ["access", "rectification", "exclusion", "objection", "complaint"] as const;
export type ObjectionKind = (typeof OBJECTION_KINDS)[number];

export const CASE_STATUSES = ["received", "in_review", "awaiting_information", "decided", "appealed", "appeal_decided"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OUTCOMES = ["upheld", "partially_upheld", "rejected"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isObjectionKind(value: unknown): value is ObjectionKind {
  return typeof value === "string" && (OBJECTION_KINDS as readonly string[]).includes(value);
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === "string" && (CASE_STATUSES as readonly string[]).includes(value);
}

/** Kinds whose upheld decision changes an incident record. */
export const DATA_CHANGING_KINDS: readonly ObjectionKind[] = ["rectification", "exclusion"];
