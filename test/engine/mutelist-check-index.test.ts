import { describe, expect, it } from "vitest";
import { checkMatcher, mutelistWarnings, parseMutelist } from "../../src/engine/mutelist.js";
import { CheckIndex, regexBody } from "../../src/engine/mutelist-check-index.js";

/** Entries whose checkMatches counts its calls. */
function counted(checks: readonly string[]) {
  let calls = 0;
  const entries = checks.map((check) => {
    const matches = checkMatcher(check);
    return {
      check,
      checkMatches: (ruleId: string) => {
        calls += 1;
        return matches(ruleId);
      },
    };
  });
  return { entries, calls: () => calls };
}

const RULE = "iam_user_no_access_key_at_setup";
const ALIAS = "iam_user_no_setup_initial_access_key";

describe("mutelist check-key index", () => {
  it("finds the entries naming a rule in file order: exact id, alias, globs, /regex/ and *", () => {
    const checks = [
      "iam_user_mfa_enabled", // another rule
      `${ALIAS}`, // the rule's Prowler alias
      "iam_user_*", // glob
      "/^iam_.*setup$/", // regex: no prefix, always tested
      "iam_user_no_access_key_at_setup_extra", // longer than the id: cannot match
      "s3_*", // another prefix
      "*", // every rule
      RULE, // exact
      "iam_*_setup", // glob with an inner star
      "IAM_USER_*", // case differs: no match
    ];
    const { entries } = counted(checks);
    const index = new CheckIndex(entries);
    expect(index.entriesNaming(RULE, [RULE, ALIAS]).map((entry) => entry.check)).toEqual([
      ALIAS,
      "iam_user_*",
      "/^iam_.*setup$/",
      "*",
      RULE,
      "iam_*_setup",
    ]);
    // The same as testing every entry.
    expect(entries.filter((entry) => entry.checkMatches(RULE)).map((entry) => entry.check)).toEqual(
      index.entriesNaming(RULE, [RULE, ALIAS]).map((entry) => entry.check),
    );
  });

  it("tests only the entries whose check key can name the rule, not the whole file", () => {
    const checks = Array.from({ length: 10_000 }, (_, i) => `rule_${i}_*`);
    checks.push("*", "/^iam_/", `${RULE.slice(0, 8)}*`);
    const { entries, calls } = counted(checks);
    const index = new CheckIndex(entries);
    expect(index.entriesNaming(RULE, [RULE]).map((entry) => entry.check)).toEqual([
      "*",
      "/^iam_/",
      "iam_user*",
    ]);
    // "*", the /regex/ and "iam_user*": three tests of 10,003 entries.
    expect(calls()).toBe(3);
  });

  it("reads /regex/ check keys as written", () => {
    expect(regexBody("/^a.*$/")).toBe("^a.*$");
    expect(regexBody("/a\nb/")).toBe("a\nb");
    expect(regexBody("//")).toBeUndefined();
    expect(regexBody("iam_*")).toBeUndefined();
  });

  it("warns about the check keys of a long file that name no rule, and only those", () => {
    const lines = ["Mutelist:", "  Accounts:", '    "*":', "      Checks:"];
    for (let i = 0; i < 3000; i++)
      lines.push(`        rule_${i}_*:`, '          Resources: ["x"]', "          Reason: r");
    lines.push(`        ${ALIAS}:`, '          Resources: ["x"]', "          Reason: r");
    lines.push('        "iam_*":', '          Resources: ["x"]', "          Reason: r");
    const warnings = mutelistWarnings(parseMutelist(`${lines.join("\n")}\n`, "big.yaml"));
    expect(warnings).toEqual([
      "mutelist big.yaml: 3000 checks name no rule cloudpatrol implements and mute nothing: rule_0_*, rule_1_*, rule_2_*, rule_3_*, rule_4_*, rule_5_*, rule_6_*, rule_7_*, rule_8_*, rule_9_*, ....",
    ]);
  });
});
