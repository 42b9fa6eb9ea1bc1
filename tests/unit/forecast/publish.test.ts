import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cellInclusionProof, cellLeafText, createGrid, createNaive, publishForecast, realisedAccuracy } from "@/lib/forecast";
import { fromHex, leafHash, verifyInclusion } from "@/lib/ledger";
import { eventsAt } from "./support";

// 4 × 2 cells; the west half is area 0 ("A"), the east half area 1 ("B"); cell 7 lies outside both.
const grid = createGrid({
  cellSize: 100,
  originX: 0,
  originY: 0,
  nx: 4,
  ny: 2,
  mask: Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]),
  cellArea: Int32Array.from([0, 0, 1, 1, 0, 0, 1, -1]),
});

function published(coverage: number) {
  // Cell 2 has three incidents, cell 0 two, cell 5 one; the newest is one day before the start (day 100).
  const events = eventsAt(grid, [[0, 0, 10], [0, 0, 90], [2, 0, 50], [2, 0, 80], [2, 0, 99], [1, 1, 95]]);
  const fitted = createNaive().fit(events, grid, 100);
  return publishForecast({ grid, fitted, events, start: 100, horizonDays: 7, coverage, areaCodes: ["A", "B"] });
}

describe("publishing a forecast", () => {
  it("ranks every valid cell, flags the top coverage share and explains only the flagged ones", () => {
    const forecast = published(2 / 7);
    expect(forecast.cells.map((c) => c.cell)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(forecast.flaggedCount).toBe(2);
    const flagged = forecast.cells.filter((c) => c.flagged).map((c) => c.cell);
    expect(flagged).toEqual([0, 2]);
    expect(forecast.cells.find((c) => c.cell === 2)!.rank).toBe(1);
    expect(forecast.cells.find((c) => c.cell === 0)!.rank).toBe(2);
    // Ties keep row-major order: cell 5 (one incident) then the empty cells 1, 3, 4, 6.
    expect(forecast.cells.filter((c) => !c.flagged).sort((a, b) => a.rank - b.rank).map((c) => c.cell)).toEqual([5, 1, 3, 4, 6]);
    expect(forecast.cells.filter((c) => c.explanation).map((c) => c.cell)).toEqual([0, 2]);
  });

  it("says how many incidents are recent and nearby, how recent the newest is and the cell's year count", () => {
    const cell2 = published(2 / 7).cells.find((c) => c.cell === 2)!;
    // Recent (≥ day 72) in cell 2 and its neighbours 1, 3, 5, 6: day 80 and 99 in cell 2, day 95 in cell 5.
    expect(cell2.explanation).toMatchObject({ recentIncidents: 3, newestDaysAgo: 1, yearCount: 3 });
    const cell0 = published(2 / 7).cells.find((c) => c.cell === 0)!;
    // Both of cell 0's incidents fall in the year; only day 90 is recent, plus day 95 in its neighbour 5.
    expect(cell0.explanation).toMatchObject({ recentIncidents: 2, newestDaysAgo: 5, yearCount: 2 });
  });

  it("roots a Merkle tree over the cells' canonical leaves, and every cell's proof verifies against it", () => {
    const forecast = published(2 / 7);
    const codes = ["A", "B"];
    const texts = forecast.cells.map((c) => cellLeafText(c, codes[c.area]!));
    // Two incidents over the 90 days of history since the first, times 7 days, to nine digits.
    expect(texts[0]).toBe('{"area":"A","cell":0,"expected":0.155555556,"flagged":true,"rank":2,"risk":2}');
    texts.forEach((text, index) => {
      const proof = cellInclusionProof(texts, index).map(fromHex);
      expect(verifyInclusion(index, texts.length, leafHash(text), proof, fromHex(forecast.merkleRoot))).toEqual({ ok: true });
    });
    // A changed prediction no longer proves against the published root.
    const forged = texts[1]!.replace('"flagged":false', '"flagged":true');
    const proof = cellInclusionProof(texts, 1).map(fromHex);
    expect(verifyInclusion(1, texts.length, leafHash(forged), proof, fromHex(forecast.merkleRoot)).ok).toBe(false);
  });
});

describe("realised accuracy", () => {
  const cells = [
    { cell: 0, flagged: true },
    { cell: 1, flagged: false },
    { cell: 2, flagged: false },
    { cell: 3, flagged: false },
  ];

  it("is the hit rate over the flagged share of the covered cells, ignoring incidents elsewhere", () => {
    const result = realisedAccuracy(cells, [0, 0, 1, 3, 9, 9]);
    expect(result).toEqual({ incidents: 4, hits: 2, hitRate: 0.5, pai: 2 });
  });

  it("has no hit rate or PAI when nothing happened", () => {
    expect(realisedAccuracy(cells, [])).toEqual({ incidents: 0, hits: 0, hitRate: null, pai: null });
  });

  it("has PAI 1 when every cell is flagged, whatever happened", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1 }), (incidentCells) => {
        expect(realisedAccuracy(cells.map((c) => ({ ...c, flagged: true })), incidentCells).pai).toBeCloseTo(1);
      }),
    );
  });
});
