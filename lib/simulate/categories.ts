import type { IncidentCategory } from "./types";
import { cumulativeSums } from "./random";

/**
 * Per category: share of true incidents, the chance the public reports one, and how visible
 * it is to a passing patrol (relative). Shares follow the rough shape of recorded crime in
 * European and US cities (theft largest, homicide rarest); reporting rates the shape of
 * victimisation surveys (vehicle theft and burglary well reported, sexual offences least).
 */
export const CATEGORY_PROFILE: Readonly<Record<IncidentCategory, { share: number; reported: number; visible: number }>> = {
  theft: { share: 0.36, reported: 0.42, visible: 0.6 },
  burglary: { share: 0.1, reported: 0.72, visible: 0.2 },
  robbery: { share: 0.035, reported: 0.58, visible: 0.7 },
  vehicle_theft: { share: 0.07, reported: 0.85, visible: 0.5 },
  assault: { share: 0.22, reported: 0.45, visible: 0.8 },
  homicide: { share: 0.0008, reported: 0.97, visible: 0.3 },
  sexual_offence: { share: 0.02, reported: 0.25, visible: 0.1 },
  arson: { share: 0.01, reported: 0.7, visible: 0.4 },
  other: { share: 0.1842, reported: 0.35, visible: 1 },
};

export const CATEGORIES = Object.keys(CATEGORY_PROFILE) as IncidentCategory[];

export const CATEGORY_CUMULATIVE = cumulativeSums(CATEGORIES.map((c) => CATEGORY_PROFILE[c].share));

/** Chance a near-repeat offspring is the same kind of crime as its parent (repeat burglary, retaliation…). */
export const SAME_CATEGORY_AS_PARENT = 0.6;

/**
 * Relative frequency of crime by hour of day (0–23): quiet before dawn, rising through the
 * afternoon, peaking in the evening.
 */
const HOURLY = [3, 2.4, 2, 1.5, 1.2, 1.1, 1.4, 2.2, 3, 3.4, 3.6, 3.9, 4.3, 4.3, 4.4, 4.8, 5.2, 5.4, 5.5, 5.4, 5.1, 4.8, 4.3, 3.6];
export const HOURLY_CUMULATIVE = cumulativeSums(HOURLY);
