/**
 * The standard incident vocabulary every source is mapped into (seed §4.2.1: data standardisation).
 * The source's own code and description are kept beside the standard category.
 */
export const INCIDENT_CATEGORIES = [
  "theft",
  "burglary",
  "robbery",
  "vehicle_theft",
  "assault",
  "homicide",
  "sexual_offence",
  "arson",
  "other",
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/**
 * How an incident came to be recorded. `discovered` incidents follow patrol presence, which is
 * what lets the feedback-loop audit separate crime from policing.
 */
export const INCIDENT_SOURCES = ["reported", "discovered", "unknown"] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const INCIDENT_STATUSES = ["active", "corrected", "excluded"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export function isIncidentCategory(value: string): value is IncidentCategory {
  return (INCIDENT_CATEGORIES as readonly string[]).includes(value);
}

export function isIncidentSource(value: string): value is IncidentSource {
  return (INCIDENT_SOURCES as readonly string[]).includes(value);
}
