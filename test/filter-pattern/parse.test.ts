import { describe, expect, it } from "vitest";
import { parseFilterPattern } from "../../src/filter-pattern/index.js";

const sel = (text: string, ...path: (string | number)[]) => ({ path, text });
const str = (text: string, quoted = false) => ({ kind: "string", text, quoted });

function ast(pattern: string) {
  const result = parseFilterPattern(pattern);
  if (!result.ok) throw new Error(result.error.message);
  return result.expression;
}

function error(pattern: string) {
  const result = parseFilterPattern(pattern);
  if (result.ok) throw new Error(`parsed: ${pattern}`);
  return result.error;
}

describe("parseFilterPattern: regular expressions", () => {
  it("reads %…% as one regular-expression value, | and = inside it included", () => {
    expect(ast("{ $.eventName = %CreateTrail|UpdateTrail|DeleteTrail% }")).toEqual({
      kind: "compare",
      selector: sel("$.eventName", "eventName"),
      op: "=",
      value: { kind: "regex", text: "CreateTrail|UpdateTrail|DeleteTrail" },
    });
    expect(ast("{ $.userIdentity.type != %^Root$% && $.a = %x=y{2}% }")).toEqual({
      kind: "and",
      operands: [
        {
          kind: "compare",
          selector: sel("$.userIdentity.type", "userIdentity", "type"),
          op: "!=",
          value: { kind: "regex", text: "^Root$" },
        },
        { kind: "compare", selector: sel("$.a", "a"), op: "=", value: { kind: "regex", text: "x=y{2}" } },
      ],
    });
  });
  it("leaves a quoted %…% a string", () => {
    expect(ast('{ $.a = "%abc%" }')).toEqual({
      kind: "compare",
      selector: sel("$.a", "a"),
      op: "=",
      value: str("%abc%", true),
    });
  });
});

describe("parseFilterPattern: trees", () => {
  it("parses one comparison, quoted or not", () => {
    expect(ast('{ $.eventName = "ConsoleLogin" }')).toEqual({
      kind: "compare",
      selector: sel("$.eventName", "eventName"),
      op: "=",
      value: str("ConsoleLogin", true),
    });
    expect(ast("{$.eventName=ConsoleLogin}")).toEqual({
      kind: "compare",
      selector: sel("$.eventName", "eventName"),
      op: "=",
      value: str("ConsoleLogin"),
    });
  });

  it("parses nested selectors and array indexes", () => {
    expect(ast("{ $.objectList[1].id = 2 }")).toEqual({
      kind: "compare",
      selector: sel("$.objectList[1].id", "objectList", 1, "id"),
      op: "=",
      value: { kind: "number", value: 2, text: "2" },
    });
    expect(ast("{ $.coordinates[0][1] != x-y_z }")).toEqual({
      kind: "compare",
      selector: sel("$.coordinates[0][1]", "coordinates", 0, 1),
      op: "!=",
      value: str("x-y_z"),
    });
  });

  it("parses numeric comparisons with signs, decimals and exponents", () => {
    const ops = ["<", "<=", ">", ">=", "=", "!="] as const;
    for (const op of ops)
      expect(ast(`{ $.latency ${op} +1000 }`)).toEqual({
        kind: "compare",
        selector: sel("$.latency", "latency"),
        op,
        value: { kind: "number", value: 1000, text: "+1000" },
      });
    expect(ast("{ $.n < 10e-3 }")).toMatchObject({ value: { kind: "number", value: 0.01, text: "10e-3" } });
    expect(ast("{ $.n <= 55.5 }")).toMatchObject({ value: { kind: "number", value: 55.5 } });
  });

  it("parses IS NULL, NOT EXISTS, IS TRUE and IS FALSE", () => {
    expect(ast("{ $.SomeObject IS NULL }")).toEqual({
      kind: "test",
      selector: sel("$.SomeObject", "SomeObject"),
      test: "IS NULL",
    });
    expect(ast("{ $.userIdentity.invokedBy NOT EXISTS }")).toEqual({
      kind: "test",
      selector: sel("$.userIdentity.invokedBy", "userIdentity", "invokedBy"),
      test: "NOT EXISTS",
    });
    expect(ast("{ $.ThisFlag IS TRUE }")).toMatchObject({ test: "IS TRUE" });
    expect(ast("{ $.ThisFlag IS FALSE }")).toMatchObject({ test: "IS FALSE" });
  });

  it("gives && precedence over || and flattens chains; parentheses leave no node", () => {
    const a = { kind: "compare", selector: sel("$.a", "a"), op: "=", value: str("1x") };
    const b = { kind: "compare", selector: sel("$.b", "b"), op: "=", value: str("2x") };
    const c = { kind: "compare", selector: sel("$.c", "c"), op: "=", value: str("3x") };
    expect(ast("{ $.a = 1x || $.b = 2x && $.c = 3x }")).toEqual({
      kind: "or",
      operands: [a, { kind: "and", operands: [b, c] }],
    });
    expect(ast("{ ($.a = 1x || $.b = 2x) && $.c = 3x }")).toEqual({
      kind: "and",
      operands: [{ kind: "or", operands: [a, b] }, c],
    });
    expect(ast("{ (($.a = 1x) && ($.b = 2x)) && ((($.c = 3x))) }")).toEqual({
      kind: "and",
      operands: [a, b, c],
    });
    expect(ast("{ $.a = 1x || ($.b = 2x || $.c = 3x) }")).toEqual({ kind: "or", operands: [a, b, c] });
  });

  it("keeps wildcards and escapes in values", () => {
    expect(ast('{ $.errorCode = "*UnauthorizedOperation" }')).toMatchObject({
      value: str("*UnauthorizedOperation", true),
    });
    expect(ast("{ $.sourceIPAddress != 123.123.* }")).toMatchObject({ op: "!=", value: str("123.123.*") });
    expect(ast('{ $.m = "say \\"hi\\" \\\\ there" }')).toMatchObject({
      value: str('say "hi" \\ there', true),
    });
    expect(ast('{ $.errorMessage = "Failed authentication" }')).toMatchObject({
      value: str("Failed authentication", true),
    });
  });

  it("accepts newlines and tabs as whitespace", () => {
    expect(ast("{\n\t$.eventName\t=\nCreateTrail\n}")).toMatchObject({ value: str("CreateTrail") });
  });
});

