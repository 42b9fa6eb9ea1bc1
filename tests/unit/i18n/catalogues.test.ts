import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";

type Tree = { [key: string]: unknown };

/** Every leaf of a catalogue as [dotted path, value]. */
function leaves(tree: unknown, prefix = ""): [string, unknown][] {
  if (typeof tree !== "object" || tree === null || Array.isArray(tree)) return [[prefix, tree]];
  return Object.entries(tree as Tree).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** The words of a message, its {placeholders} left out. */
const words = (text: string) => text.replace(/\{\w+\}/g, " ");

/** Strings that read the same in both languages: numbers, punctuation, names and abbreviations. */
const LANGUAGE_NEUTRAL = /^[\s\d\p{P}\p{S}]*$|^(PAI|PEI\*|WDQ|JSON|CSV|API|SHA-256|#|ID|OK|Sightline|English|简体中文)$/u;

describe("the message catalogues", () => {
  const en = new Map(leaves(MESSAGES.en));

  it("exist for every supported language", () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES) {
    const catalogue = new Map(leaves(MESSAGES[locale]));

    it(`${locale} has exactly the English keys, each a non-empty string`, () => {
      expect([...catalogue.keys()].filter((key) => !en.has(key))).toEqual([]);
      expect([...en.keys()].filter((key) => !catalogue.has(key))).toEqual([]);
      const empty = [...catalogue].filter(([, value]) => typeof value !== "string" || value.trim() === "").map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it(`${locale} uses the same {placeholders} as English in every string`, () => {
      const mismatched = [...catalogue]
        .filter(([key, value]) => typeof value === "string" && typeof en.get(key) === "string" && placeholders(value).join() !== placeholders(en.get(key) as string).join())
        .map(([key]) => key);
      expect(mismatched).toEqual([]);
    });
  }

  it("leaves no English string untranslated in Chinese", () => {
    const untranslated = [...leaves(MESSAGES["zh-CN"])]
      .filter(([key, value]) => typeof value === "string" && value === en.get(key) && !LANGUAGE_NEUTRAL.test(words(value)))
      .map(([key, value]) => `${key}: ${String(value)}`);
    expect(untranslated).toEqual([]);
  });

  it("has Chinese text in every Chinese string that English writes in words", () => {
    const HAN = /\p{Script=Han}/u;
    const latinOnly = [...leaves(MESSAGES["zh-CN"])]
      .filter(([key, value]) => typeof value === "string" && !HAN.test(value) && /[A-Za-z]{4,}/.test(words(en.get(key) as string)) && !LANGUAGE_NEUTRAL.test(words(value)))
      .map(([key, value]) => `${key}: ${String(value)}`);
    expect(latinOnly).toEqual([]);
  });
});
