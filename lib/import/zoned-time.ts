const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of a zone from UTC at an instant, in milliseconds (America/Chicago in winter: −6 h). */
function offsetAt(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

// Offsets change only on the hour in real zones, so one lookup per local hour is exact and
// makes reading a year of incidents ~50× cheaper than formatting every row.
const offsetByLocalHour = new Map<string, number>();

/**
 * The instant of a wall-clock time in a zone. A time skipped by a DST change is read with the
 * offset before the change; a repeated one resolves to its first occurrence.
 *
 * @example zonedTimeToUtc({ year: 2019, month: 7, day: 4, hour: 12, minute: 0 }, "America/Chicago") // 17:00Z
 */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number; second?: number },
  timeZone: string,
): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
  const key = `${timeZone}|${local.year}-${local.month}-${local.day}T${local.hour}`;
  let offset = offsetByLocalHour.get(key);
  if (offset === undefined) {
    const hourStart = Date.UTC(local.year, local.month - 1, local.day, local.hour);
    const first = offsetAt(hourStart, timeZone);
    const second = offsetAt(hourStart - first, timeZone);
    const valid = [...new Set([first, second])].filter((candidate) => offsetAt(hourStart - candidate, timeZone) === candidate);
    // Two valid offsets: a repeated hour, take the earlier instant. None: a skipped hour, keep
    // the offset from before the change.
    offset = valid.length === 0 ? first : Math.max(...valid);
    offsetByLocalHour.set(key, offset);
  }
  return new Date(wall - offset);
}

/** Epoch milliseconds of a wall-clock time in a zone (see zonedTimeToUtc). */
export function localToUtcMs(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone).getTime();
}