describe("parseFilterPattern: errors name the position and the expected tokens", () => {
  it.each([
    ["ERROR", 0, ["{"], '"ERROR" (only JSON filter patterns, in braces, are judged)'],
    ["", 0, ["{"], "end of pattern (only JSON filter patterns, in braces, are judged)"],
    ["{ $.a = b", 9, ["&&", "||", "}"], "end of pattern"],
    ["{ $.a == b }", 7, ["a value"], '"="'],
    ["{ $.a = b c }", 10, ["&&", "||", "}"], '"c"'],
    ["{ $.a = b } x", 12, ["end of pattern"], '"x"'],
    ["{ $.a & $.b }", 6, ["&&"], '"& "'],
    ["{ $.a | b }", 6, ["||"], '"| "'],
    ["{ $.a ! b }", 6, ["!="], '"! "'],
    ["{ ($.a = b }", 11, ["&&", "||", ")"], '"}"'],
    ["{ $.a = b) }", 9, ["&&", "||", "}"], '")"'],
    ["{ eventName = b }", 2, ["(", "a selector ($.field)"], '"eventName"'],
    ["{ $eventName = b }", 3, ["."], '"e"'],
    ["{ $. = b }", 4, ["a property name"], '"end of selector"'],
    ["{ $[0] = b }", 3, ["."], '"["'],
    ["{ $.a[x] = b }", 6, ["an array index"], '"x"'],
    ["{ $.a[1 = b }", 7, ["]"], '"end of selector"'],
    ["{ $.a > abc }", 8, ["a number"], '"abc"'],
    ['{ $.a < "5" }', 8, ["a number"], '"\\"5\\""'],
    ["{ $.a IS EMPTY }", 9, ["NULL", "TRUE", "FALSE"], '"EMPTY"'],
    ["{ $.a NOT THERE }", 10, ["EXISTS"], '"THERE"'],
    ["{ $.a }", 6, ["=", "!=", "<", "<=", ">", ">=", "IS", "NOT"], '"}"'],
    ["{ $.a = }", 8, ["a value"], '"}"'],
    ['{ $.a = "open }', 15, ['the closing "'], "end of pattern"],
    ["{ $.a = %abc }", 14, ["the closing %"], "end of pattern"],
    ["{ $.a > %5% }", 8, ["a number"], '"%5%"'],
    ["{ %abc% = b }", 2, ["(", "a selector ($.field)"], '"%abc%"'],
    ["{ }", 2, ["(", "a selector ($.field)"], '"}"'],
    ["{ $.a = b && }", 13, ["(", "a selector ($.field)"], '"}"'],
    ["[ip, user, status=404]", 0, ["{"], '"[ip," (only JSON filter patterns, in braces, are judged)'],
  ])("%j → at %i", (pattern, position, expected, found) => {
    expect(error(pattern)).toMatchObject({ position, expected, found });
  });

  it("writes one sentence with the position, the expected tokens and what was found", () => {
    expect(error("{ $.a = %abc }").message).toBe("at 14: expected the closing % but found end of pattern");
    expect(error("{ $.a = b c }").message).toBe('at 10: expected "&&", "||", "}" but found "c"');
  });

  it("refuses patterns longer than the 1024 characters PutMetricFilter allows", () => {
    const long = `{ ${Array.from({ length: 60 }, (_, i) => `$.eventName = Name${i}`).join(" || ")} }`;
    expect(long.length).toBeGreaterThan(1024);
    expect(error(long)).toMatchObject({ position: 1024, expected: ["at most 1024 characters"] });
  });
});
