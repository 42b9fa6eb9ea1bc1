import { describe, expect, it } from "vitest";
import { auditPolicySchema, type AuditPeriod } from "@/lib/audit";
import { seededRandom } from "@/lib/forecast";
import { measureMonitoring, noPatrolLogs, type MetricResult, type MonitoringInput } from "@/lib/monitoring";

const f64 = (...values: number[]) => Float64Array.from(values);
const period = (flagged: number[], reported: number[], discovered: number[]): AuditPeriod => ({ flagged: Uint8Array.from(flagged), reported: f64(...reported), discovered: f64(...discovered) });

/** Four cells; group_a lives in cells 0 and 2, group_b in 1 and 3. */
const input = (periods: AuditPeriod[], extra: Partial<MonitoringInput> = {}): MonitoringInput => ({
  periods,
  mask: Uint8Array.of(1, 1, 1, 1),
  residents: { group_a: f64(100, 0, 100, 0), group_b: f64(0, 100, 0, 100) },
  reference: "group_a",
  displacement: noPatrolLogs(),
  policy: auditPolicySchema.parse({}),
  random: seededRandom(1),
  replicates: 200,
  ...extra,
});
const metric = (metrics: MetricResult[], name: MetricResult["metric"]) => metrics.find((m) => m.metric === name)!;

describe("one month of served forecasts against the policy", () => {
  // Forecast 1 flags cell 0 (3 reported + 1 discovered there); forecast 2 flags cell 1, where nothing was reported.
  const periods = [period([1, 0, 0, 0], [3, 1, 0, 0], [1, 0, 0, 0]), period([0, 1, 0, 0], [2, 0, 1, 1], [0, 0, 0, 0])];
  const { metrics, breached, forecasts, incidents, hits } = measureMonitoring(input(periods));

  it("pools realised accuracy as realisedAccuracyByVersion does: Σ hits ÷ Σ incidents ÷ mean flagged share", () => {
    expect({ forecasts, incidents, hits }).toEqual({ forecasts: 2, incidents: 9, hits: 4 });
    const pai = metric(metrics, "realised_pai");
    expect(pai.value).toBeCloseTo(4 / 9 / 0.25, 12);
    expect(pai).toMatchObject({ status: "breach", threshold: "≥ 2", limit: { min: 2 } });
    expect(pai.interval!.lower).toBeLessThanOrEqual(pai.value!);
  });

  it("judges exposure and false-positive disparity of the flags served, naming the group; an unbounded ratio breaches", () => {
    expect(metric(metrics, "exposure_disparity")).toMatchObject({ status: "pass", value: 1, group: "group_b" });
    // group_b's only flag found nothing reported, group_a's did: the ratio is +∞, shown as no value but breached.
    expect(metric(metrics, "false_positive_disparity")).toMatchObject({ status: "breach", value: null, group: "group_b" });
    expect(breached).toEqual(["realised_pai", "false_positive_disparity"]);
  });

  it("says why the feedback loop and displacement are not measurable", () => {
    expect(metric(metrics, "feedback_ratio")).toMatchObject({ status: "not_measurable", reason: "no_discovered_outside", value: null });
    expect(metric(metrics, "displacement_wdq")).toMatchObject({ status: "not_measurable", reason: "no_patrol_logs", threshold: "≥ -0.5" });
  });

  it("measures the feedback loop when both sides have discoveries, and breaches above the policy's ratio", () => {
    const looped = [period([1, 0, 0, 0], [2, 2, 2, 2], [4, 1, 1, 1]), period([1, 0, 0, 0], [2, 2, 2, 2], [4, 1, 1, 1])];
    // Inside 8 discovered / 4 reported, outside 6 / 12: (8/4) / (6/12) = 4.
    expect(metric(measureMonitoring(input(looped)).metrics, "feedback_ratio")).toMatchObject({ status: "breach", value: 4, threshold: "≤ 1.5" });
    expect(metric(measureMonitoring(input(looped, { policy: auditPolicySchema.parse({ maxFeedbackRatio: 5 }) })).metrics, "feedback_ratio")).toMatchObject({ status: "pass", value: 4 });
  });

  it("never passes what it could not measure", () => {
    const none = measureMonitoring(input([]));
    expect(none.metrics.map((m) => [m.metric, m.status, m.reason])).toEqual([
      ["realised_pai", "not_measurable", "no_finished_forecasts"],
      ["exposure_disparity", "not_measurable", "no_finished_forecasts"],
      ["false_positive_disparity", "not_measurable", "no_finished_forecasts"],
      ["feedback_ratio", "not_measurable", "no_finished_forecasts"],
      ["displacement_wdq", "not_measurable", "no_patrol_logs"],
    ]);
    expect(none.breached).toEqual([]);
    const quiet = measureMonitoring(input([period([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0])], { residents: null, reference: null }));
    expect(metric(quiet.metrics, "realised_pai")).toMatchObject({ status: "not_measurable", reason: "no_incidents" });
    expect(metric(quiet.metrics, "exposure_disparity")).toMatchObject({ status: "not_measurable", reason: "no_demographics" });
    expect(metric(quiet.metrics, "feedback_ratio")).toMatchObject({ status: "not_measurable", reason: "no_discovered" });
  });

  it("judges displacement against the policy's floor", () => {
    const design = { targetCells: 1, bufferCells: 8, controlCells: 91, bufferM: 300, before: [0, 10] as [number, number], after: [10, 20] as [number, number] };
    const measured = (wdq: number) => metric(measureMonitoring(input(periods, { displacement: { status: "measured", wdq, reason: "", targetChange: -0.1, bufferChange: 0, design, code: null } })).metrics, "displacement_wdq");
    expect(measured(-0.7)).toMatchObject({ status: "breach", value: -0.7 });
    expect(measured(-0.2)).toMatchObject({ status: "pass" });
    expect(measureMonitoring(input(periods, { displacement: { status: "measured", wdq: -0.2, reason: "", targetChange: -0.1, bufferChange: 0, design, code: null } })).displacementDesign).toEqual(design);
  });
});
