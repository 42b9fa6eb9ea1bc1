/**
 * Runs once when the Next server starts. The job workers live in the web process so that the
 * embedded database, which one process alone may open, serves both.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own marker of the runtime, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("./lib/jobs/boot");
  startBackgroundWork();
}
