import { parse } from "csv-parse";
import { isIncidentCategory, isIncidentSource, type IncidentCategory, type IncidentSource } from "@/lib/incidents/standard";
import { IssueList, type ImportIssue } from "./issues";
import type { IncidentMapping } from "./mapping";
import { parseOccurredAt } from "./parse-date";

export interface ParsedIncident {
  line: number;
  externalId: string;
  caseRef: string | null;
  category: IncidentCategory;
  sourceCode: string | null;
  description: string | null;
  occurredAt: Date;
  lat: number;
  lon: number;
  areaCode: string | null;
  source: IncidentSource;
}

export interface ParsedFile {
  rows: ParsedIncident[];
  /** Data rows read (header excluded). */
  rowCount: number;
  /** Rows with at least one issue; none of them is in `rows`. */
  invalidRowCount: number;
  /** Problems with the file as a whole (unreadable, wrong delimiter, missing columns): nothing can be imported. */
  fatal: boolean;
  issues: ImportIssue[];
  issueCount: number;
}

export interface ParseOptions {
  fileName: string;
  mapping: IncidentMapping;
  /** Occurrences after this instant are rejected as future dates. */
  now: Date;
  maxFieldLength?: number;
  onProgress?: (rowsRead: number) => void;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function categoryOf(value: string, mapping: IncidentMapping): IncidentCategory | null {
  const exact = mapping.categoryByValue[value];
  if (exact) return exact;
  let best: { prefix: string; category: IncidentCategory } | null = null;
  for (const [prefix, category] of Object.entries(mapping.categoryByPrefix)) {
    if (value.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { prefix, category };
  }
  if (best) return best.category;
  const lower = value.toLowerCase();
  return isIncidentCategory(lower) ? lower : null;
}

/**
 * Reads an incident CSV as a stream and validates every row against the mapping.
 * Nothing is written: the caller decides, from the issues, whether to import.
 */
export async function parseIncidentCsv(input: AsyncIterable<Buffer | string>, options: ParseOptions): Promise<ParsedFile> {
  const { fileName, mapping, now } = options;
  const maxFieldLength = options.maxFieldLength ?? 2_000;
  const issues = new IssueList(fileName);
  const rows: ParsedIncident[] = [];
  const seenIds = new Map<string, number>();
  const caseRowCounts = new Map<string, number>();
  const missing = new Set(mapping.missingValues);
  let header: string[] | null = null;
  let index: Record<keyof IncidentMapping["columns"], number> | null = null;
  let rowCount = 0;
  let invalidRowCount = 0;

  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 1_000_000 });
  const fatal = (line: number | null, field: string | null, message: string): ParsedFile => {
    issues.add(line, field, message);
    return { rows: [], rowCount, invalidRowCount, fatal: true, issues: issues.items, issueCount: issues.count };
  };

  try {
    const feeding = (async () => {
      for await (const chunk of input) if (!parser.write(chunk)) await new Promise((resolve) => parser.once("drain", resolve));
      parser.end();
    })();
    feeding.catch((error: unknown) => parser.destroy(error as Error));

    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = record.map((name) => name.trim());
        if (header.length === 1 && /[;\t|]/.test(header[0] ?? "")) {
          const found = (header[0] ?? "").match(/[;\t|]/)?.[0] === "\t" ? "tab" : `"${(header[0] ?? "").match(/[;\t|]/)?.[0]}"`;
          return fatal(line, null, `the file must be comma-separated, but its header looks separated by ${found}`);
        }
        const columnIndex: Partial<Record<keyof IncidentMapping["columns"], number>> = {};
        for (const [key, column] of Object.entries(mapping.columns) as [keyof IncidentMapping["columns"], string | undefined][]) {
          if (column === undefined) continue;
          const position = header.indexOf(column);
          if (position === -1) return fatal(line, column, `required column "${column}" is missing from the header`);
          columnIndex[key] = position;
        }
        index = columnIndex as Record<keyof IncidentMapping["columns"], number>;
        continue;
      }
      rowCount++;
      if (rowCount % 5_000 === 0) options.onProgress?.(rowCount);
      const before = issues.count;
      const row = validateRow(record, line, header, index!, mapping, missing, now, maxFieldLength, issues);
      if (row && issues.count === before) {
        const firstLine = seenIds.get(row.externalId);
        if (mapping.rowsPerCase === "many") {
          const n = (caseRowCounts.get(row.externalId) ?? 0) + 1;
          caseRowCounts.set(row.externalId, n);
          row.caseRef = row.externalId;
          row.externalId = `${row.externalId}/${n}`;
        } else if (firstLine !== undefined) {
          issues.add(line, mapping.columns.externalId, `duplicate id "${row.externalId}" (first seen on line ${firstLine})`);
        }
        seenIds.set(row.externalId, line);
      }
      if (row && issues.count === before) rows.push(row);
      else invalidRowCount++;
    }
    await feeding;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    return fatal(line, null, `the file cannot be read as CSV: ${(error as Error).message}`);
  }
  if (!header) return fatal(null, null, "the file is empty");
  options.onProgress?.(rowCount);
  return { rows, rowCount, invalidRowCount, fatal: false, issues: issues.items, issueCount: issues.count };
}

