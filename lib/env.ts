import { z } from "zod";

/**
 * The one place that reads process.env. Parsed once; a bad value stops the start with a message
 * naming the variable, so a misconfigured deployment never half-works.
 */
const booleanFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SIGHTLINE_DATA_DIR: z.string().min(1).default(".data"),
    /** Where `next build` writes; lets two checkouts' builds (e.g. parallel browser tests) stay apart. */
    SIGHTLINE_BUILD_DIR: z.string().regex(/^\.next[\w-]*$/, "must be .next or .next-<name>").default(".next"),
    SIGHTLINE_DEMO: booleanFlag,
    /** "0" when the app runs as a role that may not change the schema; migrate as the owner instead. */
    SIGHTLINE_MIGRATE: z.enum(["0", "1"]).default("1").transform((value) => value === "1"),
    SIGHTLINE_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * Reverse proxies in front of the app that append the client's address to X-Forwarded-For.
     * 0: the header is ignored (a client could write its own) and no client address is known.
     */
    SIGHTLINE_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
    AUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)")
      .refine((value) => new Set(value).size >= 10 && !/changeme|change-me|secret|password|example|sightline/i.test(value), "is too weak: use a random value (`openssl rand -base64 32`), not a word or a repeated pattern")
      .optional(),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    LEDGER_SIGNING_KEY_FILE: z.string().min(1).optional(),
    LEDGER_ORIGIN: z.string().min(1).max(200).regex(/^[^\n]+$/, "must be one line").default("sightline/ledger"),
    LEDGER_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    LEDGER_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /** Days a closed objection's contact e-mail is kept before the sweep deletes it. */
    OBJECTION_CONTACT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    /** The organisation the public register and its ATRS export name as owner of the tools. */
    REGISTER_ORGANISATION: z.string().trim().min(1).max(200).regex(/^[^\n]+$/, "must be one line").default("Organisation not configured (set REGISTER_ORGANISATION)"),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV === "production" && value.DATABASE_URL && !value.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production with an external database" });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Demo accounts exist only on the embedded database or when explicitly asked for. */
export function demoEnabled(config: Env = env()): boolean {
  return !config.DATABASE_URL || config.SIGHTLINE_DEMO;
}
