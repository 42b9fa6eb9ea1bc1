import { describe, expect, it } from "vitest";
import { feedbackLoop, type AuditPeriod } from "@/lib/audit";
import { seededRandom } from "@/lib/forecast";
import { transverseMercator } from "@/lib/geo/projection";
import { generateCity, type SyntheticCity } from "@/lib/simulate";

const DAY_MS = 86_400_000;

/** Weekly periods over the second year: flag the 5 % of cells with most recorded incidents so far. */
function weeklyAudit(city: SyntheticCity): AuditPeriod[] {
  const { truth } = city;
  const cells = truth.cols * truth.rows;
  const tm = transverseMercator(city.centralMeridian);
  const start = city.incidents[0]!.occurredAt.getTime();
  const located = city.incidents.map((incident) => {
    const [x, y] = tm.forward(incident.lon, incident.lat);
    const col = Math.floor((x - truth.originX) / truth.cellSizeM);
    const row = Math.floor((y - truth.originY) / truth.cellSizeM);
    const cell = col >= 0 && col < truth.cols && row >= 0 && row < truth.rows ? row * truth.cols + col : -1;
    return { cell, day: Math.floor((incident.occurredAt.getTime() - start) / DAY_MS), discovered: incident.source === "discovered" };
  });
  const periods: AuditPeriod[] = [];
  const history = new Float64Array(cells);
  let next = 0;
  for (let week = 0; week < Math.floor(truth.days / 7); week++) {
    const from = week * 7;
    while (next < located.length && located[next]!.day < from) {
      const { cell } = located[next++]!;
      if (cell >= 0) history[cell]! += 1;
    }
    if (from < 365) continue;
    const order = Array.from({ length: cells }, (_, c) => c).sort((a, b) => history[b]! - history[a]! || a - b);
    const flagged = new Uint8Array(cells);
    for (const c of order.slice(0, Math.floor(cells * 0.05))) flagged[c] = 1;
    const reported = new Float64Array(cells);
    const discovered = new Float64Array(cells);
    for (let i = next; i < located.length && located[i]!.day < from + 7; i++) {
      const { cell, discovered: byPolice } = located[i]!;
      if (cell < 0) continue;
      if (byPolice) discovered[cell]! += 1;
      else reported[cell]! += 1;
    }
    periods.push({ flagged, reported, discovered });
  }
  return periods;
}

describe("audits recover what was planted in the synthetic city", () => {
  it("detects the patrol feedback loop, and finds it weaker when discovery depends less on patrols", () => {
    const strong = feedbackLoop(weeklyAudit(generateCity({ seed: 11, districts: 6, targetIncidents: 12_000, discoveryBias: 0.9 })), seededRandom(1), 200);
    const weak = feedbackLoop(weeklyAudit(generateCity({ seed: 11, districts: 6, targetIncidents: 12_000, discoveryBias: 0.1 })), seededRandom(1), 200);
    if (strong.status !== "measured" || weak.status !== "measured") throw new Error("feedback ratio not measured");
    console.log(`feedback ratio: discoveryBias 0.9 → ${strong.ratio.estimate.toFixed(2)} [${strong.ratio.lower.toFixed(2)}, ${strong.ratio.upper.toFixed(2)}]; 0.1 → ${weak.ratio.estimate.toFixed(2)} [${weak.ratio.lower.toFixed(2)}, ${weak.ratio.upper.toFixed(2)}]`);
    expect(strong.ratio.lower).toBeGreaterThan(1);
    expect(strong.ratio.estimate).toBeGreaterThan(weak.ratio.estimate);
  });
});
