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
