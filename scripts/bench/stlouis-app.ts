/**
 * The St. Louis data through the running application's own parts, as an administrator, a model
 * developer and an oversight officer would use them: the importer with its SLMPD preset, the
 * registry, and an audit job run by the workers. Shared by the integration test (which asserts)
 * and `npm run bench:audit` (which prints); neither copies the data into the project.
 */
import fs from "node:fs";
import path from "node:path";
import { getDb } from "@/db";
import { getAudit, startAudit, type AuditView } from "@/db/queries/audits";
import { findLiveIdentity } from "@/db/queries/identity";
import { runAreaImport, runIncidentImport, type ImportOutcome } from "@/db/queries/imports";
import { applyVersionEvent, registerModel, registerVersion } from "@/db/queries/models";
import { createUserAsSystem } from "@/db/queries/users";
import { areas } from "@/db/schema";
import type { AuditReport } from "@/lib/audit";
import type { Actor, Role } from "@/lib/auth/permissions";
import { PRESETS } from "@/lib/import/presets";
import { startWorkers } from "@/lib/jobs/worker";

const DEMOGRAPHY = "ACS 2013-2017, SLU openGIS STL_DEMOGRAPHY_NhoodPop";
const PART_ONE = ["homicide", "sexual_offence", "robbery", "assault", "burglary", "theft", "vehicle_theft", "arson"];

export interface StLouisImport {
  areas: ImportOutcome;
  incidents: ImportOutcome[];
  seconds: number;
}

/** Neighbourhoods with 2017 population and race counts, then the three years of Part I offences (rows without coordinates skipped). */
export async function importStLouis(dir: string): Promise<StLouisImport> {
  const started = performance.now();
  const file = (name: string) => path.join(dir, name);
  const areaOutcome = await runAreaImport({
    geojsonText: fs.readFileSync(file("stl_neighborhoods.geojson"), "utf8"),
    options: { fileName: "stl_neighborhoods.geojson", codeField: "NHD_NUM", nameField: "NHD_NAME" },
    demographics: [
      { fileName: "STL_PopByNhood.csv", text: fs.readFileSync(file("STL_PopByNhood.csv"), "utf8"), joinColumn: "NHD_NUM", populationColumn: "pop17", groupColumns: {}, source: DEMOGRAPHY, year: 2017 },
      { fileName: "STL_RaceByNhood.csv", text: fs.readFileSync(file("STL_RaceByNhood.csv"), "utf8"), joinColumn: "NHD_NUM", groupColumns: { white: "white17", black: "black17" }, source: DEMOGRAPHY, year: 2017 },
    ],
    actorId: null,
  });
  const incidentOutcomes: ImportOutcome[] = [];
  for (const year of [2017, 2018, 2019]) {
    const fileName = `part1_${year}.csv`;
    incidentOutcomes.push(await runIncidentImport({ fileName, content: fs.createReadStream(file(fileName)), mapping: PRESETS.slmpd!, skipInvalid: true, actorId: null }));
  }
  return { areas: areaOutcome, incidents: incidentOutcomes, seconds: (performance.now() - started) / 1000 };
}

async function person(email: string, role: Role, areaCodes: string[] = []): Promise<Actor> {
  const user = await createUserAsSystem({ email, displayName: email, role, password: "a long enough password", areaCodes });
  const identity = await findLiveIdentity(user.id);
  if (!identity) throw new Error(`${email} was created but is not live`);
  return identity.actor;
}

export interface StLouisAudit {
  versionId: string;
  /** The oversight officer who launched the audit. */
  officer: Actor;
  audit: AuditView;
  /** From launching the audit to its stored report, seconds (snapshot, queue, job). */
  seconds: number;
}

/**
 * A SEPP version over every neighbourhood and all Part I categories, trained on 2017–2018 and
 * audited on 38 weekly periods of 2019 at 5 % coverage against white residents as the reference,
 * the protocol of the pure St. Louis audit (tests/unit/audit/stlouis-audit.test.ts).
 */
