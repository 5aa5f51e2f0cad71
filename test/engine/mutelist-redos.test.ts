/**
 * Issue 16 item 6: user-supplied mutelist patterns run on a linear-time engine (RE2 semantics, re2js),
 * so no pattern hangs a scan; patterns are compiled once per file, so 100,000 entries stay fast.
 *
 * The hostile matches run in a child process with a time limit: a catastrophic backtracking regex
 * would otherwise block the test runner itself, beyond any vitest timeout.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { applyMutelist } from "../../src/engine/mute.js";
import { MutelistFormatError, parseMutelist } from "../../src/engine/mutelist.js";
import { finding, resultOf } from "../report/fixtures.js";

const ROOT = join(import.meta.dirname, "../..");
const RULE = "iam_user_no_access_key_at_setup";

function entryFile(resources: string[]): string {
  return [
    "Mutelist:",
    "  Accounts:",
    '    "*":',
    "      Checks:",
    `        ${RULE}:`,
    `          Resources: ${JSON.stringify(resources)}`,
    "          Reason: r",
    "",
  ].join("\n");
}

/** Mutes one finding named `name` with `resources` in a child process; its stdout, or "timeout". */
async function muteInChild(resources: string[], name: string): Promise<string> {
  const script = `
    import { applyMutelist } from "./src/engine/mute.ts";
    import { mutelistWarnings, parseMutelist } from "./src/engine/mutelist.ts";
    import { finding, resultOf } from "./test/report/fixtures.ts";
    const list = parseMutelist(${JSON.stringify(entryFile(resources))}, "m.yaml");
    const out = applyMutelist(resultOf([finding(${JSON.stringify(name)}, "FAIL")]), list);
    console.log(JSON.stringify({ muted: out.findings.map((f) => f.muted), warnings: mutelistWarnings(list).length }));
  `;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, timeout: 20_000 },
    );
    return stdout.trim();
  } catch (error) {
    if ((error as { killed?: boolean }).killed) return "timeout";
    throw error;
  }
}

describe("mutelist patterns cannot hang a scan", () => {
  const name = `${"a".repeat(40)}!`;
  it("/^(a+)+b$/ against a 41-character name answers at once: not muted", async () => {
    expect(await muteInChild(["/^(a+)+b$/"], name)).toBe('{"muted":[false],"warnings":0}');
  }, 30_000);

  it("the glob (a+)+b, which the Prowler-compatibility check runs as a regex, answers at once", async () => {
    expect(await muteInChild(["(a+)+b"], name)).toBe('{"muted":[false],"warnings":1}');
  }, 30_000);

  it("a /regex/ that needs backtracking (backreference, lookahead) is refused with line and column", () => {
    for (const pattern of ["/(a)\\1/", "/a(?=b)/"]) {
      const error = (() => {
        try {
          parseMutelist(entryFile([pattern]), "m.yaml");
        } catch (caught) {
          return caught as MutelistFormatError;
        }
        throw new Error("expected a MutelistFormatError");
      })();
      expect(error).toBeInstanceOf(MutelistFormatError);
      expect([error.line, error.column]).toEqual([6, 23]);
      expect(error.message).toMatch(
        new RegExp(
          `^invalid mutelist m\\.yaml, line 6, column 23: Accounts\\.\\*\\.Checks\\.${RULE}\\.Resources: ${pattern.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")} is not a regular expression cloudpatrol can run \\(RE2 syntax, linear time: no backreferences or lookaround\\): `,
        ),
      );
    }
  });
});

describe("a mutelist of 100,000 entries", () => {
  it("parses and mutes 1,000 findings in seconds, with the same verdicts", () => {
    const lines = ["Mutelist:", "  Accounts:"];
    for (let account = 0; account < 100; account++) {
      lines.push(`    "${String(100000000000 + account)}":`, "      Checks:");
      for (let check = 0; check < 1000; check++) {
        lines.push(
          `        rule_${check}:`,
          `          Resources: ["user-${check}", "/^svc-${check}-[0-9]+$/"]`,
          "          Reason: r",
        );
      }
    }
    lines.push(
      '    "111122223333":',
      "      Checks:",
      `        ${RULE}:`,
      '          Resources: ["user-7*"]',
    );
    lines.push("          Reason: accepted");
    const findings = Array.from({ length: 1000 }, (_, index) => finding(`user-${index}`, "FAIL"));
    const started = performance.now();
    const list = parseMutelist(`${lines.join("\n")}\n`, "big.yaml");
    const parsed = performance.now();
    const out = applyMutelist(resultOf(findings), list);
    const muted = performance.now();
    expect(list.entries.length).toBe(100_001);
    expect(out.findings.filter((f) => f.muted).length).toBe(111); // user-7, user-70..79, user-700..799
    console.log(
      `mutelist of 100,001 entries: parse ${Math.round(parsed - started)} ms, mute 1,000 findings ${Math.round(muted - parsed)} ms`,
    );
    expect(muted - parsed).toBeLessThan(5_000);
  }, 120_000);
});
