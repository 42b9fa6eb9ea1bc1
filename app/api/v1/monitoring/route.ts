import { listMonitoring, listMonitoringAlerts } from "@/db/queries/monitoring-read";
import { requireIdentity } from "@/lib/auth/session";
import { apiRoute } from "@/lib/http/api";

/** Post-deployment monitoring for oversight: each version's runs, metrics and monthly trends, and the alerts awaiting acknowledgement. */
export const GET = apiRoute(async () => {
  const { actor } = await requireIdentity("monitoring.read");
  const [versions, openAlerts] = await Promise.all([listMonitoring(actor), listMonitoringAlerts(actor, { open: true })]);
  return Response.json({ versions, openAlerts });
});
