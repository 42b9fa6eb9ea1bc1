import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/ledger";
import { entryTemplate, fillEntryTemplate } from "@/lib/ledger/entry-template";

describe("the entry template the database fills under its lock", () => {
  it("gives exactly the canonical JSON of the whole entry", () => {
    const text = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(
        fc.record({ recordedAt: text, kind: text, actor: text, payloadHash: text, subjects: fc.array(fc.record({ type: text, id: text, hash: text }, { requiredKeys: ["type", "id"] }), { maxLength: 3 }) }),
        fc.nat(),
        fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
        fc.nat(),
        (body, leafIndex, prev, seq) => {
          const filled = fillEntryTemplate(entryTemplate(body), leafIndex, prev, seq);
          expect(filled).toBe(canonicalJson({ ...body, leafIndex, prevLeafHash: prev, seq }));
        },
      ),
    );
  });
});
