import {
  backtestFitted,
  createModel,
  hitRate,
  meanLogScore,
  pai,
  peiStar,
  type BacktestResult,
  type FittedModel,
  type Grid,
  type GriddedEvents,
  type ModelConfig,
  type ModelKind,
} from "@/lib/forecast";

/** The bench's models, with the reference's parameters where the reference names them. */
export const BENCH_MODELS: Record<string, ModelConfig & { kind: ModelKind }> = {
  naive: { kind: "naive" },
  retro: { kind: "retro", params: { bandwidthM: 200, windowDays: 60 } },
  prospective: { kind: "prospective" },
  kde: { kind: "kde", params: { timeScaleDays: 10, bandwidthM: 100 } },
  sepp: { kind: "sepp" },
  near_repeat: { kind: "near_repeat" },
  ensemble: { kind: "ensemble" },
};

export interface Protocol {
  name: string;
  starts: number[];
  horizonDays: number;
}

export interface ModelRow {
  fit_ms: number;
  predict_ms_median: number;
  first_ms: number;
  hit5: number;
  pai5: number;
  pei5: number;
  hit10: number;
  pai10: number;
  log_score: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Fits each model once at the cutoff (timed) and scores it under every protocol. */
export function runAll(grid: Grid, events: GriddedEvents, cutoff: number, protocols: Protocol[]) {
  const results: Record<string, Record<string, BacktestResult>> = {};
  const rows: Record<string, Record<string, ModelRow>> = {};
  const summaries: Record<string, Readonly<Record<string, number>>> = {};
  for (const p of protocols) {
    results[p.name] = {};
    rows[p.name] = {};
  }
  for (const [name, config] of Object.entries(BENCH_MODELS)) {
    const t0 = performance.now();
    const fitted: FittedModel = createModel(config.kind, config.params).fit(events, grid, cutoff);
    const fitMs = performance.now() - t0;
    summaries[name] = fitted.summary;
    for (const p of protocols) {
      const r = backtestFitted({ fitted, fitMs, grid, events, starts: p.starts, horizonDays: p.horizonDays });
      const predictMs = r.periods.map((x) => x.predictMs);
      results[p.name]![name] = r;
      rows[p.name]![name] = {
        fit_ms: fitMs,
        predict_ms_median: median(predictMs),
        first_ms: fitMs + (predictMs[0] ?? 0),
        hit5: hitRate(r, 0.05),
        pai5: pai(r, 0.05),
        pei5: peiStar(r, 0.05),
        hit10: hitRate(r, 0.1),
        pai10: pai(r, 0.1),
        log_score: meanLogScore(r),
      };
    }
  }
  return { results, rows, summaries };
}
