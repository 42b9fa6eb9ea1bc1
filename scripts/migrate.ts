/** npm run db:migrate — applies pending migrations (as the schema owner when roles are split). */
import { closeDatabase, getDatabaseHandle } from "@/db";

getDatabaseHandle()
  .then((handle) => console.log(`migrated (${handle.kind})`))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
