import { parse } from "csv-parse/sync";
import { IssueList, type ImportIssue } from "./issues";

export interface AreaOptions {
  fileName: string;
  codeField: string;
  nameField: string;
}

export interface DemographicsSource {
  fileName: string;
  text: string;
  /** Column holding the area code, matched against codeField of the boundaries. */
  joinColumn: string;
  populationColumn?: string;
  /** Group name → column, e.g. { white: "white17", black: "black17" }. */
  groupColumns: Record<string, string>;
  source: string;
  year: number | null;
}

export interface ParsedArea {
  code: string;
  name: string;
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: number[][][] | number[][][][] };
  population: number | null;
  demographics: { groups: Record<string, number>; source: string; year: number | null } | null;
}

export interface ParsedAreas {
  areas: ParsedArea[];
  issues: ImportIssue[];
  issueCount: number;
}

function validRing(ring: unknown): ring is number[][] {
  return (
    Array.isArray(ring) &&
    ring.length >= 4 &&
    ring.every((p) => Array.isArray(p) && p.length >= 2 && Math.abs(Number(p[0])) <= 180 && Math.abs(Number(p[1])) <= 90 && Number.isFinite(p[0]) && Number.isFinite(p[1]))
  );
}

function validPolygon(polygon: unknown): polygon is number[][][] {
  return Array.isArray(polygon) && polygon.length > 0 && polygon.every(validRing);
}

/** Reads a GeoJSON FeatureCollection of area boundaries (WGS84) and joins demographic tables to it. */
export function parseAreas(geojsonText: string, options: AreaOptions, demographics: DemographicsSource[] = []): ParsedAreas {
  const issues = new IssueList(options.fileName);
  let document: unknown;
  try {
    document = JSON.parse(geojsonText.replace(/^\uFEFF/, ""));
  } catch (error) {
    issues.add(null, null, `not valid JSON: ${(error as Error).message}`);
    return { areas: [], issues: issues.items, issueCount: issues.count };
  }
  const features = (document as { type?: unknown; features?: unknown }).features;
  if ((document as { type?: unknown }).type !== "FeatureCollection" || !Array.isArray(features)) {
    issues.add(null, null, "expected a GeoJSON FeatureCollection");
    return { areas: [], issues: issues.items, issueCount: issues.count };
  }
  const areas: ParsedArea[] = [];
  const seen = new Map<string, number>();
  features.forEach((feature: { properties?: Record<string, unknown>; geometry?: { type?: unknown; coordinates?: unknown } }, i) => {
    const where = `feature ${i + 1}`;
    const code = feature.properties?.[options.codeField];
    const name = feature.properties?.[options.nameField];
    const geometry = feature.geometry;
    const before = issues.count;
    if (code === undefined || code === null || String(code).trim() === "") issues.add(null, options.codeField, `${where}: missing area code`);
    if (typeof name !== "string" || name.trim() === "") issues.add(null, options.nameField, `${where}: missing area name`);
    const valid =
      (geometry?.type === "Polygon" && validPolygon(geometry.coordinates)) ||
      (geometry?.type === "MultiPolygon" && Array.isArray(geometry.coordinates) && geometry.coordinates.length > 0 && geometry.coordinates.every(validPolygon));
    if (!valid) issues.add(null, "geometry", `${where}: geometry must be a Polygon or MultiPolygon of closed WGS84 rings (≥ 4 [lon, lat] points)`);
    const codeText = String(code ?? "").trim();
    if (seen.has(codeText)) issues.add(null, options.codeField, `${where}: duplicate area code "${codeText}" (also feature ${seen.get(codeText)})`);
    seen.set(codeText, i + 1);
    if (issues.count > before) return;
    areas.push({
      code: codeText,
      name: String(name).trim(),
      geometry: geometry as ParsedArea["geometry"],
      population: null,
      demographics: null,
    });
  });
  for (const source of demographics) joinDemographics(areas, source, issues);
  return { areas, issues: issues.items, issueCount: issues.count };
}

function joinDemographics(areas: ParsedArea[], source: DemographicsSource, fileIssues: IssueList): void {
  const issues = new IssueList(source.fileName);
  let records: Record<string, string>[];
  try {
    records = parse(source.text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    fileIssues.push({ file: source.fileName, line: null, field: null, message: `cannot be read as CSV: ${(error as Error).message}` });
    return;
  }
  const byCode = new Map(areas.map((area) => [area.code, area]));
  const columns = [source.joinColumn, ...(source.populationColumn ? [source.populationColumn] : []), ...Object.values(source.groupColumns)];
  const header = records[0] ? Object.keys(records[0]) : [];
  for (const column of columns) if (!header.includes(column)) issues.add(1, column, `column "${column}" is missing from the header`);
  if (issues.count === 0) {
    records.forEach((record, i) => {
      const line = i + 2;
      const area = byCode.get(String(record[source.joinColumn] ?? "").trim());
      if (!area) {
        issues.add(line, source.joinColumn, `no area with code "${record[source.joinColumn]}"`);
        return;
      }
      const number = (column: string): number | null => {
        const value = Number(record[column]);
        if (record[column] === undefined || record[column] === "" || !Number.isFinite(value) || value < 0) {
          issues.add(line, column, `"${record[column] ?? ""}" is not a non-negative number`);
          return null;
        }
        return Math.round(value);
      };
      if (source.populationColumn) area.population = number(source.populationColumn);
      const groups: Record<string, number> = { ...(area.demographics?.groups ?? {}) };
      for (const [group, column] of Object.entries(source.groupColumns)) {
        const value = number(column);
        if (value !== null) groups[group] = value;
      }
      if (Object.keys(source.groupColumns).length > 0) area.demographics = { groups, source: source.source, year: source.year };
    });
  }
  for (const issue of issues.items) fileIssues.push(issue);
}
