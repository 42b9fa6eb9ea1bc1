"use server";

import { revalidatePath } from "next/cache";
import { startImport } from "@/db/queries/imports";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { mappingSchema } from "@/lib/import/mapping";

export interface StartResult {
  jobId: string | null;
  error: string | null;
}

async function fileOf(form: FormData, name: string): Promise<{ fileName: string; content: Uint8Array } | null> {
  const file = form.get(name);
  if (!(file instanceof File) || file.size === 0) return null;
  return { fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) };
}

function groupColumns(text: string): Record<string, string> {
  const pairs = text.split(",").map((pair) => pair.trim()).filter(Boolean);
  const groups: Record<string, string> = {};
  for (const pair of pairs) {
    const [name, column] = pair.split("=").map((part) => part.trim());
    if (!name || !column) throw new AppError("invalid_input", `groups: expected name=column, got "${pair}"`);
    groups[name] = column;
  }
  return groups;
}

async function start(form: FormData): Promise<string> {
  const { actor } = await requireIdentity("imports.run");
  const kind = form.get("kind") === "areas" ? "areas" : "incidents";
  const main = await fileOf(form, "file");
  if (!main) throw new AppError("invalid_input", "file: choose a file to import");
  if (kind === "incidents") {
    const mappingFile = await fileOf(form, "mapping");
    let mapping: unknown;
    if (mappingFile) {
      const parsed = mappingSchema.safeParse(JSON.parse(Buffer.from(mappingFile.content).toString("utf8")));
      if (!parsed.success) throw new AppError("invalid_input", `${mappingFile.fileName}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      mapping = parsed.data;
    }
    const options = { preset: mapping ? undefined : String(form.get("preset") ?? ""), mapping, skipInvalid: form.get("skipInvalid") === "on" };
    return (await startImport(actor, { kind, ...main, options })).jobId;
  }
  if (!String(form.get("codeField") ?? "").trim() || !String(form.get("nameField") ?? "").trim()) {
    throw new AppError("invalid_input", "codeField, nameField: name the properties that hold each area's code and name");
  }
  const table = await fileOf(form, "demographics");
  const year = String(form.get("year") ?? "").trim();
  const options = {
    codeField: String(form.get("codeField") ?? "").trim(),
    nameField: String(form.get("nameField") ?? "").trim(),
    demographics: table
      ? [
          {
            attachment: 0,
            joinColumn: String(form.get("joinColumn") ?? "").trim(),
            populationColumn: String(form.get("populationColumn") ?? "").trim() || undefined,
            groupColumns: groupColumns(String(form.get("groupColumns") ?? "")),
            source: String(form.get("source") ?? "").trim() || table.fileName,
            year: /^\d{4}$/.test(year) ? Number(year) : null,
          },
        ]
      : [],
  };
  return (await startImport(actor, { kind, ...main, options, attachments: table ? [table] : [] })).jobId;
}

export async function startImportAction(_previous: StartResult, form: FormData): Promise<StartResult> {
  try {
    const jobId = await start(form);
    revalidatePath("/admin/imports");
    return { jobId, error: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { jobId: null, error: error.message };
    if (error instanceof SyntaxError) return { jobId: null, error: `mapping: not valid JSON (${error.message})` };
    throw error;
  }
}
