/**
 * `scan --framework` / `--rule`: rule selection, MANUAL findings for requirements no rule decides, and
 * the compliance view, through the built bin on the bundled example.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getFramework } from "../../src/frameworks/index.js";
import { RULES } from "../../src/rules/index.js";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");
const DAY_MS = 86_400_000;
/** The day the bundled example was written: its ages in days are meant to be read on this day. */
const EXAMPLE_DAY = Date.parse("2026-11-29T00:00:00Z");

/**
 * The bundled example with every time moved forward by the whole days since {@link EXAMPLE_DAY},
 * written into `dir`. The rules that age credentials against the scan time (1.7 root last used, 1.12
 * unused credentials, 1.14 key age) then judge it as on 2026-11-29, whatever day the test runs: no age
 * in the example is within a day of a threshold on that day.
 */
async function exampleAsOfItsDay(dir: string): Promise<string> {
  const days = Math.max(0, Math.floor((Date.now() - EXAMPLE_DAY) / DAY_MS));
  const csv = (await readFile(EXAMPLE, "utf8")).replace(
    /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|\+00:00)/g,
    (time) => new Date(Date.parse(time) + days * DAY_MS).toISOString().replace(".000Z", "Z"),
  );
  const path = join(dir, "credential-report.csv");
  await writeFile(path, csv);
  return path;
}

beforeAll(ensureBuilt, 120_000);