export async function auditStLouisSepp(options: { timeoutMs?: number } = {}): Promise<StLouisAudit> {
  const tag = Math.random().toString(36).slice(2, 8);
  const codes = (await (await getDb()).select({ code: areas.code }).from(areas)).map((row) => row.code).sort((a, b) => Number(a) - Number(b));
  const developer = await person(`developer-${tag}@stlouis.test`, "model_developer");
  const officer = await person(`officer-${tag}@stlouis.test`, "oversight_officer", codes);
  const model = await registerModel(developer, { name: `St. Louis Part I hotspots ${tag}`, purpose: "Weekly patrol-planning advice on Part I crime by 150 m cell." });
  const version = await registerVersion(developer, model.id, {
    definition: { algorithm: "sepp", parameters: {}, categories: PART_ONE, trainingWindow: { from: "2017-01-01", to: "2019-01-01" }, cellSizeM: 150, areaCodes: codes, engineVersion: "0.1.0" },
    modelCard: {
      intendedUse: "Advice on where Part I crime is most likely in the coming week, one input among others for patrol planning.",
      outOfScopeUses: "No prediction about individuals; not for stops, searches, arrests or any decision about a person.",
      dataSources: "SLMPD Part I offences 2017–2019 as published by SLU openGIS; ACS 2013–2017 neighbourhood population.",
      knownBiases: "Only recorded crime: reporting differs between neighbourhoods; the files do not say whether police or the public recorded an incident.",
      limitations: "Assumes the near future resembles the recent past; neighbourhood populations are areal-weighted estimates.",
      humanOversight: "Two oversight officers approve each version for a scope and a time; officers decide and record what they did.",
      contact: "models@stlouis.test",
    },
  });
  await applyVersionEvent(developer, version.id, { type: "submit" });
  const started = performance.now();
  const { auditId } = await startAudit(officer, version.id, { from: "2019-01-01", to: "2019-09-24", horizonDays: 7, coverage: 0.05, reference: "white" });
  const workers = startWorkers(1);
  let audit = await getAudit(officer, auditId);
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    while (audit.status === "queued" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      audit = await getAudit(officer, auditId);
    }
  } finally {
    await workers.stop();
  }
  return { versionId: version.id, officer, audit, seconds: (performance.now() - started) / 1000 };
}

type Interval = { estimate: number; lower: number; upper: number };
const f = (i: Interval | undefined) => (i ? `${i.estimate.toFixed(3)} [${i.lower.toFixed(3)}, ${i.upper.toFixed(3)}]` : "—");

/** The report's headline figures, one line per section. */
export function headlineFigures(report: AuditReport): string[] {
  const { model, naive, paiDifference } = report.accuracy;
  const group = (name: string) => report.bias.find((g) => g.group === name);
  const others = report.bias.filter((g) => g.group !== report.reference);
  return [
    `protocol: ${report.protocol.periods} periods of ${report.protocol.horizonDays} days at ${(100 * report.protocol.coverage).toFixed(0)} % of ${report.protocol.validCells} cells`,
    `accuracy: PAI ${f(model.pai)} vs naive ${f(naive.pai)}; difference ${f(paiDifference)}; hit rate ${model.hitRate.toFixed(3)} (naive ${naive.hitRate.toFixed(3)}); PEI* ${model.peiStar.toFixed(3)}; capture AUC ${model.captureAuc.toFixed(3)}; false positives ${model.falsePositives}, false negatives ${model.falseNegatives}`,
    `exposure (reference ${report.reference}): ${report.bias.map((g) => `${g.group} ${f(g.exposure)}`).join(", ")}`,
    ...others.map((g) => `${g.group}/${report.reference}: disparity ${f(g.disparity)}${g.outsideBand ? " (outside the band)" : ""}; need-adjusted ${f(group(g.group)?.needAdjusted)}; false-positive disparity ${f(g.falsePositiveDisparity)}`),
    `reported-only comparison: ${report.reportedOnly.status === "measured" ? report.reportedOnly.bias.map((g) => `${g.group} ${f(g.disparity)}`).join(", ") : `not measurable (${report.reportedOnly.reason})`}`,
    `feedback loop: ${report.feedback.status === "measured" ? f(report.feedback.ratio) : `not measurable (${report.feedback.reason})`}`,
    `displacement: ${report.displacement.status === "measured" ? `WDQ ${report.displacement.wdq.toFixed(3)}` : report.displacement.reason}`,
    `stability: ${report.stability.status === "measured" ? `Spearman ${report.stability.meanSpearman.toFixed(3)}, top-k overlap ${report.stability.meanOverlap.toFixed(3)}` : report.stability.reason}`,
    `verdict ${report.policy.verdict}: ${report.policy.criteria.map((c) => `${c.criterion} ${c.outcome}${c.measured === null ? "" : ` (${c.measured.toFixed(3)} ${c.threshold})`}`).join(", ")}`,
  ];
}
