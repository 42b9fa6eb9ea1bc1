import type { incidents as en } from "../en/incidents";

export const incidents: typeof en = {};
