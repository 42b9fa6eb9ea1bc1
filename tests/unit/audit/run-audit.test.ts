import { describe, expect, it } from "vitest";
import { auditPolicySchema, runAudit } from "@/lib/audit";
import { createNaive, seededRandom } from "@/lib/forecast";
import { generateCity } from "@/lib/simulate";
import { griddedCity } from "./synthetic-city";

describe("a full audit of the synthetic city", () => {
  it("stores accuracy, bias with a reported-only comparison, the feedback loop, stability and a verdict as plain JSON", () => {
    const city = griddedCity(generateCity({ seed: 11, districts: 6, targetIncidents: 6000, days: 365, discoveryBias: 0.9 }));
    const starts = Array.from({ length: 20 }, (_, i) => city.day0 + 200 + 7 * i);
    const progress: number[] = [];
    const report = runAudit({
      model: createNaive(),
      naive: createNaive(),
      grid: city.grid,
      events: city.all,
      discovered: city.discovered,
      residents: city.residents,
      reference: "group_c",
      fitCutoff: city.day0 + 200,
      starts,
      horizonDays: 7,
      coverage: 0.05,
      policy: auditPolicySchema.parse({ minPai: 2, maxFeedbackRatio: 1.5 }),
      random: seededRandom(1),
      onProgress: (fraction) => progress.push(fraction),
    });
    const stored = JSON.parse(JSON.stringify(report)) as typeof report;
    const by = Object.fromEntries(stored.policy.criteria.map((c) => [c.criterion, c]));
    const excess = stored.bias.map((g) => {
      const reportedOnly = stored.reportedOnly.status === "measured" ? stored.reportedOnly.bias.find((r) => r.group === g.group)! : g;
      return `${g.group} ${g.disparity.estimate.toFixed(3)} vs reported-only ${reportedOnly.disparity.estimate.toFixed(3)}`;
    });
    console.log(`synthetic audit: PAI ${stored.accuracy.model.pai.estimate.toFixed(3)}; disparity ${excess.join(", ")}; feedback ${stored.feedback.status === "measured" ? stored.feedback.ratio.estimate.toFixed(3) : stored.feedback.reason}; stability ρ ${stored.stability.meanSpearman.toFixed(3)}, overlap ${stored.stability.meanOverlap.toFixed(3)}; verdict ${stored.policy.verdict}`);
    expect(stored.accuracy.paiDifference.estimate).toBe(0); // the naive model against itself
    expect(by.margin_over_naive).toMatchObject({ outcome: "pass", measured: 0 });
    expect(stored.reportedOnly.status).toBe("measured");
    expect(by.feedback_ratio).toMatchObject({ outcome: "fail" });
    expect(stored.policy.verdict).toBe("fail");
    expect(stored.stability).toMatchObject({ status: "measured", k: Math.floor(0.05 * city.grid.validCells.length) });
    expect(stored.stability.spearman).toHaveLength(19);
    expect(stored.displacement).toMatchObject({ status: "not_measurable", wdq: null });
    expect(progress.at(-1)).toBeGreaterThanOrEqual(0.9);
  });
});
