/** JSON syntax errors located by line and column, from V8's offsets. */
import { describe, expect, it } from "vitest";
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
});
