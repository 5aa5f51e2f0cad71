/**
 * Issue 16 item 16: mutelist YAML aliases are followed, unknown tags refused, entries that can mute
 * nothing say so; credential report input that is not UTF-8 CSV is named for what it is.
 */
import { describe, expect, it } from "vitest";
import { parseCredentialReportInput } from "../../src/credential-report/input.js";
import { applyMutelist } from "../../src/engine/mute.js";
import { parseMutelist } from "../../src/engine/mutelist.js";
import { decodeUtf8 } from "../../src/model/input-file.js";
import { finding, resultOf } from "../report/fixtures.js";

const RULE = "iam_user_no_access_key_at_setup";
const yaml = (lines: string[]) => `${lines.join("\n")}\n`;

/** A mutelist of one entry for `check` under the account key "*", its field lines as given (in order). */
const oneEntry = (check: string, fields: string[]) =>
  yaml([
    "Mutelist:",
    "  Accounts:",
    '    "*":',
    "      Checks:",
    `        ${check}:`,
    ...fields.map((f) => `          ${f}`),
  ]);

describe("mutelist YAML", () => {
  it("follows aliases: a list defined once and reused mutes in both entries", () => {
    const list = parseMutelist(
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "111122223333":',
        "      Checks:",
        `        ${RULE}:`,
        "          Resources: &bots [ci-*, build-*]",
        "          Reason: bots",
        '    "444455556666":',
        "      Checks:",
        `        ${RULE}:`,
        "          Resources: *bots",
        "          Reason: bots too",
      ]),
      "m.yaml",
    );
    expect(list.entries.map((entry) => entry.resources.map((p) => p.raw))).toEqual([
      ["ci-*", "build-*"],
      ["ci-*", "build-*"],
    ]);
  });

  it("refuses an aliased pattern too long to be one (the trial's 203 KB file, 1,000 uses of a 200,000-character anchor) at once", () => {
    const text = oneEntry('"*"', [
      "Reason: x",
      `Resources: [&r "${"y".repeat(200_000)}", ${Array.from({ length: 1000 }, () => "*r").join(", ")}]`,
    ]);
    const started = Date.now();
    expect(() => parseMutelist(text, "bomb.yaml")).toThrow(
      "invalid mutelist bomb.yaml, line 7, column 26: Accounts.*.Checks.*.Resources: a pattern of 200,000 characters; at most 4,096 (an ARN has at most 2,048)",
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reads 30,000 aliases of one value in linear time (yaml resolves each from the file's start: 98 s)", () => {
    const text = oneEntry(RULE, [
      "Reason: x",
      `Resources: [&s "a", ${Array.from({ length: 30_000 }, () => "*s").join(", ")}]`,
    ]);
    const started = Date.now();
    const list = parseMutelist(text, "many.yaml");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(list.entries[0]?.resources.length).toBe(30_001);
    expect(new Set(list.entries[0]?.resources.map((pattern) => pattern.raw))).toEqual(new Set(["a"]));
  });

  it("refuses a Reason or an Owner over 2,048 characters (each is copied into every finding the entry mutes)", () => {
    const entry = (field: string) =>
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resources: ["*"]',
        field === "Reason" ? `          Reason: ${"r".repeat(2049)}` : "          Reason: ok",
        ...(field === "Owner" ? [`          Owner: ${"o".repeat(4_000_000)}`] : []),
      ]);
    expect(() => parseMutelist(entry("Reason"), "r.yaml")).toThrow(
      `invalid mutelist r.yaml, line 7, column 19: Accounts.*.Checks.${RULE}.Reason has 2,049 characters; at most 2,048 (it is copied into every finding it mutes)`,
    );
    expect(() => parseMutelist(entry("Owner"), "o.yaml")).toThrow(
      `invalid mutelist o.yaml, line 8, column 18: Accounts.*.Checks.${RULE}.Owner has 4,000,000 characters; at most 2,048 (it is copied into every finding it mutes)`,
    );
  });

  it("a wrong value reached through an alias is named where the alias is used, not at its anchor", () => {
    const text = yaml([
      "Mutelist:",
      "  Accounts:",
      '    "*":',
      "      Checks:",
      "        c0:",
      "          Resources: &r0 [a, b]",
      "          Reason: x",
      "        c1:",
      "          Resources: [*r0]",
      "          Reason: x",
    ]);
    expect(() => parseMutelist(text, "alias.yaml")).toThrow(
      "invalid mutelist alias.yaml, line 9, column 23: each item of Accounts.*.Checks.c1.Resources must be non-empty text",
    );
  });

  it("an alias names the latest node before it with its anchor (an anchor may be defined again)", () => {
    const list = parseMutelist(
      oneEntry(RULE, ["Reason: x", 'Resources: [&r "first", *r, &r "second", *r]']),
      "again.yaml",
    );
    expect(list.entries[0]?.resources.map((pattern) => pattern.raw)).toEqual([
      "first",
      "first",
      "second",
      "second",
    ]);
  });

  it("refuses a file taking more than 100,000 values from aliases, at the alias that passes the limit", () => {
    // 1,000 patterns defined once, then used by aliases: the 101st use passes 100,000.
    const patterns = `[${Array.from({ length: 1000 }, (_, i) => `p${i}`).join(", ")}]`;
    const lines = ["Mutelist:", "  Accounts:", '    "*":', "      Checks:"];
    for (let i = 0; i < 102; i++)
      lines.push(
        `        c${i}:`,
        "          Reason: x",
        `          Resources: ${i === 0 ? `&all ${patterns}` : "*all"}`,
      );
    expect(() => parseMutelist(yaml(lines), "laughs.yaml")).toThrow(
      "invalid mutelist laughs.yaml, line 310, column 22: more than 100,000 values taken from aliases: refused (aliases of aliases multiply a few lines into billions of values)",
    );
  });

  it("refuses a tag it does not know (!!js/function) with line and column, never reads it as text", () => {
    expect(() =>
      parseMutelist(oneEntry(RULE, ["Resources: [x]", "Reason: !!js/function 'function () {}'"]), "m.yaml"),
    ).toThrow("invalid mutelist m.yaml, line 7, column 19: Unresolved tag: tag:yaml.org,2002:js/function");
  });

  it("warns about entries that can mute nothing: empty Resources or Regions, Tags where no finding has tags", () => {
    const list = parseMutelist(
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        "          Resources: []",
        "          Reason: a",
        "        iam_user_console_mfa_enabled:",
        '          Resources: ["*"]',
        "          Regions: []",
        "          Reason: b",
        "        iam_user_access_key_rotated:",
        '          Resources: ["*"]',
        '          Tags: ["team=platform"]',
        "          Reason: c",
      ]),
      "m.yaml",
    );
    const out = applyMutelist(resultOf([finding("alice", "FAIL")]), list);
    expect(out.warnings).toEqual([
      `mutelist m.yaml: entry Accounts.*.Checks.${RULE} (line 5) has an empty Resources list: it mutes nothing (["*"] mutes every resource).`,
      'mutelist m.yaml: entry Accounts.*.Checks.iam_user_console_mfa_enabled (line 8) has an empty Regions list: it mutes nothing (leave Regions out, or ["*"], for every region).',
      "mutelist m.yaml: entry Accounts.*.Checks.iam_user_access_key_rotated (line 12) needs Tags, but no finding of this scan carries tags (cloudpatrol reads no resource tags yet): it mutes nothing.",
    ]);
  });
});

describe("credential report input that is not UTF-8 CSV", () => {
  it("invalid UTF-8 is refused with line and column, never replaced silently", () => {
    const bytes = Buffer.concat([
      Buffer.from("user,arn\nal"),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from("ce,x\n"),
    ]);
    expect(() => decodeUtf8(bytes, "r.csv")).toThrow("r.csv, line 2, column 3: not UTF-8 text (byte 0xff)");
  });

  it("UTF-16 is named, with what to do", () => {
    const utf16 = Buffer.from("\ufeffuser,arn\n", "utf16le");
    expect(() => decodeUtf8(utf16, "r.csv")).toThrow(
      "r.csv: UTF-16 text (byte order mark ff fe): save it as UTF-8",
    );
  });

  it("a ;-separated file is named as such", () => {
    expect(() => parseCredentialReportInput("user;arn;user_creation_time\n", { source: "r.csv" })).toThrow(
      "r.csv, line 1: the header is separated by ';', not ',': save the report as comma-separated CSV",
    );
  });

  it("binary input is not echoed into the message", () => {
    const binary = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect(() => decodeUtf8(binary, "r.zip")).toThrow(
      "r.zip: binary data (a NUL byte at line 1, column 6), not a text file",
    );
  });
});
