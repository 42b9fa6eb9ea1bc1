/**
 * Prepares a demo database for the canary leak test (tests/e2e/security-canaries.spec.ts): a
 * smaller demo city with its model, forecasts and objections, then values in every secret column
 * the test must never find in a response. Prints them as JSON on the last line of stdout.
 * Run with SIGHTLINE_DATA_DIR and LEDGER_SIGNING_KEY_FILE set:
 *   tsx --conditions=react-server tests/security/plant-canaries.ts
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, rowsOf } from "@/db";
import { findLiveIdentity, findLoginCandidate } from "@/db/queries/identity";
import { submitObjection } from "@/db/queries/objections";
import { seedDemoObjections } from "@/db/queries/objections-demo";
import { assignObjection, listObjectionQueue } from "@/db/queries/objections-handling";
import { seedDemo } from "@/db/queries/seed";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { createApiToken } from "@/db/queries/tokens";
import { createUserAsSystem } from "@/db/queries/users";
import { env } from "@/lib/env";
import { exportPrivateKeyPem, generateSigningKeyPair } from "@/lib/ledger";

export interface Canaries {
  /** Values that must appear in no response to anyone. */
  secrets: { label: string; value: string }[];
  /** A contact e-mail only the officer handling its case (oversight1) may see, on that case's page. */
  handledContact: { email: string; caseId: string };
}

const actorOf = async (email: string) => (await findLiveIdentity((await findLoginCandidate(email))!.id))!.actor;
const tag = () => `cnry${randomBytes(9).toString("hex")}`;

async function main(): Promise<void> {
  const keyFile = env().LEDGER_SIGNING_KEY_FILE;
  if (!keyFile || !keyFile.includes("cnry")) throw new Error("set LEDGER_SIGNING_KEY_FILE to a path containing a canary (cnry…)");
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  const pem = exportPrivateKeyPem(generateSigningKeyPair().privateKey);
  fs.writeFileSync(keyFile, pem, { mode: 0o600 });

  const now = new Date();
  const db = await getDb();
  await seedDemo(db, { seed: 20_261_128, now, city: { districts: 8, targetIncidents: 6_000 } });
  await seedDemoModel(now);
  await seedDemoObjections(now);

  // A user whose stored hash is itself a canary, and a real user with a token of their own.
  const marked = tag();
  await createUserAsSystem({ email: `${tag()}@example.test`, displayName: "Canary holder", role: "police_staff", password: "correct horse battery staple", areaCodes: ["D01"] });
  await db.execute(sql`update users set password_hash = ${`$argon2id$v=19$m=19456,t=2,p=1$${marked}$${marked}`} where display_name = 'Canary holder'`);
  const police = await actorOf("police@demo.test");
  await createApiToken(police, "canary token");

  // Contact e-mails: one on an unassigned case, one on a case oversight2 handles, one on oversight1's.
  const [o1, o2] = await Promise.all(["oversight1@demo.test", "oversight2@demo.test"].map(actorOf));
  const file = async (contactEmail: string, area: string) => {
    const filed = await submitObjection({ input: { kind: "objection", description: "Please stop using data about my street.", areaCode: area, contactEmail }, clientIp: `canary-${area}` });
    return (await listObjectionQueue(o1!, { status: "all" }, now)).find((row) => row.trackingHint === filed.trackingCode.slice(-5))!.id;
  };
  const unassigned = `${tag()}@example.org`;
  await file(unassigned, "D01");
  const elsewhere = `${tag()}@example.org`;
  await assignObjection(o2!, await file(elsewhere, "D02"), o2!.userId);
  const handled = `${tag()}@example.org`;
  const handledCase = await file(handled, "D03");
  await assignObjection(o1!, handledCase, o1!.userId);

  const column = async (query: ReturnType<typeof sql>) => rowsOf<{ v: string }>(await db.execute(query)).map((row) => row.v).filter(Boolean);
  const secrets = [
    ...(await column(sql`select password_hash as v from users`)).map((value) => ({ label: "users.password_hash", value })),
    ...(await column(sql`select token_hash as v from api_tokens`)).map((value) => ({ label: "api_tokens.token_hash", value })),
    ...(await column(sql`select tracking_hash as v from objection_cases`)).map((value) => ({ label: "objection_cases.tracking_hash", value })),
    { label: "objection contact (unassigned case)", value: unassigned },
    { label: "objection contact (oversight2's case)", value: elsewhere },
    { label: "ledger signing key path", value: path.basename(path.dirname(keyFile)) },
    { label: "ledger signing key", value: pem.split("\n").filter((line) => line && !line.startsWith("-----")).join("") },
    { label: "AUTH_SECRET", value: env().AUTH_SECRET ?? "" },
  ].filter((secret) => secret.value.length >= 16);
  await closeDatabase();
  const canaries: Canaries = { secrets, handledContact: { email: handled, caseId: handledCase } };
  console.log(JSON.stringify(canaries));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
