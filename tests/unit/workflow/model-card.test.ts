import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/ledger";
import { excludesIndividualPrediction, modelCardSchema, versionDefinitionSchema, versionFingerprint, type VersionDefinition } from "@/lib/workflow/model-card";

const card = {
  intendedUse: "Weekly burglary hotspot advice for patrol planning in D01 and D02.",
  outOfScopeUses: "Any individual-level prediction; use as evidence against a person.",
  dataSources: "Recorded incidents (reported and discovered).",
  knownBiases: "Discovered incidents follow patrol presence.",
  limitations: "Stationary model; ignores events.",
  humanOversight: "Advisory only; the officer decides.",
  contact: "models@example.test",
};

const definition = {
  algorithm: "sepp",
  parameters: { maxIterations: 200 },
  categories: ["burglary", "theft"],
  trainingWindow: { from: "2024-01-01", to: "2025-12-31" },
  cellSizeM: 150,
  areaCodes: ["D01", "D02"],
  engineVersion: "0.1.0",
};

const firstProblem = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
  const issue = result.error?.issues[0];
  return issue ? `${issue.path.join(".")}: ${issue.message}` : "ok";
};

describe("the model card", () => {
  it("accepts a complete card and trims its text", () => {
    const parsed = modelCardSchema.parse({ ...card, contact: "  models@example.test " });
    expect(parsed.contact).toBe("models@example.test");
  });

  it("requires every section, and nothing else", () => {
    for (const field of Object.keys(card)) {
      const { [field as keyof typeof card]: _omitted, ...rest } = card;
      expect(modelCardSchema.safeParse(rest).success, field).toBe(false);
      expect(modelCardSchema.safeParse({ ...card, [field]: "   " }).success, field).toBe(false);
    }
    expect(modelCardSchema.safeParse({ ...card, extra: "x" }).success).toBe(false);
  });

  const statements: [string, boolean][] = [
    ["No individual-level prediction.", true],
    ["Any individual-level prediction; use as evidence against a person.", true],
    ["Risk scores for persons", true],
    ["Predicting which people will offend", true],
    ["不用于针对个人的预测。", true],
    ["none", false],
    ["Use against individual officers' decisions.", false],
    ["Prediction outside the city.", false],
    // Individuals and prediction in different clauses do not make the statement.
    ["Individuals may object. Prediction of festivals is out of scope.", false],
  ];
  for (const [statement, accepted] of statements) {
    it(`${accepted ? "accepts" : "refuses"} the out-of-scope statement "${statement}"`, () => {
      expect(excludesIndividualPrediction(statement)).toBe(accepted);
      const result = modelCardSchema.safeParse({ ...card, outOfScopeUses: statement });
      expect(firstProblem(result)).toBe(accepted ? "ok" : "outOfScopeUses: must state that individual-level prediction (of persons) is out of scope");
    });
  }
});