describe("scan --framework and --rule", () => {
  it("cis_v150: 8 requirements judged, 13 MANUAL in section 1 (no rule, or no data offline) and 42 in sections 2–5 (no rule yet), compliance view printed, exit 3", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const example = await exampleAsOfItsDay(dir);
    const run = await cli(dir, ["scan", "--credential-report", example, "--framework", "cis_v150"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      "\n1.11   L1     Automated      4     5       0      0  FAIL    Do not setup access keys",
    );
    // Offline, the rules judge what the credential report holds (root key, MFA and last use; users'
    // MFA, keys and their use). 1.1 and 1.3 have no rule (manual_* findings); the rules of 1.2 (security
    // contact), 1.6 (virtual MFA devices), 1.8/1.9 (password policy), 1.15-1.17 (authorization details),
    // 1.19 (server certificates), 1.21 (identity providers) and the per-region 1.18/1.20 need data a
    // report file does not hold, so each gives one MANUAL finding for the account.
    expect(run.stdout).toContain(
      [
        "",
        "Compliance with CIS AWS Foundations Benchmark v1.5.0 (cis_v150):",
        "Req    Level  Assessment  PASS  FAIL  MANUAL  ERROR  Result  Title",
        "1.1    L1     Manual         0     0       1      0  MANUAL  Maintain current contact details",
        "1.2    L1     Manual         0     0       1      0  MANUAL  Ensure security contact information is registered",
        "1.3    L1     Manual         0     0       1      0  MANUAL  Ensure security questions are registered in the AWS account",
        "1.4    L1     Automated      0     1       0      0  FAIL    Ensure no 'root' user account access key exists",
        "1.5    L1     Automated      1     0       0      0  PASS    Ensure MFA is enabled for the 'root' user account",
        "1.6    L2     Automated      0     0       1      0  MANUAL  Ensure hardware MFA is enabled for the 'root' user account",
        "1.7    L1     Automated      0     1       0      0  FAIL    Eliminate use of the 'root' user for administrative and daily tasks",
        "1.8    L1     Automated      0     0       1      0  MANUAL  Ensure IAM password policy requires minimum length of 14 or greater",
        "1.9    L1     Automated      0     0       1      0  MANUAL  Ensure IAM password policy prevents password reuse",
        "1.10   L1     Automated      6     2       0      0  FAIL    Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
        "1.11   L1     Automated      4     5       0      0  FAIL    Do not setup access keys during initial user setup for all IAM users that have a console password",
        "1.12   L1     Automated      7     8       0      0  FAIL    Ensure credentials unused for 45 days or greater are disabled",
        "1.13   L1     Automated      6     2       0      0  FAIL    Ensure there is only one active access key available for any single IAM user",
        "1.14   L1     Automated      3     7       0      0  FAIL    Ensure access keys are rotated every 90 days or less",
        "1.15   L1     Automated      0     0       1      0  MANUAL  Ensure IAM Users Receive Permissions Only Through Groups",
        '1.16   L1     Automated      0     0       1      0  MANUAL  Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
        "1.17   L1     Automated      0     0       1      0  MANUAL  Ensure a support role has been created to manage incidents with AWS Support",
        "1.18   L2     Manual         0     0       1      0  MANUAL  Ensure IAM instance roles are used for AWS resource access from instances",
        "1.19   L1     Automated      0     0       1      0  MANUAL  Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed",
        "1.20   L1     Automated      0     0       1      0  MANUAL  Ensure that IAM Access analyzer is enabled for all regions",
        "1.21   L2     Manual         0     0       1      0  MANUAL  Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
        "",
      ].join("\n"),
    );
    // Sections 2–5: no rule decides any of their 42 requirements yet, so each has one MANUAL finding.
    const rows = run.stdout.split("\n");
    const later = rows.slice(
      rows.findIndex((row) => row.startsWith("1.21 ")) + 1,
      rows.findIndex((row) => row.startsWith("63 requirements:")),
    );
    expect(later).toHaveLength(42);
    for (const row of later)
      expect(row).toMatch(/^[2-5]\.\d+(\.\d)? +L[12] +(Automated|Manual) +0 +0 +1 +0 {2}MANUAL {2}Ensure /);
    expect(later[0]).toBe(
      "2.1.1  L2     Automated      0     0       1      0  MANUAL  Ensure all S3 buckets employ encryption-at-rest",
    );
    expect(later.at(-1)).toBe(
      '5.5    L2     Manual         0     0       1      0  MANUAL  Ensure routing tables for VPC peering are "least access"',
    );
    expect(run.stdout).toContain(
      "\n63 requirements: 1 PASS, 7 FAIL, 55 MANUAL, 0 ERROR, 0 without findings.\n",
    );
    expect(run.stdout).toContain("\n108 findings: 26 FAIL, 0 ERROR, 55 MANUAL, 27 PASS\n");
    const json = await cli(dir, [
      "scan",
      "--credential-report",
      example,
      "--framework",
      "cis_v500",
      "-o",
      "json",
    ]);
    const result = JSON.parse(json.stdout) as {
      findings: { ruleId: string; status: string; frameworks: Record<string, string[]> }[];
    };
    const manual = result.findings.filter((finding) => finding.status === "MANUAL");
    const inSection1 = manual.filter((finding) => finding.frameworks.cis_v500?.[0]?.startsWith("1."));
    // Judged offline: root key (1.3), root MFA (1.4), root use (1.6), users' MFA (1.9), keys at setup
    // (1.10), unused credentials (1.11), one active key (1.12), key age (1.13).
    expect(
      new Set(result.findings.filter((f) => f.status !== "MANUAL").map((f) => f.frameworks.cis_v500?.join())),
    ).toEqual(new Set(["1.3", "1.4", "1.6", "1.9", "1.10", "1.11", "1.12", "1.13"]));
    // One MANUAL finding per other requirement: from its rule when the rule needs data a report file
    // does not hold, from a manual_* id when no rule decides it (1.1, 1.21).
    expect(inSection1.map((finding) => [finding.ruleId, finding.frameworks.cis_v500?.join()])).toEqual([
      ["account_security_contact_registered", "1.2"],
      ["iam_root_hardware_mfa_enabled", "1.5"],
      ["iam_password_policy_min_length_14", "1.7"],
      ["iam_password_policy_reuse_24", "1.8"],
      ["iam_user_no_direct_policies", "1.14"],
      ["iam_policy_no_full_admin_attached", "1.15"],
      ["iam_role_support_access_attached", "1.16"],
      ["iam_server_certificate_not_expired", "1.18"],
      ["iam_user_managed_centrally", "1.20"],
      ["ec2_instance_profile_attached", "1.17"],
      ["accessanalyzer_region_analyzer_active", "1.19"],
      ["manual_contact_details", "1.1"],
      ["manual_cloudshell_full_access_restricted", "1.21"],
    ]);
    expect(inSection1.filter((finding) => finding.ruleId.startsWith("manual_"))).toHaveLength(2);
    // And one MANUAL finding per requirement of sections 2–5 (42 in v5.0.0), each from the rule that decides
    // it: a report file holds no region's, bucket's or trail's data. No manual_* id is left there.
    const laterManual = manual.filter((finding) => !inSection1.includes(finding));
    expect(laterManual).toHaveLength(42);
    expect(laterManual.filter((finding) => finding.ruleId.startsWith("manual_"))).toEqual([]);
    expect(
      laterManual
        .map((f) => f.frameworks.cis_v500?.join())
        .sort((a, b) => String(a).localeCompare(String(b), "en", { numeric: true })),
    ).toEqual(
      getFramework("cis_v500")
        .requirements.map((requirement) => requirement.id)
        .filter((id) => !id.startsWith("1.")),
    );
    expect(laterManual.find((finding) => finding.frameworks.cis_v500?.join() === "5.1.1")?.ruleId).toBe(
      "ec2_ebs_encryption_by_default_enabled",
    );
  });

  it("--rule runs the named rule without MANUAL findings; unknown ids exit 2 before any AWS call", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const named = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--fail-on",
      "none",
    ]);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain("\n9 findings: 5 FAIL, 0 ERROR, 0 MANUAL, 4 PASS\n");
    const badRule = await cli(dir, ["scan", "--rule", "no_such_rule"]);
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toBe(
      `cloudpatrol: Unknown rule "no_such_rule"; known: ${RULES.map((rule) => rule.id).join(", ")}` +
        " (see cloudpatrol rules list).\n",
    );
    const badFramework = await cli(dir, ["scan", "--framework", "cis_v999"]);
    expect(badFramework.code).toBe(2);
    expect(badFramework.stderr).toMatch(/^cloudpatrol: Unknown framework "cis_v999"; known: cis_v120, /);
  });
});
