import { describe, expect, it } from "vitest";
import {
  conditionImplies,
  coveringTerm,
  MAX_TERMS,
  parseFilterPattern,
  type Term,
  TooManyTermsError,
  termText,
  toTerms,
  wildcardContains,
  wildcardValue,
} from "../../src/filter-pattern/index.js";

function terms(pattern: string): Term[] {
  const result = parseFilterPattern(pattern);
  if (!result.ok) throw new Error(result.error.message);
  return toTerms(result.expression);
}

const texts = (pattern: string) => terms(pattern).map(termText);

describe("toTerms: OR of AND-terms", () => {
  it("distributes && over ||", () => {
    expect(texts("{ ($.a = x || $.b = y) && $.c != z }")).toEqual([
      '$.a = "x" && $.c != "z"',
      '$.b = "y" && $.c != "z"',
    ]);
    expect(texts("{ ($.a = 1 || $.a = 2) && ($.b IS NULL || $.c NOT EXISTS) }")).toEqual([
      "$.a = 1 && $.b IS NULL",
      "$.a = 1 && $.c NOT EXISTS",
      "$.a = 2 && $.b IS NULL",
      "$.a = 2 && $.c NOT EXISTS",
    ]);
  });

  it("gives the same terms for spacing, quoting and parentheses", () => {
    const a = texts(
      "{ ($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
    );
    const b = texts(
      '{$.eventSource="kms.amazonaws.com"&&($.eventName="DisableKey"||$.eventName="ScheduleKeyDeletion")}',
    );
    expect(a).toEqual(b);
    expect(a).toEqual([
      '$.eventSource = "kms.amazonaws.com" && $.eventName = "DisableKey"',
      '$.eventSource = "kms.amazonaws.com" && $.eventName = "ScheduleKeyDeletion"',
    ]);
  });

  it("refuses a pattern that expands past MAX_TERMS terms", () => {
    const factor = "($.a = 1 || $.a = 2 || $.a = 3 || $.a = 4)";
    const pattern = `{ ${Array.from({ length: 7 }, () => factor).join(" && ")} }`;
    expect(4 ** 7).toBeGreaterThan(MAX_TERMS);
    const result = parseFilterPattern(pattern);
    if (!result.ok) throw new Error(result.error.message);
    expect(() => toTerms(result.expression)).toThrow(TooManyTermsError);
  });
});

describe("wildcardContains", () => {
  it.each([
    ["AccessDenied*", "AccessDenied", true],
    ["AccessDenied*", "AccessDeniedException", true],
    ["AccessDenied*", "*AccessDenied", false],
    ["*UnauthorizedOperation", "Client.UnauthorizedOperation", true],
    ["*Unauthorized*", "*UnauthorizedOperation", true],
    ["*UnauthorizedOperation", "*Unauthorized*", false],
    ["*", "anything*", true],
    ["exact", "exact", true],
    ["exact", "exact*", false],
    ["Ev*ent", "Ev*ent", true],
    ["Ev*ent", "Event", false],
  ])("%s ⊇ %s: %s", (outer, inner, expected) => {
    expect(wildcardContains(wildcardValue(outer), wildcardValue(inner))).toBe(expected);
  });
});

describe("conditionImplies and coveringTerm", () => {
  const one = (pattern: string) => {
    const [term] = terms(pattern);
    return (term as Term)[0] as Term[number];
  };

  it.each([
    ["{ $.a = AccessDenied }", "{ $.a = AccessDenied* }", true],
    ["{ $.a = AccessDenied* }", "{ $.a = AccessDenied }", false],
    ["{ $.a = HeadObject }", "{ $.a != HeadBucket }", true],
    ["{ $.a = HeadBucket }", "{ $.a != HeadBucket }", false],
    ["{ $.a = Head* }", "{ $.a != HeadBucket }", false],
    ["{ $.a != Head* }", "{ $.a != HeadBucket }", true],
    ["{ $.a != HeadBucket }", "{ $.a != Head* }", false],
    ["{ $.a = 5 }", "{ $.a > 4 }", true],
    ["{ $.a = 5 }", "{ $.a < 5 }", false],
    ["{ $.a >= 5 }", "{ $.a >= 5 }", true],
    ["{ $.a NOT EXISTS }", "{ $.a NOT EXISTS }", true],
    ["{ $.a NOT EXISTS }", "{ $.a IS NULL }", false],
    ["{ $.a = x }", "{ $.b = x }", false],
    ["{ $.a[0] = x }", "{ $.a[0] = * }", true],
    ['{ $.a = "x" }', "{ $.a = x }", true],
  ])("%s ⇒ %s: %s", (given, wanted, expected) => {
    expect(conditionImplies(one(given), one(wanted))).toBe(expected);
  });

  it("finds the term of a broader pattern that covers a required term", () => {
    const filter = terms(
      "{ $.eventName = CreateTrail || $.eventName = UpdateTrail || $.eventName = Delete* }",
    );
    const [required] = terms("{ $.eventSource = cloudtrail.amazonaws.com && $.eventName = DeleteTrail }");
    expect(termText(coveringTerm(filter, required as Term) as Term)).toBe('$.eventName = "Delete*"');
    const [missing] = terms("{ $.eventName = StopLogging }");
    expect(coveringTerm(filter, missing as Term)).toBeUndefined();
  });

  it("a narrower filter term (an extra condition) does not cover", () => {
    const filter = terms("{ $.eventName = ConsoleLogin && $.userIdentity.type = IAMUser }");
    const [required] = terms("{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != Yes }");
    expect(coveringTerm(filter, required as Term)).toBeUndefined();
  });
});
