/**
 * The mutelist: Prowler layout, aliases, globs and /regex/, tags, exceptions, reason/owner/expiry,
 * warnings, exit codes, and exact positions of errors.
 */
import { describe, expect, it } from "vitest";
import { applyMutelist } from "../../src/engine/mute.js";
import { MutelistFormatError, parseMutelist } from "../../src/engine/mutelist.js";
import { exitCodeFor } from "../../src/engine/summary.js";
import { exampleScan, finding, resultOf } from "../report/fixtures.js";

const RULE = "iam_user_no_access_key_at_setup";

function yaml(lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

describe("applyMutelist on the bundled example", () => {
  it("a Prowler-format file muting iam_user_no_setup_initial_access_key for one user mutes exactly that finding", async () => {
    const result = await exampleScan();
    const mutelist = parseMutelist(
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "210987654321":',
        "      Checks:",
        "        iam_user_no_setup_initial_access_key:",
        '          Regions: ["*"]',
        '          Resources: ["margaret.hamilton"]',
        "          Reason: Key for the Apollo guidance job, rotated by Vault",
        "          Owner: platform@example.com",
        "          Expires: 2099-12-31",
      ]),
      "mutelist.yaml",
    );
    const muted = applyMutelist(result, mutelist);
    const mutedFindings = muted.findings.filter((f) => f.muted);
    expect(mutedFindings.map((f) => [f.resourceName, f.status])).toEqual([
      ["margaret.hamilton access key 2", "FAIL"],
    ]);
    expect(mutedFindings[0]?.mute).toEqual({
      reason: "Key for the Apollo guidance job, rotated by Vault",
      owner: "platform@example.com",
      expires: "2099-12-31",
      entry: "210987654321/iam_user_no_setup_initial_access_key",
    });
    expect(muted.summary).toEqual({ PASS: 4, FAIL: 5, MANUAL: 0, ERROR: 0, muted: 1, total: 9 });
    expect(muted.warnings).toEqual(result.warnings);
    // The original result is untouched.
    expect(result.findings.some((f) => f.muted)).toBe(false);
  });

  it("an expired entry does not mute and warns", async () => {
    const result = await exampleScan();
    const mutelist = parseMutelist(
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resources: ["margaret.hamilton"]',
        "          Reason: temporary",
        "          Expires: 2020-01-31",
      ]),
      "m.yaml",
    );
    const muted = applyMutelist(result, mutelist);
    expect(muted.findings.filter((f) => f.muted)).toEqual([]);
    expect(muted.warnings.at(-1)).toBe(
      `mutelist m.yaml: entry Accounts.*.Checks.${RULE} (line 5) expired on 2020-01-31 and no longer mutes anything (1 finding it covers now count again).`,
    );
  });

  it("muting all FAILs turns exit 3 into 0", async () => {
    const result = await exampleScan();
    expect(exitCodeFor(result.findings, "informational")).toBe(3);
    const mutelist = parseMutelist(
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        '        "*":',
        '          Resources: ["*"]',
        "          Reason: all accepted",
      ]),
    );
    const muted = applyMutelist(result, mutelist);
    expect(muted.summary.muted).toBe(9);
    expect(muted.findings.map((f) => f.status).filter((s) => s === "FAIL")).toHaveLength(5);
    expect(exitCodeFor(muted.findings, "informational")).toBe(0);
  });

  it("an unquoted account id with a leading zero is read as written, not as the number YAML makes of it", () => {
    const zeroAccount = "012345678901";
    const result = resultOf([finding("alice", "FAIL", { accountId: zeroAccount })]);
    const mutelist = parseMutelist(
      yaml([
        "Mutelist:",
        "  Accounts:",
        `    ${zeroAccount}:`,
        "      Checks:",
        '        "*":',
        '          Resources: ["*"]',
        "          Reason: sandbox account",
      ]),
    );
    const muted = applyMutelist(result, mutelist);
    expect(muted.findings.map((f) => [f.accountId, f.muted, f.mute?.entry])).toEqual([
      [zeroAccount, true, `${zeroAccount}/*`],
    ]);
  });
});

