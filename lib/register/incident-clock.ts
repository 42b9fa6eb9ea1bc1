/**
 * Reporting clocks for serious incidents (EU AI Act, Regulation (EU) 2024/1689, Art. 73): a
 * serious incident is reported to the market surveillance authority no later than 15 days after
 * the organisation became aware of it (Art. 73(2)); 2 days for a widespread infringement or a
 * serious and irreversible disruption of critical infrastructure (Art. 73(3)); 10 days for a death
 * (Art. 73(4)). Where several apply, the shortest binds. These are the latest dates: the Act asks
 * for a report immediately once a causal link is established or reasonably likely.
 *
 * Periods are counted as Regulation (EEC, Euratom) No 1182/71 counts periods in days: from the
 * start of the day after the day of awareness to the end of the last day, in the reporting
 * organisation's time zone (Art. 3(1), 3(2)(b)); a period ending on a Saturday, Sunday or public
 * holiday runs to the end of the next working day (Art. 3(4)); and a period of two days or more
 * includes at least two working days (Art. 3(5)). Pure: time and holidays are arguments.
 */
import { endOfLocalDay, localDay, type DayNumber } from "../objections/deadlines";

/** Art. 3(49) of the Act: what makes an incident serious. */
export const HARM_CATEGORIES = [
  /** (a) the death of a person … */
  "death",
  /** (a) … or serious harm to a person's health */
  "serious_harm_to_health",
  /** (b) a serious and irreversible disruption of the management or operation of critical infrastructure */
  "critical_infrastructure_disruption",
  /** (c) the infringement of obligations under Union law intended to protect fundamental rights */
  "fundamental_rights_infringement",
  /** (d) serious harm to property or the environment */
  "property_or_environment_harm",
] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

export const REPORTING_RULES = {
  /** Art. 73(2): any serious incident. */
  art73_2_general: 15,
  /** Art. 73(3): a widespread infringement, or an incident under Art. 3(49)(b). */
  art73_3_widespread_or_critical_infrastructure: 2,
  /** Art. 73(4): the death of a person. */
  art73_4_death: 10,
} as const;
export type ReportingRule = keyof typeof REPORTING_RULES;

/**
 * Which paragraph of Art. 73 sets the clock, and its length in days: the shortest that applies.
 *
 * @example reportingRule({ harmCategory: "death", widespread: true }) // { rule: "art73_3_widespread_or_critical_infrastructure", days: 2 }
 */
export function reportingRule(incident: { harmCategory: HarmCategory; widespread: boolean }): { rule: ReportingRule; days: number } {
  const applicable: ReportingRule[] = ["art73_2_general"];
  if (incident.widespread || incident.harmCategory === "critical_infrastructure_disruption") applicable.push("art73_3_widespread_or_critical_infrastructure");
  if (incident.harmCategory === "death") applicable.push("art73_4_death");
  const rule = applicable.reduce((best, candidate) => (REPORTING_RULES[candidate] < REPORTING_RULES[best] ? candidate : best));
  return { rule, days: REPORTING_RULES[rule] };
}

const DAY_MS = 86_400_000;
const dateOf = (day: DayNumber) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 1970-01-01 was a Thursday: day numbers map to weekdays 0 = Sunday … 6 = Saturday. */
const weekday = (day: DayNumber) => (((day + 4) % 7) + 7) % 7;

function isWorkingDay(day: DayNumber, holidays: ReadonlySet<string>): boolean {
  const wd = weekday(day);
  return wd !== 0 && wd !== 6 && !holidays.has(dateOf(day));
}

export interface ReportingDeadline {
  rule: ReportingRule;
  days: number;
  /** The last local calendar day of the period, YYYY-MM-DD (after the working-day rules). */
  lastDay: string;
  /** The last instant a report is on time: the end of `lastDay` in the time zone. */
  dueAt: Date;
}

/**
 * The reporting deadline of a serious incident the organisation became aware of at `awareAt`.
 * `holidays` are the public holidays (YYYY-MM-DD) of the reporting organisation's state.
 *
 * @example reportingDeadline({ harmCategory: "serious_harm_to_health", widespread: false, awareAt: new Date("2026-03-02T10:00:00Z"), timeZone: "UTC" }).lastDay // "2026-03-17"
 */
export function reportingDeadline(input: { harmCategory: HarmCategory; widespread: boolean; awareAt: Date; timeZone: string; holidays?: readonly string[] }): ReportingDeadline {
  const { rule, days } = reportingRule(input);
  const holidays = new Set(input.holidays ?? []);
  const first = localDay(input.awareAt, input.timeZone) + 1;
  let last = first + days - 1;
  while (!isWorkingDay(last, holidays)) last++;
  if (days >= 2) {
    const workingDays = () => {
      let n = 0;
      for (let day = first; day <= last; day++) if (isWorkingDay(day, holidays)) n++;
      return n;
    };
    while (workingDays() < 2) {
      last++;
      while (!isWorkingDay(last, holidays)) last++;
    }
  }
  return { rule, days, lastDay: dateOf(last), dueAt: endOfLocalDay(last, input.timeZone) };
}

export type ReportingClock =
  | { state: "reported"; reportedAt: Date; onTime: boolean }
  | { state: "open"; dueAt: Date; /** Whole days to the deadline, rounded up; negative once overdue. */ daysLeft: number; overdue: boolean };

/**
 * Where an incident's report stands at `now`.
 *
 * @example reportingClock({ dueAt, reportedAt: null }, now) // { state: "open", dueAt, daysLeft: 3, overdue: false }
 */
export function reportingClock(incident: { dueAt: Date; reportedAt: Date | null }, now: Date): ReportingClock {
  if (incident.reportedAt) return { state: "reported", reportedAt: incident.reportedAt, onTime: incident.reportedAt.getTime() <= incident.dueAt.getTime() };
  const remaining = incident.dueAt.getTime() - now.getTime();
  return { state: "open", dueAt: incident.dueAt, daysLeft: remaining >= 0 ? Math.ceil(remaining / DAY_MS) : -Math.ceil(-remaining / DAY_MS), overdue: remaining < 0 };
}
