/**
 * Audits of place-based forecasts: bias by group (exposure, disparity, need-adjusted exposure,
 * false-positive parity), the feedback loop, displacement and stability, judged against a
 * versioned policy. Pure: flags and counts in, numbers with intervals out.
 */
export * from "./residents";
export * from "./bias";
export * from "./displacement";
export * from "./stability";
export * from "./policy";
export * from "./report";
export * from "./run-audit";
export * from "./audit-map";
