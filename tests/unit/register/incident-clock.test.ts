import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HARM_CATEGORIES, reportingClock, reportingDeadline, reportingRule, type HarmCategory } from "@/lib/register/incident-clock";
import { localDateTimeToIso, parseSeriousIncident } from "@/lib/register/serious-incident";
import { localDay } from "@/lib/objections/deadlines";

const at = (iso: string) => new Date(iso);

describe("the Art. 73 reporting rule", () => {
  it.each([
    ["serious_harm_to_health", false, "art73_2_general", 15],
    ["fundamental_rights_infringement", false, "art73_2_general", 15],
    ["property_or_environment_harm", false, "art73_2_general", 15],
    ["death", false, "art73_4_death", 10],
    ["critical_infrastructure_disruption", false, "art73_3_widespread_or_critical_infrastructure", 2],
    ["fundamental_rights_infringement", true, "art73_3_widespread_or_critical_infrastructure", 2],
    ["death", true, "art73_3_widespread_or_critical_infrastructure", 2],
  ] as const)("%s (widespread %s) reports under %s within %i days", (harmCategory, widespread, rule, days) => {
    expect(reportingRule({ harmCategory, widespread })).toEqual({ rule, days });
  });
});

describe("the reporting deadline (days counted as Regulation 1182/71 counts them)", () => {
  it("runs from the day after awareness to the end of the last day in the organisation's time zone", () => {
    // Aware on Monday 2 March 2026: 15 days end on Tuesday 17 March at local midnight.
    expect(reportingDeadline({ harmCategory: "serious_harm_to_health", widespread: false, awareAt: at("2026-03-02T10:00:00Z"), timeZone: "UTC" })).toEqual({ rule: "art73_2_general", days: 15, lastDay: "2026-03-17", dueAt: at("2026-03-17T23:59:59.999Z") });
    // 23:30 UTC on 2 March is already 3 March in Shanghai.
    expect(reportingDeadline({ harmCategory: "serious_harm_to_health", widespread: false, awareAt: at("2026-03-02T23:30:00Z"), timeZone: "Asia/Shanghai" })).toMatchObject({ lastDay: "2026-03-18", dueAt: at("2026-03-18T15:59:59.999Z") });
  });

  it("ends at local midnight across a daylight-saving change", () => {
    // Berlin moves to summer time on 29 March 2026; the 10-day period ends on Monday 30 March, UTC+2.
    expect(reportingDeadline({ harmCategory: "death", widespread: false, awareAt: at("2026-03-20T09:00:00Z"), timeZone: "Europe/Berlin" })).toMatchObject({ lastDay: "2026-03-30", dueAt: at("2026-03-30T21:59:59.999Z") });
  });

  it("moves a last day on a weekend or holiday to the next working day, and keeps two working days in a two-day period", () => {
    const twoDays = (awareAt: string, holidays: string[] = []) => reportingDeadline({ harmCategory: "critical_infrastructure_disruption", widespread: false, awareAt: at(awareAt), timeZone: "UTC", holidays }).lastDay;
    expect(twoDays("2026-03-03T12:00:00Z")).toBe("2026-03-05"); // Tue → Wed, Thu
    expect(twoDays("2026-03-05T12:00:00Z")).toBe("2026-03-09"); // Thu → Fri, Sat → Monday
    expect(twoDays("2026-03-06T12:00:00Z")).toBe("2026-03-10"); // Fri → Sat, Sun → Monday, then a second working day: Tuesday
    expect(twoDays("2026-03-04T12:00:00Z", ["2026-03-06"])).toBe("2026-03-09"); // Wed → Thu, Fri (holiday) → Monday
    // 10 days from Wednesday 4 March end on Saturday 14 March → Monday 16 March.
    expect(reportingDeadline({ harmCategory: "death", widespread: false, awareAt: at("2026-03-04T08:00:00Z"), timeZone: "UTC" }).lastDay).toBe("2026-03-16");
  });

  it("always ends on a working day, at least the rule's days after the day of awareness and at most four more", () => {
    const zones = ["UTC", "Europe/Berlin", "America/Chicago", "Asia/Shanghai", "Pacific/Auckland"];
    fc.assert(
      fc.property(
        fc.date({ min: at("2024-01-01T00:00:00Z"), max: at("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...HARM_CATEGORIES),
        fc.boolean(),
        fc.constantFrom(...zones),
        (awareAt: Date, harmCategory: HarmCategory, widespread: boolean, timeZone: string) => {
          const deadline = reportingDeadline({ harmCategory, widespread, awareAt, timeZone });
          const last = Date.parse(`${deadline.lastDay}T00:00:00Z`) / 86_400_000;
          const aware = localDay(awareAt, timeZone);
          expect(last - aware).toBeGreaterThanOrEqual(deadline.days);
          expect(last - aware).toBeLessThanOrEqual(deadline.days + 4);
          expect([0, 6]).not.toContain(new Date(last * 86_400_000).getUTCDay());
          expect(localDay(deadline.dueAt, timeZone)).toBe(last);
          expect(localDay(new Date(deadline.dueAt.getTime() + 1), timeZone)).toBe(last + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the reporting clock", () => {
  const dueAt = at("2026-03-17T23:59:59.999Z");
  it("counts whole days left, then days overdue", () => {
    expect(reportingClock({ dueAt, reportedAt: null }, at("2026-03-15T00:00:00Z"))).toEqual({ state: "open", dueAt, daysLeft: 3, overdue: false });
    expect(reportingClock({ dueAt, reportedAt: null }, at("2026-03-19T00:00:00Z"))).toEqual({ state: "open", dueAt, daysLeft: -2, overdue: true });
  });
  it("stops when the report is made, saying whether it was on time", () => {
    expect(reportingClock({ dueAt, reportedAt: at("2026-03-17T23:00:00Z") }, at("2026-04-01T00:00:00Z"))).toMatchObject({ state: "reported", onTime: true });
    expect(reportingClock({ dueAt, reportedAt: at("2026-03-18T00:00:00Z") }, at("2026-04-01T00:00:00Z"))).toMatchObject({ state: "reported", onTime: false });
  });
});

describe("filing a serious incident", () => {
  const now = at("2026-03-10T12:00:00Z");
  const valid = {
    harmCategory: "fundamental_rights_infringement",
    affectedGroups: ["Residents of district D03"],
    description: "Flags fell on one neighbourhood for six weeks although reported crime did not rise.",
    actionsTaken: "Version suspended; patrol allocations reviewed.",
    occurredAt: "2026-02-01T00:00:00Z",
    awareAt: "2026-03-09T15:00:00+01:00",
    timeZone: "Europe/Brussels",
  };

  it("accepts a complete filing and computes its deadline", () => {
    const parsed = parseSeriousIncident(valid, now);
    expect(parsed).toMatchObject({ ok: true, value: { widespread: false, awareAt: at("2026-03-09T14:00:00Z"), deadline: { rule: "art73_2_general", lastDay: "2026-03-24" } } });
  });

  it.each([
    [{ affectedGroups: [] }, "affectedGroups"],
    [{ affectedGroups: ["D03", "d03"] }, "affectedGroups"],
    [{ harmCategory: "embarrassment" }, "harmCategory"],
    [{ description: "bad" }, "description"],
    [{ timeZone: "Mars/Olympus" }, "timeZone"],
    [{ awareAt: "yesterday" }, "awareAt"],
    [{ awareAt: "2026-03-11T12:00:00Z" }, "awareAt"],
    [{ occurredAt: "2026-03-09T16:00:00Z" }, "occurredAt"],
    [{ reporterName: "A. Person" }, ""],
  ])("refuses %o naming the field", (change, field) => {
    const parsed = parseSeriousIncident({ ...valid, ...change }, now);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok && field) expect(parsed.field).toBe(field);
  });
});

describe("times from the filing form", () => {
  it("reads a datetime-local value as wall-clock time in the chosen zone, across daylight saving", () => {
    expect(localDateTimeToIso("2026-03-09T15:00", "Europe/Brussels")).toBe("2026-03-09T14:00:00.000Z");
    expect(localDateTimeToIso("2026-07-09T15:00", "Europe/Brussels")).toBe("2026-07-09T13:00:00.000Z");
    expect(localDateTimeToIso("2026-03-09T15:00", "UTC")).toBe("2026-03-09T15:00:00.000Z");
    expect(localDateTimeToIso("", "UTC")).toBeUndefined();
    expect(localDateTimeToIso("9 March", "UTC")).toBe("9 March");
  });
});
