/**
 * Forecast benchmark: the open_cp reference protocol on St. Louis (../shared/data/stlouis), or a
 * synthetic city when that folder is absent. `--json` prints one JSON object on stdout.
 */
import { DEFAULT_ENSEMBLE_MEMBERS, pai, meanLogScore, pairedPeriodBootstrap, seededRandom } from "@/lib/forecast";
import { loadReference, loadReferenceTiming, REFERENCE_7D_2019, REFERENCE_NAMES } from "./bench/reference";
import { runAll, type Protocol } from "./bench/run";
import { loadStLouis, stlDay, stlouisAvailable, stlouisDir } from "./bench/stlouis";
import { syntheticCity } from "./bench/synthetic";

const json = process.argv.includes("--json");
const log = (line: string) => (json ? process.stderr : process.stdout).write(line + "\n");
const started = performance.now();

const real = stlouisAvailable();
let data;
let cutoff: number;
let dayStart: (k: number) => number;
if (real) {
  data = loadStLouis();
  cutoff = stlDay(2019, 1, 1);
  dayStart = (k) => stlDay(2019, 1, 1 + k);
} else {
  log(`No data at ${stlouisDir()}: running on the synthetic city instead (figures are not comparable to the reference).`);
  const city = syntheticCity();
  data = city;
  cutoff = city.testStart;
  dayStart = (k) => city.testStart + k;
}
const { grid, events } = data;
log(`dataset: ${real ? "St. Louis SLMPD Part I 2017-01 to 2019-09" : "synthetic"}; ${grid.validCells.length} valid cells, ${events.t.length} events (load ${(performance.now() - started).toFixed(0)} ms)`);

const protocols: Protocol[] = [
  { name: "7d", horizonDays: 7, starts: Array.from({ length: 4 }, (_, i) => dayStart(7 * i)) },
  { name: "1d", horizonDays: 1, starts: Array.from({ length: 28 }, (_, i) => dayStart(i)) },
  { name: "7d_2019", horizonDays: 7, starts: Array.from({ length: real ? 38 : 30 }, (_, i) => dayStart(7 * i)) },
];
const { results, rows, summaries } = runAll(grid, events, cutoff, protocols);
const reference = real ? loadReference(stlouisDir()) : {};
const timing = real ? loadReferenceTiming(stlouisDir()) : {};

// Skill on 7d_2019: the best model by PAI@5 % against naive, with paired bootstrap intervals over weeks.
const long = results["7d_2019"]!;
const naive = long.naive!;
const best = Object.entries(long)
  .filter(([name]) => name !== "naive")
  .sort((a, b) => pai(b[1], 0.05) - pai(a[1], 0.05))[0]!;
const random = seededRandom(20190101);
const paiDiff = pairedPeriodBootstrap(best[1], naive, (r, idx) => pai(r, 0.05, idx), random, 2000);
const logDiff = pairedPeriodBootstrap(best[1], naive, (r, idx) => meanLogScore(r, idx), random, 2000);
const skill = {
  best_model: best[0],
  pai5: pai(best[1], 0.05),
  naive_pai5: pai(naive, 0.05),
  pai5_diff_vs_naive: { estimate: paiDiff.estimate, ci95: [paiDiff.lower, paiDiff.upper], share_above_zero: paiDiff.shareAboveZero },
  log_score_per_week: meanLogScore(best[1]),
  naive_log_score_per_week: meanLogScore(naive),
  log_score_diff_vs_naive: { estimate: logDiff.estimate, ci95: [logDiff.lower, logDiff.upper] },
  target_pai5: REFERENCE_7D_2019.tunedBlendPai5,
};

const f = (v: number | undefined, d = 3) => (v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(d));
for (const p of protocols) {
  log(`\n${p.name}: ${p.starts.length} × ${p.horizonDays} d   (ours | open_cp reference)`);
  log("model         PAI5 ours|ref      hit5 ours|ref    PEI*5  PAI10 ours|ref   logscore   fit ms  pred ms  speed×");
  for (const [name, r] of Object.entries(rows[p.name]!)) {
    const refName = REFERENCE_NAMES[name];
    const ref = refName ? reference[p.name]?.[refName] : undefined;
    const refS = refName ? timing[refName] : undefined;
    const speed = refS ? (refS * 1000) / r.first_ms : undefined;
    log(
      `${name.padEnd(12)}  ${f(r.pai5)}|${f(ref?.pai5)}   ${f(r.hit5)}|${f(ref?.hit5)}   ${f(r.pei5)}  ${f(r.pai10)}|${f(ref?.pai10)}  ${f(r.log_score, 1).padStart(9)}  ${f(r.fit_ms, 1).padStart(7)}  ${f(r.predict_ms_median, 1).padStart(6)}  ${f(speed, 0).padStart(5)}`,
    );
  }
}
log(`\nfitted: sepp ${JSON.stringify(summaries.sepp)}\n        near_repeat ${JSON.stringify(summaries.near_repeat)}\n        ensemble ${JSON.stringify(summaries.ensemble)}`);
const memberWeights = DEFAULT_ENSEMBLE_MEMBERS.map((m, i) => {
  const params = m.params ? ` ${Object.entries(m.params).map(([k, v]) => `${k}=${v}`).join(",")}` : "";
  return `${m.kind}${params} ${f(summaries.ensemble?.[`weight_${i}_${m.kind}`], 2)}`;
}).filter((line) => !line.endsWith(" 0.00"));
log(`ensemble weights chosen on the weekly validation origins before the cutoff (members at 0 omitted): ${memberWeights.join("; ")}`);
log(
  `\n7d_2019 skill: best ${skill.best_model} PAI@5% ${f(skill.pai5)} vs naive ${f(skill.naive_pai5)} ${real ? `(reference naive ${REFERENCE_7D_2019.naivePai5}, target ≥ ${skill.target_pai5})` : "(synthetic: no reference)"}; ` +
    `difference ${f(paiDiff.estimate)} [95% CI ${f(paiDiff.lower)}, ${f(paiDiff.upper)}]; ` +
    `log score/week ${f(skill.log_score_per_week, 1)} vs naive ${f(skill.naive_log_score_per_week, 1)} (diff ${f(logDiff.estimate, 1)} [${f(logDiff.lower, 1)}, ${f(logDiff.upper, 1)}])`,
);
const totalS = (performance.now() - started) / 1000;
log(`total ${totalS.toFixed(1)} s, peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);

if (json) {
  const strip = (r: Record<string, object>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([key]) => key !== "first_ms"))]));
  const speed = Object.fromEntries(
    Object.entries(REFERENCE_NAMES).map(([name, refName]) => {
      const r = rows["7d"]![name]!;
      return [name, { ours_first_ms: r.first_ms, reference_first_s: timing[refName] ?? null, ratio: timing[refName] ? (timing[refName]! * 1000) / r.first_ms : null }];
    }),
  );
  process.stdout.write(
    JSON.stringify({
      dataset: real ? "stlouis" : "synthetic",
      cells: grid.validCells.length,
      events: events.t.length,
      protocols: Object.fromEntries(protocols.map((p) => [p.name, strip(rows[p.name]!)])),
      speed,
      fitted: summaries,
      skill_7d_2019: skill,
      total_s: totalS,
    }) + "\n",
  );
}
