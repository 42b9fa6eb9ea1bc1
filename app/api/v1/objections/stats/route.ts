import { getObjectionStatistics } from "@/db/queries/objections";
import { apiRoute } from "@/lib/http/api";

/** Public statistics of objections per month: kinds, outcomes, median days to decision, share on time. */
export const GET = apiRoute(async () => Response.json(await getObjectionStatistics()));
