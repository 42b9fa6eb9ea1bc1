import type { DATE_FORMATS } from "./mapping";
import { zonedTimeToUtc } from "./zoned-time";

const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function wallClock(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): Date | null {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  return zonedTimeToUtc({ year, month, day, hour, minute, second }, timeZone);
}

/** Parses a source's date text into an instant; null when it is not a valid date in that format. */
export function parseOccurredAt(text: string, format: (typeof DATE_FORMATS)[number], timeZone: string): Date | null {
  if (format === "iso") {
    if (ISO_WITH_ZONE.test(text)) {
      // Date.parse rolls 2024-02-30 over to 1 March and T24:00 to the next day: check the calendar first.
      const [, year, month, day, hour, minute, second] = (/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text) ?? []).map(Number);
      if (wallClock(year!, month!, day!, hour!, minute!, Number.isNaN(second) ? 0 : second!, "UTC") === null) return null;
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? null : date;
    }
    const m = YMD.exec(text);
    return m ? wallClock(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), timeZone) : null;
  }
  if (format === "YYYY-MM-DD HH:MM") {
    const m = YMD.exec(text);
    return m ? wallClock(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), timeZone) : null;
  }
  const m = DAY_FIRST.exec(text);
  if (!m) return null;
  const [first, second] = [+m[1]!, +m[2]!];
  const [month, day] = format === "M/D/YYYY H:MM" ? [first, second] : [second, first];
  return wallClock(+m[3]!, month, day, +m[4]!, +m[5]!, +(m[6] ?? 0), timeZone);
}
