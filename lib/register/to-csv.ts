/**
 * The register as CSV: one row per version, the columns a spreadsheet reader compares across
 * versions. Cells go through csvCell, so text an officer or developer wrote (reasons, model cards)
 * cannot run as a formula in a spreadsheet.
 */
import { csvLine } from "../csv/write-csv";
import { CRITERIA, worstDisparity } from "./audit-summary";
import type { Register, RegisterEntry } from "./entry";

export const REGISTER_CSV_COLUMNS = [
  "version_id",
  "model",
  "version",
  "state",
  "state_since",
  "atrs_phase",
  "approved_at",
  "valid_until",
  "approved_areas",
  "approved_categories",
  "approver_roles",
  "algorithm",
  "engine_version",
  "definition_hash",
  "audit_id",
  "audit_completed_at",
  "audit_verdict",
  "pai",
  "pai_lower",
  "pai_upper",
  "naive_pai",
  "disparity_group",
  "disparity",
  "disparity_lower",
  "disparity_upper",
  ...CRITERIA.map((c) => `criterion_${c}`),
  "overrides",
  "suspensions",
  "last_suspension_reason",
  "serious_incidents",
  "open_serious_incident_reports",
  "forecasts",
  "views",
  "intended_use",
  "out_of_scope_uses",
  "contact",
  "ledger_tree_size",
  "ledger_root_hash",
] as const;

function row(entry: RegisterEntry, register: Pick<Register, "checkpoint">): unknown[] {
  const audit = entry.audit;
  const worst = audit ? worstDisparity(audit) : null;
  const criterion = (name: (typeof CRITERIA)[number]) => audit?.criteria.find((c) => c.criterion === name)?.outcome ?? "";
  const values: Record<(typeof REGISTER_CSV_COLUMNS)[number], unknown> = {
    version_id: entry.id,
    model: entry.model.name,
    version: entry.version,
    state: entry.state,
    state_since: entry.stateSince,
    atrs_phase: entry.atrsPhase,
    approved_at: entry.approval.approvedAt,
    valid_until: entry.approval.validUntil,
    approved_areas: entry.approval.scope.areaCodes.join(" "),
    approved_categories: entry.approval.scope.categories.join(" "),
    approver_roles: entry.approval.approvals.map((a) => a.role).join(" "),
    algorithm: entry.definition.algorithm,
    engine_version: entry.definition.engineVersion,
    definition_hash: entry.definitionHash,
    audit_id: audit?.auditId,
    audit_completed_at: audit?.completedAt,
    audit_verdict: audit?.verdict,
    pai: audit?.pai.estimate,
    pai_lower: audit?.pai.lower,
    pai_upper: audit?.pai.upper,
    naive_pai: audit?.naivePai.estimate,
    disparity_group: worst?.group,
    disparity: worst?.disparity.estimate,
    disparity_lower: worst?.disparity.lower,
    disparity_upper: worst?.disparity.upper,
    criterion_min_pai: criterion("min_pai"),
    criterion_margin_over_naive: criterion("margin_over_naive"),
    criterion_disparity_band: criterion("disparity_band"),
    criterion_false_positive_disparity: criterion("false_positive_disparity"),
    criterion_feedback_ratio: criterion("feedback_ratio"),
    overrides: entry.overrides.map((o) => `${o.role}: ${o.justification}`).join(" | "),
    suspensions: entry.suspensions.length,
    last_suspension_reason: entry.suspensions.at(-1)?.reason,
    serious_incidents: entry.seriousIncidents.length,
    open_serious_incident_reports: entry.seriousIncidents.filter((i) => i.clock.state === "open").length,
    forecasts: entry.usage.forecasts,
    views: entry.usage.views,
    intended_use: entry.modelCard.intendedUse,
    out_of_scope_uses: entry.modelCard.outOfScopeUses,
    contact: entry.modelCard.contact,
    ledger_tree_size: register.checkpoint?.treeSize,
    ledger_root_hash: register.checkpoint?.rootHash,
  };
  return REGISTER_CSV_COLUMNS.map((column) => values[column]);
}

/**
 * The register (or some of its entries) as CSV with a header line, CRLF line ends.
 *
 * @example registerCsv(register).split("\r\n")[0] // "version_id,model,version,state,…"
 */
export function registerCsv(register: Pick<Register, "checkpoint" | "entries">): string {
  return csvLine(REGISTER_CSV_COLUMNS) + register.entries.map((entry) => csvLine(row(entry, register))).join("");
}
