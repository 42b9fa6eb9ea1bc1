import { hash, verify } from "@node-rs/argon2";

// argon2id (the library default) with OWASP's second recommended profile: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spend the same time on an unknown account as on a wrong password, so answers reveal nothing. */
export async function burnVerificationTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("sightline-dummy-password");
  await verifyPassword(await dummyHash, password);
}
