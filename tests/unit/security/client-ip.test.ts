import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-ip";
import { ConfigurationError, parseEnv } from "@/lib/env";

const headers = (init: Record<string, string>) => new Headers(init);

describe("the client address behind SIGHTLINE_TRUSTED_PROXIES reverse proxies", () => {
  it("ignores X-Forwarded-For and X-Real-IP with no trusted proxy: no address is known, however the headers are forged", () => {
    const forged = ["198.51.100.1", "198.51.100.2, 10.0.0.1", ""].map((value) => clientAddress(headers({ "x-forwarded-for": value, "x-real-ip": value || "192.0.2.3" }), 0));
    expect(forged).toEqual([null, null, null]);
    expect(clientAddress(headers({}), 0)).toBe(null);
  });

  it("takes the N-th address from the right with N trusted proxies, whatever the client prepended", () => {
    const chain = headers({ "x-forwarded-for": "6.6.6.6, 7.7.7.7 ,203.0.113.9,10.0.0.2" });
    expect(clientAddress(chain, 1)).toBe("10.0.0.2");
    expect(clientAddress(chain, 2)).toBe("203.0.113.9");
    // A client writing its own header cannot move the address one proxy appended.
    expect(clientAddress(headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.9" }), 1)).toBe(clientAddress(headers({ "x-forwarded-for": "2.2.2.2, 203.0.113.9" }), 1));
  });

  it("takes the leftmost entry of a chain shorter than N, skips empty entries, and uses X-Real-IP only without X-Forwarded-For", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.9" }), 3)).toBe("203.0.113.9");
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.9, , " }), 1)).toBe("203.0.113.9");
    expect(clientAddress(headers({ "x-real-ip": " 203.0.113.7 " }), 1)).toBe("203.0.113.7");
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.7" }), 1)).toBe("203.0.113.9");
    expect(clientAddress(headers({ "x-forwarded-for": " , " }), 1)).toBe(null);
  });

  it("reads the number of proxies from the configuration: 0 by default, a whole number up to 10", () => {
    expect(parseEnv({}).SIGHTLINE_TRUSTED_PROXIES).toBe(0);
    expect(parseEnv({ SIGHTLINE_TRUSTED_PROXIES: "2" }).SIGHTLINE_TRUSTED_PROXIES).toBe(2);
    for (const bad of ["-1", "1.5", "eleven", "11"]) expect(() => parseEnv({ SIGHTLINE_TRUSTED_PROXIES: bad })).toThrow(/^Invalid configuration:\n {2}SIGHTLINE_TRUSTED_PROXIES: /);
    expect(() => parseEnv({ SIGHTLINE_TRUSTED_PROXIES: "x" })).toThrow(ConfigurationError);
  });
});
