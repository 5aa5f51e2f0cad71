/** JSON syntax errors located by line and column, from V8's offsets. */
import { describe, expect, it, vi } from "vitest";
import { jsonSyntaxProblem } from "../../src/model/json-syntax.js";

function problemOf(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonSyntaxProblem(text, error);
  }
  throw new Error("parsed");
}

describe("jsonSyntaxProblem", () => {
  it("turns V8's offset into line and column, and drops it from the reason", () => {
    expect(problemOf('{\n  "a": 1,\n  }')).toEqual({
      line: 3,
      column: 3,
      reason: "Expected double-quoted property name",
    });
    expect(problemOf("[1] x")).toEqual({
      line: 1,
      column: 5,
      reason: "Unexpected non-whitespace character after JSON",
    });
  });

  it("places an unexpected end at the end of the text", () => {
    expect(problemOf('{"a":\n')).toEqual({ line: 2, column: 1, reason: "Unexpected end of JSON input" });
  });
});

describe("jsonSyntaxProblem without V8's offset", () => {
  // Node 20's V8: `Unexpected token 'u', "user,arn…" is not valid JSON`, `"NaN" is not valid JSON`.
  it.each([
    ["user,arn,user_creation_time\nroot,arn:aws:iam::1:root,x\n", 1, 1, "Unexpected token 'u'"],
    ['{\n  "a": u\n}', 2, 8, "Unexpected token 'u'"],
    ["[1,2,]", 1, 6, "Unexpected token ']'"],
    ["trux", 1, 4, "Unexpected token 'x'"],
    ["NaN", 1, 1, "Unexpected token 'N'"],
    ['{\n  "users": [\n    {"name": "a"},\n    {"name": \'b\'}\n  ]\n}', 4, 14, "Unexpected token '''"],
  ])("%j → line %i, column %i: %s", (text, line, column, reason) => {
    expect(problemOf(text)).toEqual({ line, column, reason });
  });

  // The offset comes from where V8's excerpt (10 characters each side of the refused one) lies.
  it.each([
    ["excerpt at the start", 'uu{"a": [1, 2, 3, 4, 5, 6]}', 1, 1, "Unexpected token 'u'"],
    [
      "excerpt in the middle",
      '{\n  "a": 1,\n  "b": [1, 2, 3, 4, 5, 6],\n  "c": u\n}',
      4,
      8,
      "Unexpected token 'u'",
    ],
    ["excerpt at the end", '{"a": [1, 2, 3, 4, 5, 6, 7, 8], "b": x}', 1, 38, "Unexpected token 'x'"],
    [
      "the same excerpt earlier, in a string",
      '{"s": "[1234567, u, 7654321]", "t": [1234567, u, 7654321]}',
      1,
      47,
      "Unexpected token 'u'",
    ],
  ])("%s: %j → line %i, column %i: %s", (_case, text, line, column, reason) => {
    expect(problemOf(text)).toEqual({ line, column, reason });
  });

  it("finds the refused character of a large text from V8's excerpt, without parsing it again", () => {
    const text = `[${'{"user": "a", "keys": [true, false, null, 12]},\n'.repeat(20_000)}{"bad": u}]`;
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (caught) {
      error = caught;
    }
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(jsonSyntaxProblem(text, error)).toEqual({
        line: 20_001,
        column: 9,
        reason: "Unexpected token 'u'",
      });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  // V8 refuses the character after a literal cut short; the error is the literal.
  it.each([
    ['{"c": tru\n}', 1, 7, "Incomplete literal 'tru' (expected true)"],
    ["[nul ]", 1, 2, "Incomplete literal 'nul' (expected null)"],
    ["[f,1]", 1, 2, "Incomplete literal 'f' (expected false)"],
    ['{"a": [1, 2, 3, 4, 5, 6, 7, 8, 9],\n "c": fals}', 2, 7, "Incomplete literal 'fals' (expected false)"],
  ])("%j → line %i, column %i: %s", (text, line, column, reason) => {
    expect(problemOf(text)).toEqual({ line, column, reason });
  });

  it("escapes a refused control character in the reason", () => {
    expect(problemOf("[1,\u0001]")).toEqual({ line: 1, column: 4, reason: "Unexpected token '\\u0001'" });
    expect(problemOf("[1,\n\u001b[31m]")).toEqual({
      line: 2,
      column: 1,
      reason: "Unexpected token '\\u001b'",
    });
  });
});
