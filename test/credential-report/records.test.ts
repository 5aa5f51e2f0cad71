/**
 * The fast path of reading report CSV (src/credential-report/records.ts) gives exactly csv-parse's
 * records and line numbers (with parse.ts's options) wherever it answers, and leaves every text it
 * cannot read alike to csv-parse.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { generateReport } from "../../bench/report-generator.js";
import { plainRecords } from "../../src/credential-report/records.js";

const OPTIONS = {
  bom: true,
  info: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  trim: true,
};

function csvParse(text: string): { record: string[]; info: { lines: number } }[] {
  return (parse(text, OPTIONS) as unknown as { record: string[]; info: { lines: number } }[]).map((r) => ({
    record: r.record,
    info: { lines: r.info.lines },
  }));
}

/** mulberry32, for reproducible random texts. */
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

describe("plainRecords", () => {
  it.each([
    "",
    "\n",
    "a,b\n",
    "a,b",
    "a,b\n\nc,d\n",
    "\n\na,b\n\n",
    "a,b\r\nc,d\r\n",
    "a,b\r\n\r\nc\r\n",
    "\ufeffa,b\nc",
    "a,,b\n,\n",
    "a\nb,c,d\n",
  ])("reads %j as csv-parse does", (text) => {
    expect(plainRecords(text)).toEqual(csvParse(text));
  });

  it.each(['a,"b,c"\n', "a, b\n", "a,b\t\n", "a,b\rc\n", "a,b\r\nc\n", "a,b\nc\r\n", "a,é\n", "a,b\u00a0\n"])(
    "leaves %j to csv-parse (quotes, blanks, mixed line ends, non-ASCII)",
    (text) => {
      expect(plainRecords(text)).toBeUndefined();
    },
  );

  it("reads a generated 2,000-user report as csv-parse does, LF and CRLF", () => {
    const text = generateReport(2_000);
    expect(plainRecords(text)).toEqual(csvParse(text));
    const crlf = `${text.replaceAll("\n", "\r\n")}\r\n`;
    expect(plainRecords(crlf)).toEqual(csvParse(crlf));
  });

  it("agrees with csv-parse on 3,000 random texts wherever it answers", () => {
    const next = random(7);
    const alphabet = ["a", "b", ",", ",", "\n", "\n", "\r\n", "\r", '"', " ", "\t", "\ufeff", "é", "1"];
    let answered = 0;
    for (let round = 0; round < 3_000; round++) {
      const length = Math.floor(next() * 14);
      const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      const plain = plainRecords(text);
      if (plain === undefined) continue;
      answered += 1;
      expect(plain, JSON.stringify(text)).toEqual(csvParse(text));
    }
    expect(answered).toBeGreaterThan(300);
  });
});
