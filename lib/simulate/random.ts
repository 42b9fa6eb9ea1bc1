/**
 * Seeded randomness for the synthetic city. Everything random in `lib/simulate` draws from a
 * `Random` made here, so the same seed gives the same city on every machine and Node version.
 */

/** A source of uniform numbers in [0, 1) with 32-bit resolution. */
export type Random = () => number;

/** splitmix32: spreads a 32-bit seed over the whole state, so nearby seeds give unrelated streams. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * xoshiro128** (Blackman & Vigna): tiny, fast, and statistically sound for simulation,
 * unlike Math.random, which cannot be seeded.
 *
 * @example
 * const rng = createRandom(42);
 * rng(); // 0.7698… — the same on every run
 */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A 32-bit seed for an independent sub-stream, named by `label`. Each stage of the generator
 * gets its own stream so that changing one stage (say, the recording knob) leaves the random
 * draws of the others untouched.
 *
 * @example deriveSeed(42, "districts") // a fixed 32-bit integer
 */
export function deriveSeed(seed: number, label: string): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  // FNV-1a over the label, then over both 32-bit halves of the seed.
  let h = 0x811c9dc5;
  const mix = (byte: number): void => {
    h = Math.imul(h ^ (byte & 0xff), 0x01000193);
  };
  for (let i = 0; i < label.length; i++) mix(label.charCodeAt(i));
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  for (const word of [low, high]) for (let s = 0; s < 32; s += 8) mix(word >>> s);
  return h >>> 0;
}

/** A uniform number in [min, max). */
export function uniform(rng: Random, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** An integer in [0, n). */
export function randomInt(rng: Random, n: number): number {
  return Math.floor(rng() * n);
}

/** A standard normal draw (Box–Muller; the second value is discarded to keep draws stateless). */
export function normal(rng: Random, mean = 0, sd = 1): number {
  const u = 1 - rng(); // (0, 1], so the log is finite
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** An exponential draw with the given rate (mean 1 / rate). */
export function exponential(rng: Random, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

/** An index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`. */
export function pickCumulative(rng: Random, cumulative: ArrayLike<number>): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const u = rng() * total;
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Running sums of `weights`, for `pickCumulative`. */
export function cumulativeSums(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i] ?? 0;
  return out;
}

/**
 * A Poisson draw. Knuth's product method for small means; for larger ones Hörmann's PTRS
 * transformed rejection, which stays exact and O(1) where the product method would loop λ times.
 *
 * @example poisson(rng, 3.2) // 0, 1, 2, … with mean 3.2
 */
export function poisson(rng: Random, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be finite and ≥ 0, got ${mean}`);
  if (mean === 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  return poissonPtrs(rng, mean);
}

function poissonPtrs(rng: Random, lambda: number): number {
  const slam = Math.sqrt(lambda);
  const logLam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - logFactorial(k)) return k;
  }
}

/** ln(k!) by Stirling's series; exact enough (< 1e-10) for k ≥ 10, tabulated below that. */
function logFactorial(k: number): number {
  if (k < 10) {
    let f = 1;
    for (let i = 2; i <= k; i++) f *= i;
    return Math.log(f);
  }
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/** The standard normal CDF Φ(z), via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
