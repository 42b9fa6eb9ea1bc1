/**
 * Local wall-clock time in an IANA zone → UTC epoch milliseconds, with Intl only.
 * For the one ambiguous hour after a DST fall-back we take the earlier (daylight) instant, and a
 * non-existent spring-forward time is read with the offset before the change, as most tools do.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, milliseconds (Chicago in winter: −6 h). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * @example localToUtcMs("America/Chicago", 2019, 7, 4, 12, 0) // Date.UTC(2019, 6, 4, 17, 0)
 */
export function localToUtcMs(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets change only on the hour in the zones we read, so caching per local hour is exact.
  const key = `${timeZone}|${year}-${month}-${day}T${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return wall - cached;
  // Two passes: the offset at (wall − offset at wall) settles DST boundaries.
  const first = zoneOffsetMs(timeZone, wall);
  let offset = zoneOffsetMs(timeZone, wall - first);
  // In the fall-back hour both offsets are valid; prefer the earlier instant (the larger offset).
  const alternative = zoneOffsetMs(timeZone, wall - offset - 3_600_000);
  if (alternative !== offset && zoneOffsetMs(timeZone, wall - alternative) === alternative && alternative > offset) {
    offset = alternative;
  }
  offsetCache.set(key, offset);
  return wall - offset;
}
