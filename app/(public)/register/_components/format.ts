export { day, instant } from "@/app/_components/format-time";
import { format } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import type { StoredInterval } from "@/lib/register/audit-summary";

/** Crime categories by their names in the reader's language (the code where none is known). */
export function categoryNames(codes: readonly string[], names: Messages["incidents"]["categories"]): string {
  return codes.map((code) => (code in names ? names[code as keyof typeof names] : code)).join(", ");
}

export function num(value: number | null | undefined, t: Messages["register"], digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? t.notMeasurable : value.toFixed(digits);
}

/** "3.12 (95% interval 2.60–3.70)" in the reader's language. */
export function interval(i: StoredInterval, t: Messages["register"]): string {
  if (i.estimate === null) return t.notMeasurable;
  return format(t.interval, { estimate: num(i.estimate, t), level: Math.round(i.level * 100), lower: num(i.lower, t), upper: num(i.upper, t) });
}
