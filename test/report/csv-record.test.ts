/**
 * The CSV reports' own record writer (src/report/csv.ts csvRecord) writes what csv-stringify writes
 * with the options the reports used before (CRLF records, cells with a line break quoted).
 */
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { csvRecord } from "../../src/report/csv.js";

const OPTIONS = { record_delimiter: "\r\n", quoted_match: /[\r\n]/ } as const;

/** mulberry32, for reproducible random cells. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("csvRecord", () => {
  it.each([
    [["a", "b"]],
    [[""]],
    [["", ""]],
    [['say "hi"', "x,y", "line\nbreak", "cr\rcr", "crlf\r\n", "ends\r", "'=1+2"]],
    [['{"a":1}', "é", "\u2028"]],
  ])("writes %j as csv-stringify does", (cells) => {
    expect(csvRecord(cells)).toBe(stringify([cells], OPTIONS));
  });

  it("agrees with csv-stringify on 2,000 random records", () => {
    const next = random(11);
    const alphabet = ["a", ",", '"', "\n", "\r", " ", "'", "=", "é", "\t", ""];
    for (let round = 0; round < 2_000; round++) {
      const cells = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from(
          { length: Math.floor(next() * 5) },
          () => alphabet[Math.floor(next() * alphabet.length)],
        ).join(""),
      );
      expect(csvRecord(cells), JSON.stringify(cells)).toBe(stringify([cells], OPTIONS));
    }
  });
});
