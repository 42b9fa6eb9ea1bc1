/**
 * A register entry as an ATRS record (both tiers), written from what the registry holds. Where the
 * registry does not hold a fact the standard asks for (previous process, training, third parties),
 * the field says so plainly rather than inventing an answer. Text is English, the standard's
 * language; the register pages show the same facts in the reader's language.
 */
import type { AuditSummary, StoredInterval } from "./audit-summary";
import { worstDisparity } from "./audit-summary";
import { ATRS_VERSION, type AtrsRecord, type AtrsRegister } from "./atrs-schema";
import type { PublicCheckpoint, Register, RegisterEntry } from "./entry";

export const NOT_RECORDED = "Not recorded in the Sightline model registry.";

export interface AtrsContext {
  organisation: string;
  /** The public origin of this installation, e.g. https://oversight.example.org (no trailing slash). */
  baseUrl: string;
  checkpoint: PublicCheckpoint | null;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const num = (value: number | null, digits = 2) => (value === null || !Number.isFinite(value) ? "not measurable" : value.toFixed(digits));
const span = (i: StoredInterval) => `${num(i.estimate)} (${Math.round(i.level * 100)}% interval ${num(i.lower)}–${num(i.upper)})`;
const list = (values: readonly string[]) => (values.length > 0 ? values.join(", ") : "none");
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

function performance(audit: AuditSummary | null): string {
  if (!audit) return "No completed audit.";
  const worst = worstDisparity(audit);
  const criteria = audit.criteria.map((c) => `${c.criterion} ${c.outcome} (${c.measured === null ? "not measured" : num(c.measured, 3)}, threshold ${c.threshold})`).join("; ");
  return [
    `Audit of ${day(audit.completedAt)} over ${audit.evaluation.from} to ${audit.evaluation.to} (${audit.periods} periods of ${audit.evaluation.horizonDays} days, ${Math.round(audit.evaluation.coverage * 100)}% of cells flagged).`,
    `Prediction accuracy index (PAI) ${span(audit.pai)} against the naive baseline's ${span(audit.naivePai)}; hit rate ${num(audit.hitRate, 3)}.`,
    worst ? `Largest exposure disparity: ${worst.group} against ${audit.reference}, ${span(worst.disparity)} (review band ${audit.band[0]}–${audit.band[1]}).` : "Exposure disparity could not be measured for any group.",
    `Verdict ${audit.verdict}: ${criteria}.`,
  ].join(" ");
}

function risks(entry: RegisterEntry): AtrsRecord["tier_2"]["risks_mitigations_and_impact_assessments"]["risks"] {
  const audit = entry.audit;
  const outcome = (criterion: string) => audit?.criteria.find((c) => c.criterion === criterion)?.outcome ?? "not audited";
  const overrides = entry.overrides.length > 0 ? ` Approved with ${entry.overrides.length} override(s) of failed criteria, each justified by the approving ${list([...new Set(entry.overrides.map((o) => o.role))])}.` : "";
  return [
    {
      risk_name: "Biased exposure of resident groups",
      risk_description: `Flagged cells may concentrate on some groups' neighbourhoods. Known biases of the data: ${entry.modelCard.knownBiases}`,
      mitigation: `Audited exposure disparity against a review band (criterion disparity_band: ${outcome("disparity_band")}; false_positive_disparity: ${outcome("false_positive_disparity")}); two independent oversight approvals for a limited scope and time.${overrides}`,
    },
    {
      risk_name: "Feedback loop",
      risk_description: "Patrols sent to flagged cells discover more crime there, which the model then learns from.",
      mitigation: audit?.feedback.status === "measured" ? `Feedback-loop ratio audited: ${span(audit.feedback.ratio)} (criterion feedback_ratio: ${outcome("feedback_ratio")}).` : `Feedback-loop ratio not yet measurable${audit?.feedback.status === "not_measurable" ? `: ${audit.feedback.reason}` : ""}; bias is also compared with the same version trained on publicly reported incidents only.`,
    },
    {
      risk_name: "Crime displacement",
      risk_description: "Crime may move from flagged cells to nearby cells rather than fall.",
      mitigation: audit?.displacement.status === "measured" ? `Weighted displacement quotient ${num(audit.displacement.wdq, 3)}.` : `Displacement not yet measurable${audit ? `: ${audit.displacement.reason}` : ""}; patrol decisions and outcomes are recorded for measuring it.`,
    },
    {
      risk_name: "Use beyond the approved scope",
      risk_description: `Use of forecasts for purposes the model card rules out: ${entry.modelCard.outOfScopeUses}`,
      mitigation: "Forecasts are served only while approved, only to police staff of their own jurisdiction, after a stated purpose; every view and decision is written to a tamper-evident public ledger. Any oversight officer can suspend the version at once.",
    },
  ];
}

/**
 * The ATRS record of one register entry.
 *
 * @example atrsRecord(entry, { organisation: "Example Police", baseUrl: "https://oversight.example.org", checkpoint }).metadata.phase // "production"
 */
export function atrsRecord(entry: RegisterEntry, context: AtrsContext): AtrsRecord {
  const { definition: d, modelCard: card, audit } = entry;
  const page = `${context.baseUrl}/register/${entry.id}`;
  const scope = entry.approval.scope;
  const updated = [entry.stateSince, ...entry.history.map((h) => h.at), ...entry.seriousIncidents.map((i) => i.filedAt), ...(audit ? [audit.completedAt] : [])].reduce((a, b) => (b > a ? b : a));
  const checkpoint = context.checkpoint;
  return {
    metadata: {
      title: `${entry.model.name} (version ${entry.version})`,
      organisation: context.organisation,
      function: ["public-order-and-safety"],
      capability: ["forecasting"],
      task: "Place-based forecasting of where recorded crime is most likely, as advice for patrol planning.",
      phase: entry.atrsPhase,
      date_published: day(entry.approval.approvedAt ?? entry.registeredAt),
      date_updated: day(updated),
      atrs_version: ATRS_VERSION,
      other_tags: ["predictive-policing", "place-based", `sightline-state-${entry.state}`],
    },
    tier_1: {
      name: `${entry.model.name} (version ${entry.version})`,
      description: `${entry.model.purpose} ${card.intendedUse} It forecasts places (grid cells of ${d.cellSizeM} m), never individuals.`,
      website: page,
      contact_email: EMAIL.exec(card.contact)?.[0] ?? null,
    },
    tier_2: {
      owner_and_responsibility: {
        organisation_or_department: context.organisation,
        team: "Registered by a model developer; audited and approved by oversight officers, independent of the registrant.",
        senior_responsible_owner: `Oversight officers: two approvals (${list(entry.approval.approvals.map((a) => a.role))}); any one officer may suspend. Model card contact: ${card.contact}`,
        third_party_involvement: "not_recorded",
      },
      description_and_rationale: {
        detailed_description: `Algorithm "${d.algorithm}" (Sightline forecast engine ${d.engineVersion}, parameters ${Object.keys(d.parameters).length > 0 ? JSON.stringify(d.parameters) : "defaults"}), trained on recorded incidents of ${list(d.categories)} from ${d.trainingWindow.from} to ${d.trainingWindow.to}, scoring ${d.cellSizeM} m grid cells in areas ${list(d.areaCodes)}. Definition SHA-256 ${entry.definitionHash}.`,
        scope: `Approved for areas ${list(scope.areaCodes)} and categories ${list(scope.categories)}${entry.approval.validUntil ? ` until ${entry.approval.validUntil.toISOString()}` : ""}. Out of scope: ${card.outOfScopeUses}`,
        benefit: card.intendedUse,
        previous_process: NOT_RECORDED,
        alternatives_considered: audit
          ? `Audited against a naive baseline on the same protocol: PAI ${span(audit.pai)} against ${span(audit.naivePai)}, difference ${span(audit.paiDifference)}.`
          : "Not yet audited against the naive baseline.",
      },
      decision_making_process: {
        process_integration: `Police staff see forecasts only for their own jurisdiction, only while the version is approved, and only after stating a purpose; they decide what to do and record it. ${card.humanOversight}`,
        provided_information: `Ranked risk for each ${d.cellSizeM} m cell over 1- or 7-day periods, the flagged cells (the audited share of cells) and, for each flagged cell, why it was flagged (recent nearby incidents, model components).`,
        frequency_and_scale_of_usage: `${entry.usage.forecasts} forecasts generated, viewed ${entry.usage.views} times by police staff, ${entry.usage.patrolDecisions} patrol decisions recorded${entry.usage.lastForecastAt ? `; latest forecast ${entry.usage.lastForecastAt.toISOString()}` : ""}. Forecasts are generated daily while approved.`,
        human_decisions_and_review: `A forecast is advice for a human decision; officers record each patrol decision and its outcome. Approval: two oversight officers, for a scope and a limited time. ${card.humanOversight}`,
        required_training: NOT_RECORDED,
        appeals_and_review: `Residents can object to how data about them or their area is used through the public objection form (${context.baseUrl}/objections/new); every decision is recorded on the public ledger (${context.baseUrl}/ledger).`,
      },
      tool_specification: {
        system_architecture: "Sightline oversight portal: a model registry with immutable versions, background audit jobs on frozen data snapshots, two-person approval, forecast serving limited to approved scope and jurisdiction, and an RFC 6962 Merkle ledger with signed checkpoints.",
        phase: `Sightline state: ${entry.state} since ${entry.stateSince.toISOString()}.${entry.suspensions.length > 0 ? ` Suspended: ${entry.suspensions.map((s) => s.reason ?? "no reason given").join("; ")}.` : ""}`,
        maintenance: `A version never changes: a fix is a new version with its own audit and approvals. This approval ${entry.approval.validUntil ? `lapses at ${entry.approval.validUntil.toISOString()}` : "has no valid-until"} unless renewed by a new approval.`,
        models: [
          {
            model_name: entry.model.name,
            model_version: String(entry.version),
            model_task: "Rank grid cells by the expected number of recorded incidents in the next period.",
            model_input: `Geocoded recorded incidents (time, place, category) of ${list(d.categories)}.`,
            model_output: "Per cell: risk score, expected count, rank and whether it is flagged.",
            model_architecture: `${d.algorithm} (engine ${d.engineVersion})`,
            model_performance: performance(audit),
            datasets: ["Recorded incidents"],
            dataset_purposes: `Training: ${d.trainingWindow.from} to ${d.trainingWindow.to}.${audit ? ` Audit evaluation: ${audit.evaluation.from} to ${audit.evaluation.to}.` : ""}`,
          },
        ],
        data: [
          {
            source_data_name: "Recorded incidents",
            data_modality: "Tabular: geocoded incident records",
            data_description: card.dataSources,
            data_quantities: `Incidents of ${list(d.categories)} from ${d.trainingWindow.from} to ${d.trainingWindow.to} in areas ${list(d.areaCodes)}.`,
            sensitive_attributes: "No attribute of any person is a model input. Resident counts per demographic group of each area are used only by the audit, to measure exposure.",
            data_completeness_and_representativeness: `${card.knownBiases} ${card.limitations}`,
            source_data_url: null,
            data_collection: card.dataSources,
            data_cleaning: "Every imported row is validated (coordinates, dates, categories, duplicates); rows that fail are reported by file, line and field. Corrections and exclusions are recorded on the ledger.",
            data_sharing_agreements: NOT_RECORDED,
            data_access_and_storage: "Held in the installation's database; audits and forecasts run on hashed, frozen snapshots; access is by role and jurisdiction, and every view is on the ledger.",
          },
        ],
      },
      risks_mitigations_and_impact_assessments: {
        impact_assessments: audit
          ? [
              {
                assessment_name: `Sightline audit ${audit.auditId}`,
                description: performance(audit),
                date_completed: day(audit.completedAt),
                link: `${page}#audit`,
              },
            ]
          : [],
        risks: risks(entry),
      },
    },
    x_sightline: {
      version_id: entry.id,
      state: entry.state,
      state_since: entry.stateSince.toISOString(),
      valid_until: entry.approval.validUntil?.toISOString() ?? null,
      definition_hash: entry.definitionHash,
      approver_roles: entry.approval.approvals.map((a) => a.role),
      audit_verdict: audit?.verdict ?? null,
      overrides: entry.overrides.map((o) => ({ role: o.role, at: o.at.toISOString(), justification: o.justification })),
      suspensions: entry.suspensions.map((s) => ({ at: s.at.toISOString(), reason: s.reason, ledger_seq: s.ledgerSeq })),
      serious_incidents: entry.seriousIncidents.map((i) => ({
        id: i.id,
        harm_category: i.harmCategory,
        widespread: i.widespread,
        affected_groups: i.affectedGroups,
        description: i.description,
        actions_taken: i.actionsTaken,
        aware_at: i.awareAt.toISOString(),
        reporting_rule: i.rule,
        due_at: i.dueAt.toISOString(),
        reported_at: i.reportedAt?.toISOString() ?? null,
        filed_at: i.filedAt.toISOString(),
        ledger_seq: i.ledgerSeq,
      })),
      ledger_checkpoint: checkpoint ? { origin: checkpoint.origin, tree_size: checkpoint.treeSize, root_hash: checkpoint.rootHash, timestamp: checkpoint.timestamp, signature: checkpoint.signature, public_key: checkpoint.publicKey } : null,
    },
  };
}

/** The whole register as ATRS records. */
export function atrsRegister(register: Register, baseUrl: string): AtrsRegister {
  const context = { organisation: register.organisation, baseUrl, checkpoint: register.checkpoint };
  return { atrs_version: ATRS_VERSION, generated_at: register.generatedAt.toISOString(), organisation: register.organisation, records: register.entries.map((entry) => atrsRecord(entry, context)) };
}
