/**
 * Post-deployment monitoring of approved versions and the regional view, pure: served flags,
 * recorded incidents and patrol logs in; metrics judged against the audit policy out.
 */
export * from "./metrics";
export * from "./months";
export * from "./displacement";
export * from "./measure";
export * from "./trend";
export * from "./regional";
