"use server";

import { revalidatePath } from "next/cache";
import { startImport, type ImportUpload } from "@/db/queries/imports";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { mappingSchema } from "@/lib/import/mapping";
import { presetNames } from "@/lib/import/presets";

export interface StartResult {
  jobId: string | null;
  error: string | null;
}

type Problems = Messages["admin"]["imports"]["problems"];
type StoredFile = { fileName: string; content: Uint8Array };

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

async function fileOf(form: FormData, name: string): Promise<StoredFile | null> {
  const file = form.get(name);
  if (!(file instanceof File) || file.size === 0) return null;
  return { fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) };
}

function incidentOptions(form: FormData, mappingFile: StoredFile | null, problems: Problems): Record<string, unknown> {
  const skipInvalid = form.get("skipInvalid") === "on";
  if (!mappingFile) {
    const preset = text(form, "preset");
    if (!presetNames().includes(preset)) throw new AppError("invalid_input", format(problems.unknownPreset, { preset }));
    return { preset, skipInvalid };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(mappingFile.content).toString("utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new AppError("invalid_input", format(problems.mappingJson, { file: mappingFile.fileName, details: (error as Error).message }));
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new AppError("invalid_input", format(problems.mappingInvalid, { file: mappingFile.fileName, details }));
  }
  return { mapping: parsed.data, skipInvalid };
}

function groupColumns(value: string, table: number, problems: Problems): Record<string, string> {
  const groups: Record<string, string> = {};
  for (const pair of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const [name, column, extra] = pair.split("=").map((part) => part.trim());
    if (!name || !column || extra !== undefined) throw new AppError("invalid_input", format(problems.groupPair, { table, pair }));
    groups[name] = column;
  }
  return groups;
}

/** The population tables in the form, numbered demographics.0, demographics.1, … by the page. */
async function demographicsOf(form: FormData, problems: Problems): Promise<{ attachments: StoredFile[]; entries: Record<string, unknown>[] }> {
  const indices = [...new Set([...form.keys()].flatMap((key) => /^demographics\.(\d+)\./.exec(key)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
  const attachments: StoredFile[] = [];
  const entries: Record<string, unknown>[] = [];
  for (const [position, index] of indices.entries()) {
    const field = (name: string) => text(form, `demographics.${index}.${name}`);
    const file = await fileOf(form, `demographics.${index}.file`);
    // Numbered as the page shows them: ids only grow, so their order is the order on screen.
    const table = position + 1;
    if (!file) {
      if (field("joinColumn") || field("populationColumn") || field("groupColumns")) throw new AppError("invalid_input", format(problems.tableFile, { table }));
      continue;
    }
    if (!field("joinColumn")) throw new AppError("invalid_input", format(problems.joinColumn, { table }));
    const groups = groupColumns(field("groupColumns"), table, problems);
    if (!field("populationColumn") && Object.keys(groups).length === 0) throw new AppError("invalid_input", format(problems.nothingToJoin, { table }));
    const year = field("year");
    if (year && !/^\d{4}$/.test(year)) throw new AppError("invalid_input", format(problems.year, { table }));
    entries.push({
      attachment: attachments.length,
      joinColumn: field("joinColumn"),
      populationColumn: field("populationColumn") || undefined,
      groupColumns: groups,
      source: field("source") || file.fileName,
      year: year ? Number(year) : null,
    });
    attachments.push(file);
  }
  return { attachments, entries };
}

async function uploadOf(form: FormData, problems: Problems): Promise<ImportUpload> {
  const main = await fileOf(form, "file");
  if (!main) throw new AppError("invalid_input", problems.chooseFile);
  if (form.get("kind") === "areas") {
    const codeField = text(form, "codeField");
    const nameField = text(form, "nameField");
    if (!codeField || !nameField) throw new AppError("invalid_input", problems.areaFields);
    const { attachments, entries } = await demographicsOf(form, problems);
    return { kind: "areas", ...main, options: { codeField, nameField, demographics: entries }, attachments };
  }
  return { kind: "incidents", ...main, options: incidentOptions(form, await fileOf(form, "mapping"), problems) };
}

/** Stores the upload (with any population tables) and queues its import; the page follows the job. */
export async function startImportAction(_previous: StartResult, form: FormData): Promise<StartResult> {
  try {
    const { actor } = await requireIdentity("imports.run");
    const { t } = await getMessages();
    const { jobId } = await startImport(actor, await uploadOf(form, t.admin.imports.problems));
    revalidatePath("/admin/imports");
    return { jobId, error: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { jobId: null, error: error.message };
    throw error;
  }
}
