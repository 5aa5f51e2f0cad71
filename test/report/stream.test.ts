/**
 * The streamed JSON of src/report/stream.ts is JSON.stringify(value, null, 2) exactly, whatever the
 * document holds around its streamed arrays; writeWholeFile writes pieces as it writes text.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeJsonText } from "../../src/model/escape.js";
import { writeWholeFile } from "../../src/model/write-file.js";
import { JsonStreamArray, joinChunks, prettyJsonChunks } from "../../src/report/stream.js";

/** `value` with every JsonStreamArray replaced by the array of its items. */
function plain(value: unknown): unknown {
  if (value instanceof JsonStreamArray) return [...value.items].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

describe("prettyJsonChunks", () => {
  const documents: [string, () => unknown][] = [
    ["an empty streamed array", () => new JsonStreamArray([])],
    ["a streamed array of objects", () => new JsonStreamArray([{ a: 1, b: [1, { c: "x\ny" }] }, { d: {} }])],
    ["items JSON leaves out or writes as null", () => new JsonStreamArray([undefined, () => 1, null, "s"])],
    [
      "a streamed array deep in objects and arrays, beside undefined keys and dates",
      () => ({
        a: 1,
        skip: undefined,
        when: new Date(0),
        runs: [{ tool: { x: [] }, results: new JsonStreamArray([{ n: 1 }, { n: 2, s: "é\u2028" }]) }, {}],
        empty: {},
        tail: [undefined, 2],
      }),
    ],
    ["a streamed array as an object's only key", () => ({ findings: new JsonStreamArray([{}, []]) })],
    [
      "items with toJSON (a date, one that gives undefined) and nested arrays, three levels down",
      () => ({
        a: {
          b: { c: new JsonStreamArray([new Date(0), { toJSON: () => undefined }, [[1, []], {}], "0", 0]) },
        },
      }),
    ],
  ];
  it.each(documents)("%s: the text of JSON.stringify(…, null, 2), escaped for terminals", (_label, make) => {
    const text = joinChunks(prettyJsonChunks(make()));
    expect(text).toBe(escapeJsonText(JSON.stringify(plain(make()), null, 2)));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plain(make()))));
  });

  it("writes DEL, C1, line separators, bidirectional and invisible characters as \\u escapes: the same value", () => {
    const names = [
      "b\u202eob",
      "g\u009bh",
      "c\u0085d",
      "x\u007fy",
      "p\u2028q",
      "soft\u00adhyphen",
      "tag\u{e0041}",
    ];
    const text = joinChunks(
      prettyJsonChunks({ findings: new JsonStreamArray(names.map((name) => ({ name }))) }),
    );
    expect(text.match(/"name": "[^"]*"/g)).toEqual([
      '"name": "b\\u202eob"',
      '"name": "g\\u009bh"',
      '"name": "c\\u0085d"',
      '"name": "x\\u007fy"',
      '"name": "p\\u2028q"',
      '"name": "soft\\u00adhyphen"',
      '"name": "tag\\udb40\\udc41"',
    ]);
    expect(JSON.parse(text)).toEqual({ findings: names.map((name) => ({ name })) });
    // Joiners and variation selectors stay as they are (emoji and scripts need them).
    const family = "\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\ufe0f";
    expect(joinChunks(prettyJsonChunks({ name: family }))).toBe(`{\n  "name": "${family}"\n}`);
  });
});

describe("writeWholeFile with pieces", () => {
  it("writes the pieces in order, across the 1 MiB write blocks", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-stream-"));
    try {
      const pieces = Array.from({ length: 3_000 }, (_, index) => `${"x".repeat(1_000)}${index}\n`);
      await writeWholeFile(join(dir, "out.txt"), pieces, "the test file");
      expect(await readFile(join(dir, "out.txt"), "utf8")).toBe(pieces.join(""));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
