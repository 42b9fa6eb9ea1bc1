import { describe, expect, it } from "vitest";
import { parseOccurredAt } from "@/lib/import/parse-date";

describe("ISO dates with a zone in imported files", () => {
  it.each(["2024-02-30T10:00:00Z", "2023-02-29T10:00:00+01:00", "2024-04-31T00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T10:60:00Z", "2024-13-01T10:00:00Z", "2024-00-10T10:00:00Z"])(
    "refuses %s, which Date.parse would roll over",
    (text) => {
      expect(parseOccurredAt(text, "iso", "UTC")).toBeNull();
    },
  );

  it.each([
    ["2024-02-29T10:00:00Z", "2024-02-29T10:00:00.000Z"],
    ["2024-03-03T01:30:00-06:00", "2024-03-03T07:30:00.000Z"],
    ["2024-03-01T10:00+0700", "2024-03-01T03:00:00.000Z"],
    ["2024-12-31T23:59:59.999Z", "2024-12-31T23:59:59.999Z"],
  ])("keeps %s", (text, instant) => {
    expect(parseOccurredAt(text, "iso", "UTC")?.toISOString()).toBe(instant);
  });
});
