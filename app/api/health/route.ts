import { getDatabaseHandle } from "@/db";
import { jsonError } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** Liveness and database reachability: 503 when the database cannot answer within 2 s. */
export async function GET(): Promise<Response> {
  try {
    const handle = await getDatabaseHandle();
    await Promise.race([handle.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("ping timed out")), 2_000))]);
    return Response.json({ status: "ok", database: handle.kind }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error(`[health] ${(error as Error).message}`);
    return jsonError("unavailable", "The database cannot be reached.", 5);
  }
}