describe("the version definition", () => {
  it("accepts a definition whose parameters the forecast engine knows", () => {
    expect(versionDefinitionSchema.safeParse(definition).success).toBe(true);
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ["an unknown algorithm", { algorithm: "oracle" }, /^algorithm: unknown model kind/],
    ["an unknown parameter", { parameters: { bogus: 1 } }, /^parameters: sepp has no parameter "bogus"/],
    ["a parameter out of bounds", { parameters: { maxIterations: 0 } }, /^parameters: maxIterations must be in/],
    ["a non-numeric parameter", { parameters: { maxIterations: "200" } }, /^parameters\.maxIterations/],
    ["no categories", { categories: [] }, /^categories/],
    ["a category outside the standard", { categories: ["jaywalking"] }, /^categories\.0/],
    ["a repeated category", { categories: ["theft", "theft"] }, /^categories: must not repeat a value/],
    ["a window that ends before it starts", { trainingWindow: { from: "2025-01-01", to: "2024-01-01" } }, /^trainingWindow: from must be before to/],
    ["an empty window", { trainingWindow: { from: "2025-01-01", to: "2025-01-01" } }, /^trainingWindow: from must be before to/],
    ["a date that does not exist", { trainingWindow: { from: "2024-02-30", to: "2025-01-01" } }, /^trainingWindow\.from: must be a calendar date/],
    ["a timestamp for a date", { trainingWindow: { from: "2024-01-01T00:00:00Z", to: "2025-01-01" } }, /^trainingWindow\.from: must be a date YYYY-MM-DD/],
    ["cells under 50 m", { cellSizeM: 49 }, /^cellSizeM/],
    ["cells over 1000 m", { cellSizeM: 1001 }, /^cellSizeM/],
    ["fractional metres", { cellSizeM: 150.5 }, /^cellSizeM/],
    ["no area", { areaCodes: [] }, /^areaCodes/],
    ["a blank area code", { areaCodes: [" "] }, /^areaCodes\.0/],
    ["a repeated area code", { areaCodes: ["D01", "D01"] }, /^areaCodes: must not repeat a value/],
    ["no engine version", { engineVersion: "" }, /^engineVersion/],
    ["an unknown field", { notes: "x" }, /unrecognized key/i],
  ];
  for (const [name, change, problem] of refusals) {
    it(`refuses ${name}`, () => {
      expect(firstProblem(versionDefinitionSchema.safeParse({ ...definition, ...change }))).toMatch(problem);
    });
  }
  it("accepts the 50 m and 1000 m bounds", () => {
    expect(versionDefinitionSchema.safeParse({ ...definition, cellSizeM: 50 }).success).toBe(true);
    expect(versionDefinitionSchema.safeParse({ ...definition, cellSizeM: 1000 }).success).toBe(true);
  });
});

describe("the version fingerprint", () => {
  const parsed: VersionDefinition = versionDefinitionSchema.parse(definition);

  it("is plain JSON with sorted keys and sorted sets", () => {
    const fingerprint = versionFingerprint({ ...parsed, areaCodes: ["D02", "D01"], parameters: { tolerance: 1e-6, maxIterations: 200 } });
    expect(Object.keys(fingerprint)).toEqual([...Object.keys(fingerprint)].sort());
    expect(fingerprint).toMatchObject({ areaCodes: ["D01", "D02"], categories: ["burglary", "theft"] });
    expect(Object.keys(fingerprint.parameters as object)).toEqual(["maxIterations", "tolerance"]);
    expect(JSON.parse(JSON.stringify(fingerprint))).toEqual(fingerprint);
  });

  it("does not depend on the order of categories, areas or parameters, and does not mutate its input", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(["D01", "D02", "D03", "D04"], { minLength: 1 }), fc.boolean(), (areas, swap) => {
        const a = { ...parsed, areaCodes: areas, categories: swap ? ["theft" as const, "burglary" as const] : parsed.categories };
        const b = { ...parsed, areaCodes: [...areas].reverse() };
        const before = JSON.stringify(a);
        expect(canonicalJson(versionFingerprint(a))).toBe(canonicalJson(versionFingerprint(b)));
        expect(JSON.stringify(a)).toBe(before);
      }),
      { seed: 5 },
    );
  });

  it("changes with anything that changes the forecasts", () => {
    const base = canonicalJson(versionFingerprint(parsed));
    const variants: Partial<VersionDefinition>[] = [
      { algorithm: "naive" },
      { parameters: { maxIterations: 201 } },
      { categories: ["burglary"] },
      { trainingWindow: { from: "2024-01-02", to: "2025-12-31" } },
      { cellSizeM: 151 },
      { areaCodes: ["D01"] },
      { engineVersion: "0.1.1" },
    ];
    for (const variant of variants) expect(canonicalJson(versionFingerprint({ ...parsed, ...variant })), JSON.stringify(variant)).not.toBe(base);
  });
});
