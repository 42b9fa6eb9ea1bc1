import { beforeAll, describe, expect, it } from "vitest";
import { getVersion } from "@/db/queries/models";
import { listLedgerEntries } from "@/db/queries/ledger";
import type { AuditReport } from "@/lib/audit";
import { auditStLouisSepp, headlineFigures, importStLouis, type StLouisAudit } from "@/scripts/bench/stlouis-app";
import { STLOUIS_DIR, stlouisAvailable } from "../../support/shared-data";

type Interval = { estimate: number; lower: number; upper: number };
const ordered = (i: Interval) => i.lower <= i.estimate && i.estimate <= i.upper && Number.isFinite(i.lower) && Number.isFinite(i.upper);

describe.runIf(stlouisAvailable())("a SEPP audit of the St. Louis data, through the importer, the registry and the workers", () => {
  let run: StLouisAudit;
  let report: AuditReport;

  beforeAll(async () => {
    const imported = await importStLouis(STLOUIS_DIR);
    expect(imported.areas).toMatchObject({ status: "imported", importedCount: 88 });
    expect(imported.incidents.reduce((n, o) => n + o.importedCount, 0)).toBe(68_151);
    run = await auditStLouisSepp();
    report = run.audit.report as unknown as AuditReport;
    console.log([`St. Louis SEPP audit through the app: ${run.seconds.toFixed(1)} s (import ${imported.seconds.toFixed(1)} s)`, ...headlineFigures(report)].join("\n"));
  }, 900_000);

  it("finishes in under 60 s, stores the report and records the verdict on the version and the ledger", async () => {
    expect(run.audit).toMatchObject({ status: "completed", progress: 1, error: null });
    expect(run.seconds).toBeLessThan(60);
    expect(run.audit.verdict).toBe(report.policy.verdict);
    const ledger = await listLedgerEntries({ subject: run.versionId });
    expect(ledger.map((e) => e.kind)).toContain("audit.completed");
    expect(await getVersion(run.officer, run.versionId)).toMatchObject({ state: "audited", auditVerdict: report.policy.verdict });
  });

  it("scores accuracy with intervals against the naive baseline on the same protocol", () => {
    expect(report.protocol).toMatchObject({ periods: 38, horizonDays: 7, coverage: 0.05, validCells: 7153 });
    const { model, naive, paiDifference } = report.accuracy;
    for (const accuracy of [model, naive]) {
      expect(ordered(accuracy.pai)).toBe(true);
      expect(accuracy.pai.estimate).toBeGreaterThan(3);
      expect(accuracy.hitRate).toBeGreaterThan(0.1);
      expect(accuracy.captureAuc).toBeGreaterThan(0.6);
      expect(accuracy.calibration).toHaveLength(10);
      expect(accuracy.capture.at(-1)).toEqual([1, 1]);
      expect(accuracy.capture.every(([, y], i, all) => i === 0 || y >= all[i - 1]![1])).toBe(true);
    }
    expect(ordered(paiDifference)).toBe(true);
    expect(paiDifference.estimate).toBeCloseTo(model.pai.estimate - naive.pai.estimate, 6);
    const margin = report.policy.criteria.find((c) => c.criterion === "margin_over_naive");
    expect(margin?.measured).toBeCloseTo(paiDifference.estimate, 6);
  });

  it("measures exposure, disparity against white residents, need-adjusted exposure and false-positive parity, with intervals", () => {
    expect(report.reference).toBe("white");
    expect(report.band).toEqual([0.8, 1.25]);
    const black = report.bias.find((g) => g.group === "black")!;
    const white = report.bias.find((g) => g.group === "white")!;
    expect(white.disparity.estimate).toBe(1);
    for (const measure of [black.exposure, black.disparity, black.needAdjusted, black.falsePositiveShare, black.falsePositiveDisparity]) expect(ordered(measure)).toBe(true);
    expect(black.outsideBand).toBe(black.disparity.estimate < 0.8 || black.disparity.estimate > 1.25);
    expect(report.policy.criteria.find((c) => c.criterion === "disparity_band")).toMatchObject({ measured: black.disparity.estimate, outcome: black.outsideBand ? "fail" : "pass" });
  });

  it("says plainly what the SLMPD files cannot show: the feedback loop, the reported-only comparison and displacement", () => {
    expect(report.feedback).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/no incident was recorded as discovered/) });
    expect(report.reportedOnly).toMatchObject({ status: "not_measurable", reason: expect.stringMatching(/no incident is recorded as discovered/) });
    expect(report.displacement).toMatchObject({ status: "not_measurable", wdq: null, reason: expect.stringMatching(/^Not yet measurable/) });
    expect(report.policy.unmeasured).toEqual(["feedback_ratio"]);
  });

  it("measures stability and judges every criterion, carrying the map of flagged cells over demographics", () => {
    expect(report.stability).toMatchObject({ status: "measured", k: Math.floor(0.05 * 7153) });
    expect(report.stability.spearman).toHaveLength(37);
    expect(report.policy.criteria.map((c) => c.criterion)).toEqual(["min_pai", "margin_over_naive", "disparity_band", "false_positive_disparity", "feedback_ratio"]);
    expect(report.policy.verdict).toBe(report.policy.criteria.some((c) => c.outcome === "fail") ? "fail" : "pass");
    expect(report.map?.areas).toHaveLength(88);
    expect(report.map?.areas.find((a) => a.code === "1")?.residents).toMatchObject({ white: expect.any(Number), black: expect.any(Number) });
    expect(report.map?.runs.reduce((n, run) => n + run[2], 0)).toBe(7153);
    expect(report.map?.flagged.length).toBeGreaterThanOrEqual(357);
  });
});
