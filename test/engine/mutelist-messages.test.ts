/**
 * Mutelist messages that must not mislead: long patterns quoted cut short, `/regex/flags` named, both
 * top-level keys named, and YAML nested too deeply told as such (not as a stack overflow).
 */
import { describe, expect, it } from "vitest";
import { applyMutelist } from "../../src/engine/mute.js";
import { MutelistFormatError, parseMutelist } from "../../src/engine/mutelist.js";
import { finding, resultOf } from "../report/fixtures.js";

const RULE = "iam_user_no_access_key_at_setup";

function entry(resources: string): string {
  return [
    "Mutelist:",
    "  Accounts:",
    '    "*":',
    "      Checks:",
    `        ${RULE}:`,
    `          Resources: ${resources}`,
    "          Reason: r",
    "",
  ].join("\n");
}

function parseError(text: string): string {
  try {
    parseMutelist(text, "m.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(MutelistFormatError);
    return (error as Error).message;
  }
  throw new Error("parsed");
}

const findings = [finding("build-bot-7", "FAIL"), finding("alice", "FAIL")];

describe("mutelist warnings quote long patterns cut short", () => {
  it("a 4,096-character regex-looking pattern (the longest a pattern may be): 120 characters, … and its length", () => {
    const pattern = `^${"a".repeat(4095)}`;
    const result = applyMutelist(resultOf(findings), parseMutelist(entry(`["${pattern}"]`), "p.yaml"));
    expect(result.warnings).toEqual([
      `mutelist p.yaml: entry Accounts.*.Checks.${RULE} (line 5) has "^${"a".repeat(119)}…" (4096 characters), written like a regular expression; cloudpatrol reads it as a * glob matching the whole value (write /.../ for a regular expression).`,
    ]);
    expect(Math.max(...result.warnings.map((warning) => warning.length))).toBeLessThan(400);
  });

  it("a long check key is cut in each entry's label", () => {
    const check = `iam_${"b".repeat(2000)}`;
    const text = [
      "Mutelist:",
      "  Accounts:",
      '    "*":',
      "      Checks:",
      `        ? "${check}"`,
      "        : Resources: []",
      "          Reason: r",
      "",
    ].join("\n");
    expect(applyMutelist(resultOf(findings), parseMutelist(text, "p.yaml")).warnings).toEqual([
      `mutelist p.yaml: 1 check name no rule cloudpatrol implements and mute nothing: ${check.slice(0, 120)}… (2004 characters).`,
      `mutelist p.yaml: entry Accounts.*.Checks.${check.slice(0, 120)}… (2004 characters) (line 5) has an empty Resources list: it mutes nothing (["*"] mutes every resource).`,
    ]);
  });
});

describe("Prowler's unanchored matches", () => {
  it("the resources a pattern no longer mutes: the first 10, then how many more", () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      finding(`ci-deploy-${String(i).padStart(2, "0")}`, "FAIL"),
    );
    const result = applyMutelist(resultOf(many), parseMutelist(entry('["deploy"]'), "p.yaml"));
    const names = Array.from({ length: 10 }, (_, i) => `ci-deploy-${String(i).padStart(2, "0")}`).join(", ");
    expect(result.warnings).toEqual([
      `mutelist p.yaml: entry Accounts.*.Checks.${RULE} (line 5) resource "deploy" relied on Prowler's unanchored regular expressions and does not mute ${names} and 15 more: cloudpatrol matches the whole value with * globs; write "*name*" or /regex/ to match as before.`,
    ]);
  });
});