describe("matching", () => {
  const findings = [
    finding("ci-deploy", "FAIL", { tags: { team: "platform", env: "prod" } }),
    finding("ci-admin", "FAIL", { tags: { team: "platform", env: "dev" } }),
    finding("alice", "FAIL", {
      evidence: { userName: "alice", accessKeyId: "AKIAALICE0000000" },
      resourceName: "AKIAALICE0000000",
    }),
  ];
  const mutedNames = (text: string) =>
    applyMutelist(resultOf(findings), parseMutelist(text))
      .findings.filter((f) => f.muted)
      .map((f) => String(f.evidence.userName));

  const entry = (lines: string[]) =>
    yaml([
      "Mutelist:",
      "  Accounts:",
      '    "111122223333":',
      "      Checks:",
      `        ${RULE}:`,
      ...lines.map((l) => `          ${l}`),
      "          Reason: r",
    ]);

  it("an empty file, or one of comments only, says it is empty", () => {
    for (const text of ["", "# nothing muted yet\n"]) {
      expect(() => parseMutelist(text, "m.yaml")).toThrow(MutelistFormatError);
      expect(() => parseMutelist(text, "m.yaml")).toThrow(
        "invalid mutelist m.yaml: the file is empty: a mutelist starts with Mutelist: (see docs/mutelist.md)",
      );
    }
  });

  it("globs match the whole value: ci-* yes, ci no", () => {
    expect(mutedNames(entry(['Resources: ["ci-*"]']))).toEqual(["ci-deploy", "ci-admin"]);
    expect(mutedNames(entry(['Resources: ["ci"]']))).toEqual([]);
  });

  it("matches the ARN, the user name and the access key id", () => {
    expect(mutedNames(entry(['Resources: ["arn:aws:iam::*:user/ci-deploy"]']))).toEqual(["ci-deploy"]);
    expect(mutedNames(entry(['Resources: ["AKIAALICE0000000"]']))).toEqual(["alice"]);
  });

  it("/regex/ is a regular expression", () => {
    expect(mutedNames(entry(['Resources: ["/^ci-(deploy|x)$/"]']))).toEqual(["ci-deploy"]);
  });

  it("tags: every condition must match; | separates alternatives", () => {
    expect(
      mutedNames(entry(['Resources: ["*"]', 'Tags: ["team=platform", "env=prod|env=staging"]'])),
    ).toEqual(["ci-deploy"]);
    expect(mutedNames(entry(['Resources: ["*"]', 'Tags: ["team=*"]']))).toEqual(["ci-deploy", "ci-admin"]);
  });

  it("exceptions keep matching findings unmuted", () => {
    expect(mutedNames(entry(['Resources: ["*"]', 'Exceptions: { Resources: ["ci-admin"] }']))).toEqual([
      "ci-deploy",
      "alice",
    ]);
    expect(mutedNames(entry(['Resources: ["*"]', 'Exceptions: { Tags: ["env=dev"] }']))).toEqual([
      "ci-deploy",
      "alice",
    ]);
  });

  it("another account's entry does not apply", () => {
    const text = yaml([
      "Mutelist:",
      "  Accounts:",
      '    "999999999999":',
      "      Checks:",
      '        "*":',
      '          Resources: ["*"]',
      "          Reason: r",
    ]);
    expect(mutedNames(text)).toEqual([]);
  });

  it("warns once about checks cloudpatrol does not implement", () => {
    const text = yaml([
      "Mutelist:",
      "  Accounts:",
      '    "*":',
      "      Checks:",
      "        s3_bucket_public_access:",
      '          Resources: ["*"]',
      "          Reason: r",
      '        "iam_*":',
      '          Resources: ["nobody"]',
      "          Reason: r",
      "        ec2_instance_public_ip:",
      '          Resources: ["*"]',
      "          Reason: r",
    ]);
    expect(applyMutelist(resultOf(findings), parseMutelist(text, "p.yaml")).warnings).toEqual([
      "mutelist p.yaml: 2 checks name no rule cloudpatrol implements and mute nothing: s3_bucket_public_access, ec2_instance_public_ip.",
    ]);
  });

  it("Prowler's Description is accepted as the reason", () => {
    const text = yaml([
      "Mutelist:",
      "  Accounts:",
      '    "*":',
      "      Checks:",
      `        ${RULE}:`,
      '          Resources: ["alice"]',
      "          Description: legacy",
    ]);
    const [muted] = applyMutelist(resultOf(findings), parseMutelist(text)).findings.filter((f) => f.muted);
    expect(muted?.mute?.reason).toBe("legacy");
  });

  it("warns about entries that relied on Prowler's unanchored regular expressions", () => {
    const text = yaml([
      "Mutelist:",
      "  Accounts:",
      '    "*":',
      "      Checks:",
      `        ${RULE}:`,
      '          Resources: ["deploy", "^ci-adm.*"]',
      "          Reason: r",
    ]);
    const result = applyMutelist(resultOf(findings), parseMutelist(text, "p.yaml"));
    expect(result.findings.filter((f) => f.muted)).toEqual([]);
    expect(result.warnings).toEqual([
      `mutelist p.yaml: entry Accounts.*.Checks.${RULE} (line 5) has "^ci-adm.*", written like a regular expression; cloudpatrol reads it as a * glob matching the whole value (write /.../ for a regular expression).`,
      `mutelist p.yaml: entry Accounts.*.Checks.${RULE} (line 5) resource "deploy" relied on Prowler's unanchored regular expressions and does not mute ci-deploy: cloudpatrol matches the whole value with * globs; write "*name*" or /regex/ to match as before.`,
      `mutelist p.yaml: entry Accounts.*.Checks.${RULE} (line 5) resource "^ci-adm.*" relied on Prowler's unanchored regular expressions and does not mute ci-admin: cloudpatrol matches the whole value with * globs; write "*name*" or /regex/ to match as before.`,
    ]);
  });
});

