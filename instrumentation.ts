/**
 * Runs once when the Next server starts. The job workers live in the web process so that the
 * embedded database, which one process alone may open, serves both.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME and NEXT_PHASE are Next's own markers, not configuration. The build must never
  // open the database: its workers would take the embedded database's lock from the server.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startBackgroundWork } = await import("./lib/jobs/boot");
  startBackgroundWork();
}
