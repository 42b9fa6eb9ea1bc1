import { loadStLouis, stlDay } from "./stlouis";
import { createModel, runBacktest, pai, meanLogScore } from "@/lib/forecast";
const d = loadStLouis();
const cut = stlDay(2019, 1, 1);
const starts = Array.from({ length: 38 }, (_, i) => stlDay(2019, 1, 1 + i * 7));
for (const [k, p] of [["naive", {}], ["near_repeat", {}], ["retro", {}], ["prospective", {}], ["ensemble", {}]] as const) {
  const t0 = performance.now();
  const r = runBacktest({ model: createModel(k, p), grid: d.grid, events: d.events, fitCutoff: cut, starts, horizonDays: 7 });
  console.log(k, pai(r, 0.05).toFixed(4), pai(r, 0.1).toFixed(4), meanLogScore(r).toFixed(2), r.fitMs.toFixed(0), (performance.now() - t0).toFixed(0), JSON.stringify(r.summary));
}
