import { shuffle, type Random } from "./random";

// Invented English-sounding parts. A real place may share a combination by chance; none is meant.
const FIRST = [
  "Alder", "Bramble", "Cinder", "Dunmere", "Elder", "Fallow", "Garnet", "Hazel", "Ivy", "Juniper", "Kestrel",
  "Linden", "Marl", "Nettle", "Osier", "Pewter", "Quill", "Rook", "Sedge", "Tansy", "Umber", "Vetch", "Wren", "Yarrow",
];
const SECOND = ["brook", "gate", "side", "wick", "mead", "ford", "stead", "cross", "heath", "hollow", "field", "moor"];

/**
 * `count` distinct invented neighbourhood names, e.g. "Cindergate", "Wrenmoor".
 * Beyond the 288 combinations a district number is appended.
 */
export function neighbourhoodNames(count: number, rng: Random): string[] {
  const combos = shuffle(rng, FIRST.flatMap((a) => SECOND.map((b) => a + b)));
  // Prefer distinct first parts so names in one city are easy to tell apart.
  const seen = new Set<string>();
  const preferred = combos.filter((name) => {
    const first = FIRST.find((f) => name.startsWith(f)) ?? name;
    if (seen.has(first)) return false;
    seen.add(first);
    return true;
  });
  const ordered = [...preferred, ...combos.filter((name) => !preferred.includes(name))];
  return Array.from({ length: count }, (_, i) => {
    const base = ordered[i % ordered.length] ?? "District";
    return i < ordered.length ? base : `${base} ${Math.floor(i / ordered.length) + 1}`;
  });
}
