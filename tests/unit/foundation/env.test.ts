import { describe, expect, it } from "vitest";
import { ConfigurationError, demoEnabled, parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("defaults to the embedded database in .data with demo data", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({ SIGHTLINE_DATA_DIR: ".data", PORT: 3000 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(demoEnabled(config)).toBe(true);
  });

  it("keeps demo accounts off a real database unless asked", () => {
    expect(demoEnabled(parseEnv({ DATABASE_URL: "postgres://h/db" }))).toBe(false);
    expect(demoEnabled(parseEnv({ DATABASE_URL: "postgres://h/db", SIGHTLINE_DEMO: "1" }))).toBe(true);
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ DATABASE_URL: "mysql://h/db" }, "DATABASE_URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ NODE_ENV: "production", DATABASE_URL: "postgres://h/db" }, "AUTH_SECRET"],
    [{ SIGHTLINE_WORKERS: "99" }, "SIGHTLINE_WORKERS"],
  ])("stops on %o naming %s", (source, variable) => {
    expect(() => parseEnv(source)).toThrow(ConfigurationError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n  ${variable}: `));
  });
});
