/**
 * npm run import -- incidents FILE.csv --preset slmpd|sightline | --mapping FILE.json [--skip-invalid]
 * npm run import -- areas FILE.geojson --code-field F --name-field F
 *     [--demographics FILE.csv --join-column C [--population-column C] [--group NAME=COLUMN]… [--source TEXT] [--year N]]…
 */
import fs from "node:fs";
import path from "node:path";
import { closeDatabase } from "@/db";
import { runAreaImport, runIncidentImport, type ImportOutcome } from "@/db/queries/imports";
import { formatIssue } from "@/lib/import/issues";
import { mappingSchema } from "@/lib/import/mapping";
import { PRESETS, presetNames } from "@/lib/import/presets";
import type { DemographicsSource } from "@/lib/import/parse-areas";

class UsageError extends Error {}

function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

function readable(file: string): string {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  return file;
}

async function importIncidents(args: string[]): Promise<ImportOutcome> {
  const file = args.shift();
  if (!file) throw new UsageError("name the CSV file");
  const preset = takeOption(args, "--preset");
  const mappingFile = takeOption(args, "--mapping");
  const skipInvalid = args.includes("--skip-invalid");
  let mapping;
  if (preset) {
    mapping = PRESETS[preset];
    if (!mapping) throw new UsageError(`--preset: unknown preset "${preset}" (known: ${presetNames().join(", ")})`);
  } else if (mappingFile) {
    const result = mappingSchema.safeParse(JSON.parse(fs.readFileSync(readable(mappingFile), "utf8")));
    if (!result.success) throw new UsageError(`${mappingFile}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    mapping = result.data;
  } else throw new UsageError("give --preset NAME or --mapping FILE.json");
  let lastPrint = 0;
  return runIncidentImport({
    fileName: path.basename(file),
    content: fs.createReadStream(readable(file)),
    mapping,
    skipInvalid,
    actorId: null,
    onProgress: (fraction, message) => {
      if (Date.now() - lastPrint < 1000 && fraction < 1) return;
      lastPrint = Date.now();
      process.stderr.write(`  ${(fraction * 100).toFixed(0).padStart(3)} %  ${message}\n`);
    },
  });
}

async function importAreas(args: string[]): Promise<ImportOutcome> {
  const file = args.shift();
  if (!file) throw new UsageError("name the GeoJSON file");
  const codeField = takeOption(args, "--code-field") ?? "code";
  const nameField = takeOption(args, "--name-field") ?? "name";
  // Each --demographics starts a group of options that belong to that table.
  const tables: string[][] = [];
  const head = args.splice(0, args.indexOf("--demographics") === -1 ? args.length : args.indexOf("--demographics"));
  for (const arg of args) {
    if (arg === "--demographics") tables.push([]);
    else tables.at(-1)?.push(arg);
  }
  if (head.length > 0) throw new UsageError(`unexpected arguments: ${head.join(" ")}`);
  const demographics: DemographicsSource[] = tables.map((table) => {
    const file = table.shift();
    if (!file) throw new UsageError("--demographics needs a file");
    const groupColumns: Record<string, string> = {};
    let group: string | undefined;
    while ((group = takeOption(table, "--group"))) {
      const [name, column] = group.split("=");
      if (!name || !column) throw new UsageError(`--group: expected NAME=COLUMN, got "${group}"`);
      groupColumns[name] = column;
    }
    const year = takeOption(table, "--year");
    const source: DemographicsSource = {
      fileName: path.basename(file),
      text: fs.readFileSync(readable(file), "utf8"),
      joinColumn: takeOption(table, "--join-column") ?? codeField,
      populationColumn: takeOption(table, "--population-column"),
      groupColumns,
      source: takeOption(table, "--source") ?? path.basename(file),
      year: year === undefined ? null : Number(year),
    };
    if (table.length > 0) throw new UsageError(`unexpected arguments after --demographics ${file}: ${table.join(" ")}`);
    return source;
  });
  return runAreaImport({
    geojsonText: fs.readFileSync(readable(file), "utf8"),
    options: { fileName: path.basename(file), codeField, nameField },
    demographics,
    actorId: null,
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const kind = args.shift();
  const started = Date.now();
  let outcome: ImportOutcome;
  if (kind === "incidents") outcome = await importIncidents(args);
  else if (kind === "areas") outcome = await importAreas(args);
  else throw new UsageError('first argument must be "incidents" or "areas"');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${outcome.status}: ${outcome.importedCount} imported, ${outcome.skippedCount} skipped, ${outcome.errorCount} issues, ${outcome.rowCount} rows read in ${seconds} s (report ${outcome.reportId})`,
  );
  for (const issue of outcome.errors.slice(0, 20)) console.log(`  ${formatIssue(issue)}`);
  if (outcome.errorCount > 20) console.log(`  … and ${outcome.errorCount - 20} more in the stored report`);
  return outcome.status === "imported" ? 0 : 1;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    await closeDatabase().catch(() => undefined);
    console.error(error instanceof UsageError ? `import: ${error.message}` : error);
    process.exit(2);
  });
