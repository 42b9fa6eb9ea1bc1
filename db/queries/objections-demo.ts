import "server-only";
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@/db";
import type { Actor } from "@/lib/auth/permissions";
import { findLiveIdentity, findLoginCandidate } from "./identity";
import { appealDecision, submitObjection } from "./objections";
import { assignObjection, decideObjection, listObjectionQueue, requestInformation } from "./objections-handling";

const DAY_MS = 86_400_000;

async function demoActor(email: string): Promise<Actor> {
  const candidate = await findLoginCandidate(email);
  const identity = candidate && (await findLiveIdentity(candidate.id));
  if (!identity) throw new Error(`demo account ${email} is missing`);
  return identity.actor;
}

/**
 * A few objections in different states, so the demo's queue and statistics show something from the
 * first start: new, in review, due soon, overdue, waiting for the citizen, decided with an upheld
 * correction that reached the data, models and forecasts, and under appeal. Runs after the demo
 * model (its forecasts are annotated); only on an empty objection table.
 */
export async function seedDemoObjections(now: Date, onProgress?: (message: string) => void): Promise<boolean> {
  const db = await getDb();
  const [existing] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from objection_cases`));
  if (Number(existing?.n ?? 0) > 0) return false;
  const [o1, o2, citizen] = await Promise.all(["oversight1@demo.test", "oversight2@demo.test", "citizen@demo.test"].map(demoActor));
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const codes = rowsOf<{ code: string }>(await db.execute(sql`select code from areas order by code`)).map((row) => row.code);
  if (codes.length === 0) throw new Error("demo: no areas");
  /** The i-th district (D01, D02, …), wrapping round in a smaller city. */
  const area = (i: number) => codes[i % codes.length]!;
  const incident = async (where: string) => {
    const [row] = rowsOf<{ external_id: string }>(await db.execute(sql.raw(`select i.external_id from incidents i join areas a on a.id = i.area_id where ${where} order by i.external_id limit 1`)));
    if (!row) throw new Error(`demo: no incident where ${where}`);
    return row.external_id;
  };
  const [forecast] = rowsOf<{ id: string; cell: number }>(
    await db.execute(sql`select f.id, c.cell from forecasts f join forecast_cells c on c.forecast_id = f.id where c.flagged order by f.generated_at desc, c.rank limit 1`),
  );
  const file = async (input: Record<string, unknown>, at: Date, submitter: Actor | null = null) => {
    const filed = await submitObjection({ input, clientIp: "demo-seed", submitter, now: at });
    const row = (await listObjectionQueue(o1!, { status: "all" }, at)).find((r) => r.trackingHint === filed.trackingCode.slice(-5));
    if (!row) throw new Error("demo: filed objection not in the queue");
    return row.id;
  };

  await file({ kind: "access", description: `What data do you hold about district ${area(4)}, and which models use it?`, areaCode: area(4), contactEmail: "resident@example.org" }, ago(2));

  const inReview = await file({ kind: "objection", description: `I object to incidents in ${area(2)} being used to direct patrols: the area has been over-policed for years.`, areaCode: area(2) }, ago(12));
  await assignObjection(o1!, inReview, o1!.userId, ago(11));

  const dueSoon = await file({ kind: "rectification", description: "This incident is recorded on the wrong day; it happened a week earlier.", incidentExternalId: await incident(`a.code = '${area(3)}'`) }, ago(26));
  await assignObjection(o2!, dueSoon, o2!.userId, ago(25));

  if (forecast) {
    await file({ kind: "complaint", description: "Patrols tripled on my street after this forecast; nothing had happened there.", forecastId: forecast.id, cell: forecast.cell }, ago(35));
  }

  const waiting = await file({ kind: "exclusion", description: "Please remove this record; the report was made in error.", incidentExternalId: await incident(`a.code = '${area(5)}'`), contactEmail: "withdrawn@example.org" }, ago(8));
  await assignObjection(o1!, waiting, o1!.userId, ago(7));
  await requestInformation(o1!, waiting, { question: "Who made the report, and has it been withdrawn with the police? A reference number would help." }, ago(6));

  // Upheld with a correction, decided now: it reaches the data, the demo model and its forecasts.
  const corrected = await incident(`a.code = '${area(1)}' and i.category = 'burglary' and i.occurred_at between '${ago(400).toISOString()}' and '${ago(200).toISOString()}'`);
  const upheld = await file({ kind: "rectification", description: "This was a theft from a car, not a burglary: nobody entered a building.", incidentExternalId: corrected }, ago(9), citizen);
  await assignObjection(o1!, upheld, o1!.userId, ago(8));
  await decideObjection(o1!, upheld, { outcome: "upheld", reasons: "The original report describes a theft from a parked car; the category was mis-coded at import.", action: { type: "correct", category: "theft" } }, now);

  const appealed = await file({ kind: "access", description: "Which of my neighbourhood's incidents were used to train the approved model?", areaCode: area(0) }, ago(20), citizen);
  await assignObjection(o1!, appealed, o1!.userId, ago(19));
  await decideObjection(o1!, appealed, { outcome: "partially_upheld", reasons: "Counts by category and month are given below; individual records are not released because they could identify victims." }, ago(10));
  await appealDecision({ actor: citizen!, caseId: appealed }, { reason: "Counts alone do not let me check the data; anonymised records would." }, ago(3));

  onProgress?.("demo objections filed: new, in review, due soon, overdue, waiting for information, upheld with a correction, under appeal");
  return true;
}
