"use server";

import { revalidatePath } from "next/cache";
import { startAudit } from "@/db/queries/audits";
import { applyVersionEvent, registerModel, registerVersion, validateVersionInput } from "@/db/queries/models";
import { PermissionDeniedError } from "@/lib/auth/permissions";
import { requireIdentity } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export interface RegistryResult {
  ok: boolean;
  message: string | null;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const list = (form: FormData, name: string) => text(form, name).split(",").map((v) => v.trim()).filter(Boolean);

/** Expected refusals come back as text for the form; anything else is a real error. */
async function attempt(run: () => Promise<unknown>, path: string): Promise<RegistryResult> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError || error instanceof PermissionDeniedError) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath(path);
  return { ok: true, message: null };
}

export async function registerAction(_previous: RegistryResult, form: FormData): Promise<RegistryResult> {
  return attempt(async () => {
    const { actor } = await requireIdentity("models.register");
    const version = {
      definition: {
        algorithm: text(form, "algorithm"),
        parameters: {},
        categories: list(form, "categories"),
        trainingWindow: { from: text(form, "trainingFrom"), to: text(form, "trainingTo") },
        cellSizeM: Number(text(form, "cellSizeM")),
        areaCodes: list(form, "areaCodes"),
        engineVersion: "0.1.0",
      },
      modelCard: Object.fromEntries(["intendedUse", "outOfScopeUses", "dataSources", "knownBiases", "limitations", "humanOversight", "contact"].map((field) => [field, text(form, field)])),
    };
    // Checked before the model is stored, so a refused form leaves no model without a version.
    validateVersionInput(version);
    const model = await registerModel(actor, { name: text(form, "name"), purpose: text(form, "purpose") });
    await registerVersion(actor, model.id, version);
  }, "/models");
}

export async function versionAction(_previous: RegistryResult, form: FormData): Promise<RegistryResult> {
  const id = text(form, "versionId");
  return attempt(async () => {
    const action = text(form, "action");
    if (action === "submit") {
      const { actor } = await requireIdentity("models.register");
      await applyVersionEvent(actor, id, { type: "submit" });
      return;
    }
    const { actor } = await requireIdentity("versions.decide");
    if (action === "audit") await startAudit(actor, id, { from: text(form, "from"), to: text(form, "to"), horizonDays: Number(text(form, "horizonDays")), coverage: Number(text(form, "coverage")), ...(text(form, "reference") ? { reference: text(form, "reference") } : {}) });
    else if (action === "approve")
      await applyVersionEvent(actor, id, {
        type: "approve",
        areaCodes: list(form, "areaCodes"),
        categories: list(form, "categories"),
        validUntil: text(form, "validUntil") ? new Date(`${text(form, "validUntil")}T23:59:59Z`) : undefined,
        reason: text(form, "reason"),
        override: text(form, "override") || undefined,
      });
    else if (action === "reject") await applyVersionEvent(actor, id, { type: "reject", reason: text(form, "reason") });
    else if (action === "suspend") await applyVersionEvent(actor, id, { type: "suspend", reason: text(form, "reason") });
    else throw new AppError("invalid_input", "action: unknown");
  }, `/models/versions/${id}`);
}
