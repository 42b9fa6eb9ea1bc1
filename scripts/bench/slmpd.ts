import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { localToUtcMs } from "@/lib/import/zoned-time";

/** One SLMPD offence row after parsing; time as UTC epoch ms, position as WGS84 degrees. */
export interface SlmpdRow {
  complaint: string;
  dateOccur: string;
  utcMs: number;
  /** UCR Part I category from the code's leading digit: 1 homicide … 8 arson. */
  category: number;
  lon: number;
  lat: number;
}

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;

/** "1/1/2017 0:00" or "01/01/2017 00:01", America/Chicago local → UTC epoch ms; NaN if malformed. */
export function parseSlmpdDate(value: string): number {
  const m = DATE.exec(value.trim());
  if (!m) return NaN;
  return localToUtcMs("America/Chicago", Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]));
}

/** UCR code → category: its leading digit(s) (codes are five digits; 1–8 are Part I). */
export function ucrCategory(code: string): number {
  const digits = code.trim();
  return digits.length >= 5 ? Number(digits.slice(0, digits.length - 4)) : NaN;
}

/** Reads SLMPD CSV files, dropping rows without coordinates or with unreadable dates. */
export function readSlmpd(files: readonly string[]): SlmpdRow[] {
  const rows: SlmpdRow[] = [];
  for (const file of files) {
    const records = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const r of records) {
      const lon = Number(r.x);
      const lat = Number(r.y);
      const utcMs = parseSlmpdDate(r.date_occur ?? "");
      if (r.x === "NA" || r.y === "NA" || !Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(utcMs)) continue;
      rows.push({ complaint: r.complaint ?? "", dateOccur: r.date_occur ?? "", utcMs, category: ucrCategory(r.crime ?? ""), lon, lat });
    }
  }
  return rows;
}

/**
 * The reference protocol's de-duplication: the first row per complaint, then drop exact repeats of
 * (occurrence time, x, y) — multi-offence incidents would otherwise read as instant triggering.
 * The time is compared as the raw `date_occur` text, as the reference did: the files mix
 * "1/1/2017 0:00" and "01/01/2017 00:00", and only this reading reproduces its 64,538 events.
 */
export function dedupeSlmpd(rows: readonly SlmpdRow[]): SlmpdRow[] {
  const complaints = new Set<string>();
  const places = new Set<string>();
  const out: SlmpdRow[] = [];
  for (const r of rows) {
    if (complaints.has(r.complaint)) continue;
    complaints.add(r.complaint);
    const key = `${r.dateOccur}|${r.lon}|${r.lat}`;
    if (places.has(key)) continue;
    places.add(key);
    out.push(r);
  }
  return out;
}