function validateRow(
  record: string[],
  line: number,
  header: string[],
  index: Record<keyof IncidentMapping["columns"], number>,
  mapping: IncidentMapping,
  missing: Set<string>,
  now: Date,
  maxFieldLength: number,
  issues: IssueList,
): ParsedIncident | null {
  if (record.length !== header.length) {
    issues.add(line, null, `expected ${header.length} fields, found ${record.length}`);
    return null;
  }
  const before = issues.count;
  record.forEach((value, i) => {
    if (value.length > maxFieldLength) issues.add(line, header[i] ?? null, `field is ${value.length} characters long (at most ${maxFieldLength})`);
    // The database cannot store NUL, and bytes that were not UTF-8 were decoded to U+FFFD: say so here.
    if (CONTROL_CHARACTER.test(value)) issues.add(line, header[i] ?? null, "contains a control character (such as NUL) that text cannot hold");
    else if (value.includes("\uFFFD")) issues.add(line, header[i] ?? null, "is not valid UTF-8 text (save the file as UTF-8)");
  });
  const cell = (key: keyof IncidentMapping["columns"]): string | null => {
    const position = index[key];
    if (position === undefined) return null;
    const value = (record[position] ?? "").trim();
    return missing.has(value) ? null : value;
  };
  const columns = mapping.columns;

  const externalId = cell("externalId");
  if (!externalId) issues.add(line, columns.externalId, "missing id");

  const rawCategory = cell("category");
  const category = rawCategory ? categoryOf(rawCategory, mapping) : null;
  if (!rawCategory) issues.add(line, columns.category, "missing category");
  else if (!category) issues.add(line, columns.category, `unknown category "${rawCategory}"`);

  const rawDate = cell("occurredAt");
  const occurredAt = rawDate ? parseOccurredAt(rawDate, mapping.dateFormat, mapping.timeZone) : null;
  if (!rawDate) issues.add(line, columns.occurredAt, "missing date");
  else if (!occurredAt) issues.add(line, columns.occurredAt, `unparsable date "${rawDate}" (expected ${mapping.dateFormat})`);
  else if (occurredAt.getTime() > now.getTime()) issues.add(line, columns.occurredAt, `date ${rawDate} is in the future`);

  const coordinates = validateCoordinates(cell("lat"), cell("lon"), line, columns.lat, columns.lon, issues);

  const rawSource = cell("source");
  let source: IncidentSource = mapping.defaultSource;
  if (rawSource) {
    const mapped = mapping.sourceByValue[rawSource] ?? (isIncidentSource(rawSource.toLowerCase()) ? (rawSource.toLowerCase() as IncidentSource) : null);
    if (mapped) source = mapped;
    else issues.add(line, columns.source ?? null, `unknown source "${rawSource}" (expected reported, discovered or unknown)`);
  }

  if (issues.count > before || !externalId || !category || !occurredAt || !coordinates) return null;
  return {
    line,
    externalId,
    caseRef: null,
    category,
    sourceCode: cell("sourceCode"),
    description: cell("description"),
    occurredAt,
    lat: coordinates.lat,
    lon: coordinates.lon,
    areaCode: cell("areaCode"),
    source,
  };
}

function validateCoordinates(
  rawLat: string | null,
  rawLon: string | null,
  line: number,
  latField: string,
  lonField: string,
  issues: IssueList,
): { lat: number; lon: number } | null {
  if (rawLat === null || rawLon === null) {
    if (rawLat === null) issues.add(line, latField, "missing coordinate");
    if (rawLon === null) issues.add(line, lonField, "missing coordinate");
    return null;
  }
  if (!NUMBER.test(rawLat) || !NUMBER.test(rawLon)) {
    if (!NUMBER.test(rawLat)) issues.add(line, latField, `"${rawLat}" is not a number`);
    if (!NUMBER.test(rawLon)) issues.add(line, lonField, `"${rawLon}" is not a number`);
    return null;
  }
  const lat = Number(rawLat);
  const lon = Number(rawLon);
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180) {
    issues.add(line, latField, `latitude ${lat} is out of range and longitude ${lon} would fit it: latitude and longitude look swapped`);
    return null;
  }
  if (Math.abs(lat) > 90) issues.add(line, latField, `latitude ${lat} is outside −90…90`);
  if (Math.abs(lon) > 180) issues.add(line, lonField, `longitude ${lon} is outside −180…180`);
  if (lat === 0 && lon === 0) issues.add(line, latField, "coordinates 0, 0 are a placeholder, not a place");
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
  return { lat, lon };
}