describe("invalid files name line and column", () => {
  const cases: [string, string, string][] = [
    ["malformed YAML", "Mutelist:\n  Accounts: [\n", "invalid mutelist m.yaml, line 3, column 1:"],
    [
      "missing Reason",
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resources: ["x"]',
      ]),
      `invalid mutelist m.yaml, line 6, column 11: Accounts.*.Checks.${RULE} needs a Reason`,
    ],
    [
      "unknown key",
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resource: ["x"]',
        "          Reason: r",
      ]),
      'invalid mutelist m.yaml, line 6, column 11: unknown key "Resource"',
    ],
    [
      "bad expiry",
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resources: ["x"]',
        "          Reason: r",
        "          Expires: 2027-02-30",
      ]),
      'invalid mutelist m.yaml, line 8, column 20: Expires "2027-02-30" is not a real date: February 2027 has 28 days',
    ],
    [
      "impossible expiry time",
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resources: ["x"]',
        "          Reason: r",
        '          Expires: "2027-02-30T12:00:00Z"',
      ]),
      'invalid mutelist m.yaml, line 8, column 20: Expires "2027-02-30T12:00:00Z" is not a real time: February 2027 has 28 days',
    ],
    [
      "bad regex",
      yaml([
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        `        ${RULE}:`,
        '          Resources: ["/(/"]',
        "          Reason: r",
      ]),
      "invalid mutelist m.yaml, line 6, column 23:",
    ],
    [
      "no Mutelist key",
      "Accounts: {}\n",
      "invalid mutelist m.yaml, line 1, column 1: expected a top-level Mutelist: key",
    ],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        parseMutelist(text, "m.yaml");
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(MutelistFormatError);
      expect((error as Error).message.slice(0, message.length)).toBe(message);
    });
  }
});
