import { getDatabaseHandle } from "@/db";
import { jsonError } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** Liveness and database reachability: 503 when the database does not answer a fresh connection within 1 s. */
export async function GET(): Promise<Response> {
  try {
    const handle = await getDatabaseHandle();
    // PostgreSQL: a fresh connection, not the pool's (which may all wait on a frozen server).
    const ok = handle.kind === "postgres" ? await handle.probe(1_000) : await Promise.race([handle.ping().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000))]);
    if (!ok) throw new Error("the database did not answer in time");
    return Response.json({ status: "ok", database: handle.kind }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(`[health] ${(error as Error).message}`);
    return jsonError("unavailable", "The database cannot be reached.", 5);
  }
}
