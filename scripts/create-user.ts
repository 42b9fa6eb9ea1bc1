/** npm run user:create -- --email E --name N --role admin [--areas CODE,CODE]   < password (read from standard input) */
import { closeDatabase } from "@/db";
import { createUserAsSystem } from "@/db/queries/users";
import { isRole } from "@/lib/auth/permissions";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

async function main(): Promise<void> {
  const email = option("--email");
  const role = option("--role") ?? "admin";
  if (!email || !isRole(role)) {
    console.error("usage: npm run user:create -- --email E [--name N] [--role admin|oversight_officer|…] [--areas CODE,…]  < password");
    process.exit(2);
  }
  if (process.stdin.isTTY) process.stderr.write("Password (at least 12 characters), then Ctrl-D: ");
  const password = await readPassword();
  const user = await createUserAsSystem({
    email,
    displayName: option("--name") ?? email,
    role,
    password,
    areaCodes: option("--areas")?.split(",").filter(Boolean) ?? [],
  });
  console.log(`created ${user.role} ${user.email} (${user.id})`);
}

main()
  .catch((error: unknown) => {
    console.error(`user:create: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
