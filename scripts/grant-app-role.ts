/** npm run db:grant -- ROLE — as the schema owner (DATABASE_URL), give ROLE the app's privileges. */
import { sql } from "drizzle-orm";
import { closeDatabase, getDb } from "@/db";
import { appRoleGrants } from "@/db/app-role";
import { env } from "@/lib/env";

async function main(): Promise<void> {
  const role = process.argv[2];
  if (!role || !env().DATABASE_URL) {
    console.error("usage: DATABASE_URL=postgres://owner@… npm run db:grant -- ROLE");
    process.exit(2);
  }
  const db = await getDb();
  for (const statement of appRoleGrants(role)) {
    await db.execute(sql.raw(statement));
    console.log(`${statement};`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
