/**
 * fast-check inputs for the endpoints' bodies: anything JSON at all, the valid body with one field
 * replaced by something hostile or of the wrong type, a field removed, or an extra field added.
 */
import fc from "fast-check";

/** Fixed so a failure can be replayed; FUZZ_SEED overrides it (the seed is printed either way). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_501);
/**
 * Inputs per endpoint: at least 1,000 on the embedded database; the PostgreSQL run of the same
 * suite repeats a 200-input sample (same seed) to keep CI within its time.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.DATABASE_URL ? 200 : 1_000));

/** Strings that have broken real systems: NUL, lone surrogates, SQL, markup, formulas, huge, odd dates. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uFFFF",
  "'; drop table users; --",
  "\" OR 1=1 --",
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://evil.example\")",
  "../../etc/passwd",
  "%00",
  "x".repeat(70_000),
  "😀".repeat(3_000),
  "\r\n\r\n",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "2026-02-30",
  "2026-13-01T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "00000000-0000-0000-0000-000000000000",
  "__proto__",
  "constructor",
  "slt_",
] as const;

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, -1e308, 1e308),
  fc.boolean(),
  fc.constant(null),
);
export const anyJson: fc.Arbitrary<unknown> = fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(leaf, { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 5 }), fc.jsonValue({ maxDepth: 3 }));

type Path = (string | number)[];
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : [prefix, ...value.flatMap((item, i) => leafPaths(item, [...prefix, i]))];
  if (value !== null && typeof value === "object") return [...(prefix.length > 0 ? [prefix] : []), ...Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
  return [prefix];
}

const clone = <T>(value: T): T => structuredClone(value);
function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/** Inputs around a valid body: mostly invalid, some still valid, never only random noise. */
export function aroundValid(valid: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(valid);
  return fc.oneof(
    { weight: 1, arbitrary: anyJson },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...paths), anyJson).map(([path, value]) => setAt(valid, path, value)) },
    { weight: 1, arbitrary: fc.constantFrom(...paths).map((path) => setAt(valid, path, undefined, true)) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 12 }), anyJson).map(([key, value]) => (valid !== null && typeof valid === "object" && !Array.isArray(valid) ? { ...valid, [key]: value } : value)) },
    { weight: 1, arbitrary: fc.constant(clone(valid)) },
  );
}

/** Form fields arrive as strings: the valid form with one field replaced by any string. */
export function aroundValidForm(valid: Record<string, string>): fc.Arbitrary<Record<string, string>> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 60 }))).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.dictionary(fc.constantFrom(...keys), fc.string({ maxLength: 30 })),
  );
}