describe("a /regex/ with flags is a glob, and the warning says what to write", () => {
  it.for([
    ["/BUILD-BOT/i", "/(?i)BUILD-BOT/", " (RE2's inline flags)"],
    ["/^build-bot-\\d$/gim", "/(?im)^build-bot-\\d$/", " (RE2's inline flags)"],
    ["/build-bot/g", "/build-bot/", ""],
  ])("%s → %s", ([pattern, rewrite, note]) => {
    const result = applyMutelist(
      resultOf(findings),
      parseMutelist(entry(JSON.stringify([pattern])), "p.yaml"),
    );
    expect(result.findings.filter((f) => f.muted)).toEqual([]);
    expect(result.warnings).toEqual([
      `mutelist p.yaml: entry Accounts.*.Checks.${RULE} (line 5) has ${JSON.stringify(pattern)} (line 6, column 23), a regular expression with flags after it: cloudpatrol takes no flags there and reads it as a * glob matching only that text; write ${JSON.stringify(rewrite)} instead${note}.`,
    ]);
    // What the warning says to write mutes what the flags meant, with no warning.
    const rewritten = applyMutelist(
      resultOf(findings),
      parseMutelist(entry(JSON.stringify([rewrite])), "p.yaml"),
    );
    expect(rewritten.findings.filter((f) => f.muted).map((f) => f.resourceName)).toEqual(["build-bot-7"]);
    expect(rewritten.warnings).toEqual([]);
  });

  it("names each pattern's own line and column: in a block list, in Tags and Exceptions, and where an anchored list is written", () => {
    const text = [
      "Mutelist:",
      "  Accounts:",
      '    "*":',
      "      Checks:",
      `        ${RULE}:`,
      "          Resources:",
      '            - "alice"',
      "            - /BUILD-BOT/i",
      "          Tags:",
      "            - team=x|/owner=bob/m",
      "          Exceptions:",
      "            Resources: &flagged [a, /x/s]",
      "          Reason: r",
      "        iam_user_mfa_enabled_console_access:",
      "          Resources: *flagged",
      "          Reason: r",
      "",
    ].join("\n");
    const warnings = applyMutelist(resultOf(findings), parseMutelist(text, "p.yaml")).warnings.filter((w) =>
      w.includes("with flags"),
    );
    const flags = (entryLine: number, pattern: string, where: string, rewrite: string) =>
      `mutelist p.yaml: entry Accounts.*.Checks.${entryLine === 5 ? RULE : "iam_user_mfa_enabled_console_access"} (line ${entryLine}) has ${JSON.stringify(pattern)} (${where}), a regular expression with flags after it: cloudpatrol takes no flags there and reads it as a * glob matching only that text; write ${JSON.stringify(rewrite)} instead${rewrite.startsWith("/(?") ? " (RE2's inline flags)" : ""}.`;
    expect(warnings).toEqual([
      flags(5, "/BUILD-BOT/i", "line 8, column 15", "/(?i)BUILD-BOT/"),
      flags(5, "/x/s", "line 12, column 37", "/x/"),
      flags(5, "/owner=bob/m", "line 10, column 15", "/(?m)owner=bob/"),
      // The aliased list's pattern: where it is written (the entry names where it is used).
      flags(14, "/x/s", "line 12, column 37", "/x/"),
    ]);
  });

  it("a glob with slashes that is no regex with flags is left alone", () => {
    const result = applyMutelist(resultOf(findings), parseMutelist(entry('["/team/*", "/x/ab1"]'), "p.yaml"));
    expect(result.warnings).toEqual([]);
  });
});

describe("top-level keys", () => {
  it.for([
    ["Allowlist: {}\nMutelist:\n  Accounts: {}\n", "line 2, column 1"],
    ["Mutelist:\n  Accounts: {}\nAllowlist: {}\n", "line 3, column 1"],
  ])("both Allowlist and Mutelist are named as such (%#)", ([text, where]) => {
    expect(parseError(text as string)).toBe(
      `invalid mutelist m.yaml, ${where}: both Allowlist and Mutelist at the top level: keep one (Mutelist; Allowlist is its older name in Prowler files)`,
    );
  });

  it("another key beside Allowlist names Allowlist as the expected key", () => {
    expect(parseError("Allowlist: {}\nExtra: 1\n")).toBe(
      'invalid mutelist m.yaml, line 2, column 1: unknown top-level key "Extra"; expected Allowlist',
    );
  });
});

describe("YAML nested too deeply", () => {
  it.for([["[".repeat(100_000)], [`${"[".repeat(100_000)}${"]".repeat(100_000)}`]])(
    "is told with line and column, not as a stack overflow (%#)",
    ([nested]) => {
      const message = parseError(entry(nested as string));
      expect(message).toMatch(
        /^invalid mutelist m\.yaml, line 6, column \d+: nested too deeply: more levels of \[ \], \{ \} or indentation than the YAML reader can follow \(a mutelist needs fewer than 10\)$/,
      );
      expect(message).not.toContain("call stack");
    },
  );
});

describe("a file of several YAML documents", () => {
  const SECOND =
    "a second YAML document starts here: a mutelist is one document (a line --- starts a document, a line ... ends one); keep one";
  it.for([
    ["Mutelist:\n  Accounts: {}\n---\nMutelist:\n  Accounts: {}\n---\nx: 1\n", "line 3, column 1"],
    ["---\nMutelist:\n  Accounts: {}\n---\nx: 1\n", "line 4, column 1"],
    ["# header\n---\nMutelist:\n  Accounts: {}\n--- !!map\nx: 1\n", "line 5, column 1"],
    // After a ... that ends the first document, the second starts at its first line.
    ["Mutelist:\n  Accounts: {}\n...\nx: 1\n", "line 4, column 1"],
    [`${entry('["*"]')}---\n`, "line 8, column 1"],
  ])("is told in our words, at the second document's start (%#)", ([text, where]) => {
    expect(parseError(text as string)).toBe(`invalid mutelist m.yaml, ${where}: ${SECOND}`);
  });

  it("one document between --- and ... is a mutelist", () => {
    expect(parseMutelist(`---\n${entry('["*"]')}...\n# end\n`, "m.yaml").entries).toHaveLength(1);
  });
});
