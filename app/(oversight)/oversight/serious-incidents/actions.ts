"use server";

import { revalidatePath } from "next/cache";
import { fileSeriousIncident, recordIncidentReport } from "@/db/queries/serious-incidents";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { localDateTimeToIso } from "@/lib/register/serious-incident";

export interface FileState {
  filed: { dueAt: string; rule: string; ledgerSeq: number } | null;
  error: string | null;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function fileIncidentAction(_previous: FileState, form: FormData): Promise<FileState> {
  try {
    const { actor } = await requireIdentity("serious_incidents.file");
    const timeZone = text(form, "timeZone").trim();
    const input = {
      harmCategory: text(form, "harmCategory"),
      widespread: form.get("widespread") === "on",
      affectedGroups: text(form, "affectedGroups").split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
      description: text(form, "description"),
      actionsTaken: text(form, "actionsTaken"),
      occurredAt: localDateTimeToIso(text(form, "occurredAt"), timeZone),
      awareAt: localDateTimeToIso(text(form, "awareAt"), timeZone),
      timeZone,
    };
    const filed = await fileSeriousIncident(actor, text(form, "versionId"), input);
    revalidatePath("/oversight/serious-incidents");
    return { filed: { dueAt: filed.dueAt.toISOString(), rule: filed.rule, ledgerSeq: filed.ledgerSeq }, error: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { filed: null, error: error.message };
    throw error;
  }
}

export interface ReportState {
  onTime: boolean | null;
  error: string | null;
}

export async function recordReportAction(_previous: ReportState, form: FormData): Promise<ReportState> {
  try {
    const { actor } = await requireIdentity("serious_incidents.file");
    const reference = text(form, "authorityReference").trim();
    const result = await recordIncidentReport(actor, text(form, "incidentId"), {
      reportedAt: localDateTimeToIso(text(form, "reportedAt"), text(form, "timeZone")),
      ...(reference ? { authorityReference: reference } : {}),
    });
    revalidatePath("/oversight/serious-incidents");
    return { onTime: result.onTime, error: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { onTime: null, error: error.message };
    throw error;
  }
}
