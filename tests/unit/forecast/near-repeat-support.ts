import type { Random } from "@/lib/forecast";

/**
 * 300 seed events uniform over 3 km × 3 km and 400 days; with `repeats`, each has a follow-on
 * event within 50 m and 2 days (sorted by time on return).
 */
export function nearRepeatPattern(random: Random, repeats: boolean): { x: number[]; y: number[]; t: number[] } {
  const pts: [number, number, number][] = [];
  for (let i = 0; i < 300; i++) {
    const p: [number, number, number] = [random() * 3000, random() * 3000, random() * 398];
    pts.push(p);
    if (repeats) pts.push([p[0] + (random() - 0.5) * 70, p[1] + (random() - 0.5) * 70, p[2] + random() * 2]);
    else pts.push([random() * 3000, random() * 3000, random() * 398]);
  }
  pts.sort((a, b) => a[2] - b[2]);
  return { x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), t: pts.map((p) => p[2]) };
}
