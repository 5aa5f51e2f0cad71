/**
 * `cloudpatrol rules list/show`: the acceptance cases as a user runs them, through the BUILT bin
 * (`dist/cli/main.js`) as a child process (`beforeAll` builds `dist/` when it is missing or older than
 * `src/`); the other cases through the same commander command in-process, to keep the file fast. No AWS
 * endpoint: the command reads built-in data only, and the environment points AWS nowhere to prove it.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { rulesCommand } from "../../src/cli/rules.js";
import { InputError } from "../../src/model/errors.js";
import { ensureBuilt } from "../support/built-bin.js";
import { MONITORING_V150_RULES } from "../support/monitoring-rules.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/main.js");

beforeAll(ensureBuilt, 120_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: readonly string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? "",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

const AT_SETUP_TITLE =
  "Do not set up access keys during initial user setup for IAM users that have a console password";
const CIS_11_TITLE =
  "Do not setup access keys during initial user setup for all IAM users that have a console password";

/** Runs `rules <args>` in-process and returns what it wrote to stdout. */
async function inProcess(args: readonly string[]): Promise<string> {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await rulesCommand().parseAsync([...args], { from: "user" });
  vi.restoreAllMocks();
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.concurrent("the built bin", () => {
  it("rules list --framework cis_v150 lists every requirement (21 in section 1, 42 in 2–5) with Automated/Manual", async () => {
    const run = await cli(["rules", "list", "--framework", "cis_v150"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "CIS AWS Foundations Benchmark v1.5.0 (cis_v150), 1 Identity and Access Management (21 requirements); 2 Storage (10 requirements); 3 Logging (11 requirements); 4 Monitoring (16 requirements); 5 Networking (5 requirements):",
    );
    expect(lines[1]).toMatch(/^Req\s+Level\s+Assessment\s+Rules\s+Title$/);
    const all = lines.slice(2, -1).map((line) => line.split(/\s{2,}/));
    expect(all).toHaveLength(63);
    const rows = all.filter((row) => row[0]?.startsWith("1."));
    // Sections 2–5: rules for the storage section (2), 2.2.1 (EBS default encryption) and 5.1–5.5
    // (networking), no rule yet for the others.
    // Sections 2–5: rules for 2.2.1 (EBS default encryption), the S3 requirements, the logging ones
    // (3.1–3.11) and the monitoring ones (4.1–4.16); no rule yet for the others (3 Manual).
    const later = all.filter((row) => !row[0]?.startsWith("1."));
    expect(later).toHaveLength(42);
    const decided = new Map([
      ["2.1.1", "s3_bucket_default_encryption_enabled"],
      ["2.1.2", "s3_bucket_secure_transport_policy"],
      ["2.1.3", "s3_bucket_mfa_delete_enabled"],
      ["2.1.4", "macie_session_enabled"],
      ["2.1.5", "s3_bucket_public_access_block_enabled"],
      ["2.2.1", "ec2_ebs_encryption_by_default_enabled"],
      ["2.3.1", "rds_instance_storage_encrypted"],
      ["2.3.2", "rds_instance_minor_version_upgrade_enabled"],
      ["2.3.3", "rds_instance_no_public_access"],
      ["2.4.1", "efs_file_system_encrypted"],
      ["5.1", "ec2_network_acl_admin_ports_closed"],
      ["5.2", "ec2_security_group_admin_closed_ipv4"],
      ["5.3", "ec2_security_group_admin_closed_ipv6"],
      ["5.4", "ec2_default_security_group_no_rules"],
      ["5.5", "ec2_route_table_peering_least_access"],
      ["3.1", "cloudtrail_multi_region_enabled"],
      ["3.2", "cloudtrail_log_file_validation_enabled"],
      ["3.3", "cloudtrail_bucket_not_public"],
      ["3.4", "cloudtrail_cloudwatch_logging_enabled"],
      ["3.5", "config_recorder_all_regions_enabled"],
      ["3.6", "cloudtrail_bucket_logging_enabled"],
      ["3.7", "cloudtrail_kms_encryption_enabled"],
      ["3.8", "kms_cmk_rotation_enabled"],
      ["3.9", "vpc_flow_logs_enabled"],
      ["3.10", "cloudtrail_s3_dataevents_write_enabled"],
      ["3.11", "cloudtrail_s3_dataevents_read_enabled"],
    ]);
    for (const [number, ruleId] of MONITORING_V150_RULES) decided.set(number, ruleId);
    for (const row of later)
      expect(row[3], row[0]).toBe(
        decided.get(row[0] as string) ?? (row[2] === "Manual" ? "(manual check)" : "(no rule yet)"),
      );
    expect(later.filter((row) => row[2] === "Manual").map((row) => row[0])).toEqual([
      "2.1.4",
      "2.4.1",
      "5.5",
    ]);
    expect(later.find((row) => row[0] === "2.2.1")).toEqual([
      "2.2.1",
      "L1",
      "Automated",
      "ec2_ebs_encryption_by_default_enabled",
      "Ensure EBS Volume Encryption is Enabled in all Regions",
    ]);
    expect(rows.map((row) => [row[0], row[2]])).toEqual([
      ["1.1", "Manual"],
      ["1.2", "Manual"],
      ["1.3", "Manual"],
      ["1.4", "Automated"],
      ["1.5", "Automated"],
      ["1.6", "Automated"],
      ["1.7", "Automated"],
      ["1.8", "Automated"],
      ["1.9", "Automated"],
      ["1.10", "Automated"],
      ["1.11", "Automated"],
      ["1.12", "Automated"],
      ["1.13", "Automated"],
      ["1.14", "Automated"],
      ["1.15", "Automated"],
      ["1.16", "Automated"],
      ["1.17", "Automated"],
      ["1.18", "Manual"],
      ["1.19", "Automated"],
      ["1.20", "Automated"],
      ["1.21", "Manual"],
    ]);
    expect(rows[0]).toEqual(["1.1", "L1", "Manual", "(manual check)", "Maintain current contact details"]);
    // Manual in the benchmark (a fact, kept), decided by a rule (like 1.18).
    expect(rows[1]).toEqual([
      "1.2",
      "L1",
      "Manual",
      "account_security_contact_registered",
      "Ensure security contact information is registered",
    ]);
    expect(rows[3]).toEqual([
      "1.4",
      "L1",
      "Automated",
      "iam_root_no_access_key",
      "Ensure no 'root' user account access key exists",
    ]);
    expect(rows[10]).toEqual(["1.11", "L1", "Automated", "iam_user_no_access_key_at_setup", CIS_11_TITLE]);
    expect(rows[20]).toEqual([
      "1.21",
      "L2",
      "Manual",
      "iam_user_managed_centrally",
      "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    ]);
    // 1.2 and 1.4-1.21 each have a rule (Manual-assessed 1.2, 1.18 and 1.21 included); only 1.1 and 1.3 have
    // none in section 1; of the 42 of sections 2–5, the storage section (10) and 5.1–5.5 have one.
    expect(lines.at(-1)).toBe("63 requirements; 61 decided by rules, 2 reported as MANUAL findings.");
    // none in section 1; of the 42 of sections 2–5, 2.2.1 (EBS default encryption), 2.1.1–2.1.3, 2.1.5 (S3),
    // the 11 logging ones and the 16 monitoring ones have one.
    expect(lines.at(-1)).toBe("63 requirements; 61 decided by rules, 2 reported as MANUAL findings.");
  });

  it("rules show iam_user_no_access_key_at_setup prints title, requirements, remediation, CLI commands, IaC", async () => {
    const run = await cli(["rules", "show", "iam_user_no_access_key_at_setup"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(`iam_user_no_access_key_at_setup: ${AT_SETUP_TITLE}`);
    expect(lines).toContain("Severity: medium");
    expect(lines).toContain(`  cis_v150  1.11  Level 1, Automated  ${CIS_11_TITLE}`);
    expect(lines).toContain(
      "  cis_v600  2.10  Level 1, Manual     Do not create access keys during initial setup for IAM users with a console password",
    );
    expect(lines).toContain("Remediation, AWS CLI:");
    for (const command of [
      "  aws iam list-access-keys --user-name <user>",
      "  aws iam get-access-key-last-used --access-key-id <access-key-id>",
      "  aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name <user>",
      "  aws iam delete-access-key --access-key-id <access-key-id> --user-name <user>",
    ]) {
      expect(lines).toContain(command);
    }
    expect(lines).toContain(
      "  1. Open the IAM console and choose Users, then the user named in the finding.",
    );
    expect(lines).toContain("    Type: AWS::IAM::AccessKey");
    expect(lines).toContain('  resource "aws_iam_access_key" "user_key" {');
  });

  it("rules show cis_v150:1.11 prints the requirement, then its rule with the CLI commands", async () => {
    const run = await cli(["rules", "show", "cis_v150:1.11"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      `cis_v150 1.11: ${CIS_11_TITLE}`,
      "Framework: CIS AWS Foundations Benchmark v1.5.0",
      "Section: 1 Identity and Access Management",
      "Profile: Level 1",
      "Assessment: Automated",
      "Decided by: iam_user_no_access_key_at_setup",
    ]);
    expect(lines).toContain(`iam_user_no_access_key_at_setup: ${AT_SETUP_TITLE}`);
    expect(lines).toContain("  aws iam delete-access-key --access-key-id <access-key-id> --user-name <user>");
  });

  it.each([
    [["rules", "show", "iam_user_nope"], 'cloudpatrol: No rule or requirement "iam_user_nope"'],
    [
      ["rules", "show", "cis_v150:1.22"],
      "cloudpatrol: cis_v150 has no requirement 1.22 in its catalog (it covers 1.1–1.21, 2.1.1–2.4.1, 3.1–3.11, 4.1–4.16, 5.1–5.5).",
    ],
    [
      ["rules", "list", "--framework", "cis_v999"],
      "cloudpatrol: option '-f, --framework <id>' argument 'cis_v999' is invalid.",
    ],
  ])("%j → exit 2, nothing on stdout", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.startsWith(message)).toBe(true);
  });
});

describe("rules list (in-process)", () => {
  it("without --framework lists the rules", async () => {
    const out = await inProcess(["list"]);
    // The Rule column is as wide as rds_instance_minor_version_upgrade_enabled, the Requirement one as cis_v150 2.2.1.
    expect(out).toContain(
      `\niam_user_no_access_key_at_setup             medium    cis_v150 1.11   ${AT_SETUP_TITLE}\n`,
    );
    expect(out).toContain(
      "\nec2_ebs_encryption_by_default_enabled       medium    cis_v150 2.2.1  EBS encryption by default is enabled in every enabled region\n",
    );
    // Rules of requirements v1.5.0 no longer has follow, under the newest catalog that lists them (the last
    // v1.5.0 rule is EFS 2.4.1).
    expect(out).toContain(
      "\nec2_route_table_peering_least_access        medium    cis_v150 5.5    Routes to VPC peering connections are listed for a least-access review\n" +
        "iam_password_policy_uppercase               medium    cis_v120 1.5    Ensure the IAM password policy requires at least one uppercase letter\n",
    );
    expect(out).toContain(
      "\niam_user_unused_credentials_90_disabled     medium    cis_v130 1.12   Ensure credentials unused for 90 days or greater are disabled\n",
    );
    expect(out.trimEnd().split("\n").at(-1)).toBe("76 rules.");
  });

  it("--output json gives the requirements as data", async () => {
    const body = JSON.parse(await inProcess(["list", "--framework", "cis_v600", "--output", "json"])) as {
      framework: { id: string; version: string };
      requirements: { id: string; ruleIds: string[]; assessment: string }[];
    };
    expect(body.framework).toMatchObject({ id: "cis_v600", version: "6.0.0" });
    expect(body.requirements).toHaveLength(63);
    expect(body.requirements.filter((r) => r.id.startsWith("2."))).toHaveLength(21);
    expect(body.requirements.find((r) => r.id === "6.1.1")).toMatchObject({
      ruleIds: ["ec2_ebs_encryption_by_default_enabled"],
      assessment: "Automated",
    });
    expect(body.requirements.find((r) => r.id === "6.3")).toMatchObject({
      ruleIds: ["ec2_security_group_admin_closed_ipv4"],
      assessment: "Automated",
    });
    expect(body.requirements.find((r) => r.id === "2.10")).toMatchObject({
      ruleIds: ["iam_user_no_access_key_at_setup"],
      assessment: "Manual",
    });
  });
});

describe("rules show (in-process)", () => {
  it("a bare 1.11 reads cis_v150, or --framework", async () => {
    expect((await inProcess(["show", "1.11"])).split("\n")[0]).toBe(`cis_v150 1.11: ${CIS_11_TITLE}`);
    expect((await inProcess(["show", "1.10", "--framework", "cis_v500"])).split("\n")[0]).toBe(
      "cis_v500 1.10: Do not create access keys during initial setup for IAM users with a console password",
    );
  });

  it("a requirement without a rule prints its audit steps", async () => {
    // cis_v150 1.1 (contact details) has no rule: it is assessed by hand.
    const out = await inProcess(["show", "cis_v150:1.1"]);
    expect(out).toContain("cis_v150 1.1: Maintain current contact details\n");
    expect(out).toContain("Assessment: Manual\n");
    expect(out).toContain(
      "Decided by: no rule; a scan with --framework cis_v150 reports one MANUAL finding per account (manual_contact_details).\n",
    );
    expect(out).toContain("Audit steps:\n  1. Sign in as a user allowed to read account settings");
  });

  it("cis_v130 1.20 (S3 Block Public Access, in v1.3.0's IAM section) is decided by the storage rule", async () => {
    const out = await inProcess(["show", "cis_v130:1.20"]);
    expect(out).toContain("Decided by: s3_bucket_public_access_block_enabled\n");
    expect(out).toContain("  cis_v130  1.20   Level 1, Automated");
    expect(out).toContain("  cis_v150  2.1.5  Level 1, Automated");
  });

  it("a v1.2.0 requirement at 90 days is decided by its own rule, not the 45-day one", async () => {
    const out = await inProcess(["show", "cis_v120:1.3"]);
    expect(out).toContain("cis_v120 1.3: Ensure credentials unused for 90 days or greater are disabled\n");
    expect(out).toContain("Assessment: Automated (Scored)\n");
    expect(out).toContain("Decided by: iam_user_unused_credentials_90_disabled\n");
    expect(out).not.toContain("iam_user_unused_credentials_disabled");
  });

  it("--output json gives the rule's metadata", async () => {
    const body = JSON.parse(
      await inProcess(["show", "iam_user_no_access_key_at_setup", "--output", "json"]),
    ) as {
      id: string;
      remediation: { cli: string[] };
      frameworks: object;
    };
    expect(body.id).toBe("iam_user_no_access_key_at_setup");
    expect(body.remediation.cli).toHaveLength(4);
    expect(body.frameworks).toMatchObject({ cis_v120: ["1.21"], cis_v600: ["2.10"] });
  });

  it("an unknown framework prefix is an InputError", async () => {
    await expect(inProcess(["show", "cis_v999:1.1"])).rejects.toThrow(InputError);
    await expect(inProcess(["show", "cis_v999:1.1"])).rejects.toThrow('Unknown framework "cis_v999"');
  });

  it("a missing argument is a usage error", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(inProcess(["show"])).rejects.toMatchObject({ code: "commander.missingArgument" });
  });
});
