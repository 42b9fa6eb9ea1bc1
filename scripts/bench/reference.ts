import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Our model names → the open_cp reference's names (whose parameters are in the name). */
export const REFERENCE_NAMES: Record<string, string> = {
  naive: "naive_count",
  retro: "retro_quartic200_60d",
  prospective: "prospective_bjp",
  kde: "kde_exp10d_gauss100m",
  sepp: "sepp_grid_mohler2015",
};

export interface ReferenceScore {
  hit5: number;
  pai5: number;
  pei5: number;
  hit10: number;
  pai10: number;
}

interface RawModel {
  cov5?: { hit_rate: number; PAI: number; PEI: number };
  cov10?: { hit_rate: number; PAI: number };
}

/** Reference scores per protocol ("7d", "1d") and model; empty where a file is missing. */
export function loadReference(dir: string): Record<string, Record<string, ReferenceScore>> {
  const out: Record<string, Record<string, ReferenceScore>> = {};
  for (const [protocol, file] of [
    ["7d", "opencp_stl_all_h7_2019-01-01.json"],
    ["1d", "opencp_stl_all_h1_2019-01-01.json"],
  ] as const) {
    const full = path.join(dir, file);
    if (!existsSync(full)) continue;
    const models = (JSON.parse(readFileSync(full, "utf8")) as { models: Record<string, RawModel> }).models;
    out[protocol] = Object.fromEntries(
      Object.entries(models).flatMap(([name, m]) =>
        m.cov5 && m.cov10
          ? [[name, { hit5: m.cov5.hit_rate, pai5: m.cov5.PAI, pei5: m.cov5.PEI, hit10: m.cov10.hit_rate, pai10: m.cov10.PAI }]]
          : [],
      ),
    );
  }
  return out;
}

/** Single-thread wall time of fit plus first prediction on a quiet machine, seconds, by reference name. */
export function loadReferenceTiming(dir: string): Record<string, number> {
  const full = path.join(dir, "opencp_timing.json");
  if (!existsSync(full)) return {};
  const models = (JSON.parse(readFileSync(full, "utf8")) as { models: Record<string, { first_s: number }> }).models;
  return Object.fromEntries(Object.entries(models).map(([k, v]) => [k, v.first_s]));
}

/** Figures the issue states for the 7d_2019 protocol (no reference file holds them). */
export const REFERENCE_7D_2019 = { naivePai5: 5.24, tunedBlendPai5: 5.3, leakyCeilingPai5: 5.33 };
