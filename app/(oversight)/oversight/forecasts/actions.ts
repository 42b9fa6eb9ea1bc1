"use server";

import { revalidatePath } from "next/cache";
import { requestForecasts } from "@/db/queries/forecast-generation";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface GenerateState {
  jobId: string | null;
  message: string | null;
}

export async function generateForecastsAction(_previous: GenerateState, form: FormData): Promise<GenerateState> {
  try {
    const { actor } = await requireIdentity("forecasts.generate");
    const { jobId } = await requestForecasts(actor, String(form.get("versionId") ?? ""));
    revalidatePath("/oversight/forecasts");
    return { jobId, message: null };
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { jobId: null, message: error.message };
    throw error;
  }
}
