/**
 * `cloudpatrol collect --out` then `cloudpatrol scan --snapshot`: the live verdicts, judged offline
 * without a single AWS call.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { datasetsToCollect } from "../../src/app/scan-account.js";
import { RULES } from "../../src/rules/index.js";
import { withDependencies } from "../../src/snapshot/datasets/index.js";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { MONITORING_IDS } from "../support/monitoring-rules.js";

beforeAll(ensureBuilt, 120_000);

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  fake.addUser({
    userName: "alice",
    createDate: "2026-01-10T09:00:00Z",
    loginProfile: { createDate: "2026-01-10T09:00:01Z" },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2026-01-10T09:00:01Z" }],
  });
  fake.addUser({ userName: "bob", createDate: "2026-01-11T09:00:00Z" });
});
afterEach(async () => {
  await fake.close();
});

describe("collect and scan --snapshot", () => {
  it("judges the saved snapshot offline with the verified key id, and makes no AWS call", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "1" };
    const collected = await cli(
      dir,
      ["collect", "--out", "snap.json", "--rule", "iam_user_no_access_key_at_setup"],
      env,
    );
    expect(collected.code).toBe(0);
    expect(collected.stdout).toBe("");
    expect(collected.stderr).toMatch(/^wrote snap\.json: account 111122223333, collected \d{4}-\d{2}-\d{2}T/);
    expect(JSON.parse(await readFile(join(dir, "snap.json"), "utf8")).cloudpatrolSnapshot).toBe(2);
    const before = fake.counts();

    const judged = await cli(
      dir,
      [
        "scan",
        "--snapshot",
        "snap.json",
        "--rule",
        "iam_user_no_access_key_at_setup",
        "-o",
        "json",
        "--no-history",
      ],
      env,
    );
    expect(fake.counts()).toEqual(before);
    expect(judged.code).toBe(3);
    const result = JSON.parse(judged.stdout) as {
      findings: { status: string; resourceName: string; evidence: Record<string, unknown> }[];
    };
    expect(
      result.findings.map((f) => [
        f.status,
        f.resourceName,
        f.evidence.source,
        f.evidence.accessKeyId ?? null,
      ]),
    ).toEqual([
      ["FAIL", "AKIAALICE00000000001", "api", "AKIAALICE00000000001"],
      ["PASS", "bob", "credential-report", null],
    ]);
  });

  it("a snapshot collected for one rule, judged with every rule: one MANUAL 'not collected' per other rule, never silence", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "1" };
    const collected = await cli(
      dir,
      ["collect", "--out", "snap.json", "--rule", "iam_user_no_access_key_at_setup"],
      env,
    );
    expect(collected.code).toBe(0);
    const file = JSON.parse(await readFile(join(dir, "snap.json"), "utf8")) as {
      snapshot: { collected: string[] };
    };
    expect(file.snapshot.collected).toEqual(["iam.credentialReport", "iam.userCredentials"]);
    const before = fake.counts();
    const judged = await cli(dir, ["scan", "--snapshot", "snap.json", "-o", "json", "--no-history"], env);
    expect(fake.counts()).toEqual(before);
    const result = JSON.parse(judged.stdout) as {
      findings: { ruleId: string; status: string; evidence: Record<string, unknown> }[];
    };
    const notCollected = result.findings
      .filter((f) => f.evidence.reason === "not-collected")
      .map((f) => [f.ruleId, f.status, f.evidence.notCollected]);
    expect(notCollected).toEqual([
      ["account_security_contact_registered", "MANUAL", ["account.securityContact"]],
      ["iam_root_hardware_mfa_enabled", "MANUAL", ["iam.virtualMfaDevices"]],
      ["iam_password_policy_min_length_14", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_password_policy_reuse_24", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_password_policy_uppercase", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_password_policy_lowercase", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_password_policy_symbol", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_password_policy_number", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_password_policy_expires_90", "MANUAL", ["iam.passwordPolicy"]],
      ["iam_user_no_direct_policies", "MANUAL", ["iam.authorizationDetails"]],
      ["iam_policy_no_full_admin_attached", "MANUAL", ["iam.authorizationDetails"]],
      ["iam_role_support_access_attached", "MANUAL", ["iam.authorizationDetails"]],
      ["iam_server_certificate_not_expired", "MANUAL", ["iam.serverCertificates"]],
      ["iam_user_managed_centrally", "MANUAL", ["iam.identityProviders"]],
      ["ec2_instance_profile_attached", "MANUAL", ["ec2.regions", "ec2.instances"]],
      ["accessanalyzer_region_analyzer_active", "MANUAL", ["ec2.regions", "accessanalyzer.analyzers"]],
      ["ec2_ebs_encryption_by_default_enabled", "MANUAL", ["ec2.regions", "ec2.ebsEncryptionByDefault"]],
      ["ec2_network_acl_admin_ports_closed", "MANUAL", ["ec2.regions", "ec2.networkAcls"]],
      ["ec2_security_group_ssh_closed_ipv4", "MANUAL", ["ec2.regions", "ec2.securityGroups"]],
      ["ec2_security_group_rdp_closed_ipv4", "MANUAL", ["ec2.regions", "ec2.securityGroups"]],
      ["ec2_security_group_admin_closed_ipv4", "MANUAL", ["ec2.regions", "ec2.securityGroups"]],
      ["ec2_security_group_admin_closed_ipv6", "MANUAL", ["ec2.regions", "ec2.securityGroups"]],
      ["ec2_security_group_cifs_closed", "MANUAL", ["ec2.regions", "ec2.securityGroups"]],
      // The interfaces are evidence only (an optional dataset): never a reason for MANUAL.
      ["ec2_default_security_group_no_rules", "MANUAL", ["ec2.regions", "ec2.securityGroups"]],
      ["ec2_route_table_peering_least_access", "MANUAL", ["ec2.regions", "ec2.routeTables"]],
      ["ec2_instance_imdsv2_required", "MANUAL", ["ec2.regions", "ec2.instances"]],
      [
        "s3_bucket_default_encryption_enabled",
        "MANUAL",
        ["ec2.regions", "s3.buckets", "s3.bucketEncryption"],
      ],
      ["s3_bucket_secure_transport_policy", "MANUAL", ["ec2.regions", "s3.buckets", "s3.bucketPolicies"]],
      ["s3_bucket_mfa_delete_enabled", "MANUAL", ["ec2.regions", "s3.buckets", "s3.bucketVersioning"]],
      [
        "s3_bucket_public_access_block_enabled",
        "MANUAL",
        ["ec2.regions", "s3.buckets", "s3.bucketPublicAccessBlocks", "s3.accountPublicAccessBlock"],
      ],
      ["macie_session_enabled", "MANUAL", ["ec2.regions", "macie2.session"]],
      ["rds_instance_storage_encrypted", "MANUAL", ["ec2.regions", "rds.dbInstances"]],
      ["rds_instance_minor_version_upgrade_enabled", "MANUAL", ["ec2.regions", "rds.dbInstances"]],
      ["rds_instance_no_public_access", "MANUAL", ["ec2.regions", "rds.dbInstances"]],
      ["rds_instance_multi_az", "MANUAL", ["ec2.regions", "rds.dbInstances", "rds.dbClusters"]],
      ["efs_file_system_encrypted", "MANUAL", ["ec2.regions", "efs.fileSystems"]],
      ["cloudtrail_multi_region_enabled", "MANUAL", ["ec2.regions", "cloudtrail.trails"]],
      ["cloudtrail_log_file_validation_enabled", "MANUAL", ["ec2.regions", "cloudtrail.trails"]],
      ["cloudtrail_cloudwatch_logging_enabled", "MANUAL", ["ec2.regions", "cloudtrail.trails"]],
      ["cloudtrail_kms_encryption_enabled", "MANUAL", ["ec2.regions", "cloudtrail.trails"]],
      ["cloudtrail_s3_dataevents_write_enabled", "MANUAL", ["ec2.regions", "cloudtrail.trails"]],
      ["cloudtrail_s3_dataevents_read_enabled", "MANUAL", ["ec2.regions", "cloudtrail.trails"]],
      ["config_recorder_all_regions_enabled", "MANUAL", ["ec2.regions", "config.recorders"]],
      ["config_recorder_all_regions_global_once", "MANUAL", ["ec2.regions", "config.recorders"]],
      ["kms_cmk_rotation_enabled", "MANUAL", ["ec2.regions", "kms.keys"]],
      ["vpc_flow_logs_enabled", "MANUAL", ["ec2.regions", "ec2.vpcs", "ec2.flowLogs"]],
      [
        "cloudtrail_bucket_not_public",
        "MANUAL",
        [
          "ec2.regions",
          "cloudtrail.trails",
          "s3.buckets",
          "cloudtrail.trailBuckets",
          "s3.accountPublicAccessBlock",
        ],
      ],
      [
        "cloudtrail_bucket_logging_enabled",
        "MANUAL",
        ["ec2.regions", "cloudtrail.trails", "s3.buckets", "cloudtrail.trailBuckets"],
      ],
      ...MONITORING_IDS.map((id) => [
        id,
        "MANUAL",
        id === "securityhub_hub_enabled"
          ? ["ec2.regions", "securityhub.hub"]
          : [
              "ec2.regions",
              "cloudtrail.trails",
              "logs.metricFilters",
              "cloudwatch.alarms",
              "sns.topicSubscriptions",
            ],
      ]),
    ]);
    // Every rule said something: the ones whose data is in the snapshot judged it.
    const rules = new Set(result.findings.map((f) => f.ruleId));
    expect(rules.size).toBe(45 + 12 + MONITORING_IDS.length);
  });

  it("collect --out - writes the snapshot to standard output, and scan --snapshot - reads it back", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "1" };
    const collected = await cli(
      dir,
      ["collect", "--out", "-", "--rule", "iam_user_no_access_key_at_setup"],
      env,
    );
    expect(collected.code).toBe(0);
    expect(JSON.parse(collected.stdout).cloudpatrolSnapshot).toBe(2);
    expect(collected.stderr).toMatch(
      /^wrote the snapshot to standard output: account 111122223333, collected /,
    );
    await writeFile(join(dir, "piped.json"), collected.stdout);
    expect(existsSync(join(dir, "-"))).toBe(false);
    const judged = await cli(
      dir,
      ["scan", "--snapshot", "piped.json", "--rule", "iam_user_no_access_key_at_setup", "--no-history"],
      env,
    );
    expect(judged.code).toBe(3);
  });

  it("refuses --snapshot with --credential-report, and a file that is no snapshot (exit 2)", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const both = await cli(dir, ["scan", "--snapshot", "a.json", "--credential-report", "b.csv"]);
    expect([both.code, both.stderr]).toEqual([
      2,
      "cloudpatrol: --snapshot and --credential-report each name what to judge; give one of them.\n",
    ]);
    const missing = await cli(dir, ["scan", "--snapshot", "nope.json", "--no-history"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^cloudpatrol: nope\.json: cannot read the snapshot \(ENOENT: /);
  });

  it("refuses an --out that cannot be written (empty, a directory, a missing directory) before any AWS call", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "1" };
    const cases: [string, string][] = [
      ["", "cloudpatrol: --out needs a file path.\n"],
      [dir, `cloudpatrol: --out ${dir} is a directory: give a file path.\n`],
      [
        join(dir, "nope", "snap.json"),
        `cloudpatrol: --out ${join(dir, "nope", "snap.json")}: the directory ${join(dir, "nope")} does not exist.\n`,
      ],
    ];
    for (const [out, message] of cases) {
      const run = await cli(dir, ["collect", "--out", out], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
    expect(fake.counts()).toEqual({});
  });
});

describe("collect when some data could not be collected (trial s5 item 3)", () => {
  const SUMMARY = (failed: number, asked: number) =>
    `cloudpatrol: ${failed} of ${asked} dataset${asked === 1 ? "" : "s"} could not be collected (wholly or in some regions); the snapshot was written, and scan --snapshot gives the rules that need them ERROR findings`;

  it("one dataset denied: the snapshot is still written, exit 1, a summary line (even with --quiet)", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "1" };
    fake.fail("GetAccountPasswordPolicy", { code: "AccessDenied" });
    const rule = ["--rule", "iam_password_policy_min_length_14", "--rule", "iam_user_no_access_key_at_setup"];
    const collected = await cli(dir, ["collect", "--out", "snap.json", ...rule], env);
    expect(collected.code).toBe(1);
    const lines = collected.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      "warning: not collected: iam:GetAccountPasswordPolicy failed in account 111122223333: AccessDenied: User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: iam:GetAccountPasswordPolicy on resource: *. The caller lacks the IAM permission iam:GetAccountPasswordPolicy.",
    );
    expect(lines[1]).toMatch(/^wrote snap\.json: account 111122223333, collected /);
    expect(lines[2]).toBe(SUMMARY(1, 3));
    const file = JSON.parse(await readFile(join(dir, "snap.json"), "utf8")) as {
      snapshot: { errors: { dataset: string }[]; collected: string[] };
    };
    expect(file.snapshot.errors.map((error) => error.dataset)).toEqual(["iam.passwordPolicy"]);
    expect(file.snapshot.collected).toEqual(["iam.credentialReport", "iam.userCredentials"]);

    const quiet = await cli(dir, ["collect", "--out", "quiet.json", "--quiet", ...rule], env);
    expect([quiet.code, quiet.stderr]).toEqual([1, `${SUMMARY(1, 3)}\n`]);
    expect(existsSync(join(dir, "quiet.json"))).toBe(true);

    fake.clearFaults();
    const clean = await cli(dir, ["collect", "--out", "clean.json", ...rule], env);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toMatch(/^wrote clean\.json: account 111122223333, collected \S+\n$/);
  });

  it("every call failing (an endpoint answering 500, STS elsewhere): exit 1, every dataset counted, snapshot written", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    fake.fail("*", { code: "ProxyError", httpStatus: 500, body: "<html>boom</html>" });
    const sts = await startFakeAws({ accountId: "111122223333" });
    onTestFinished(() => sts.close());
    const env = {
      AWS_ENDPOINT_URL: fake.endpoint,
      AWS_ENDPOINT_URL_STS: sts.endpoint,
      CLOUDPATROL_REPORT_POLL_MS: "1",
      CLOUDPATROL_RETRY_BASE_MS: "1",
    };
    const collected = await cli(dir, ["collect", "--out", "snap.json"], env);
    expect(collected.code).toBe(1);
    const file = JSON.parse(await readFile(join(dir, "snap.json"), "utf8")) as {
      snapshot: { errors: { dataset: string }[]; collected?: string[] };
    };
    const failed = new Set(file.snapshot.errors.map((error) => error.dataset));
    expect(failed.size).toBeGreaterThan(3);
    expect(file.snapshot.collected ?? []).toEqual([]);
    const lines = collected.stderr.trimEnd().split("\n");
    // Every dataset asked counts, those never read because one they need failed too (the regional ones
    // after ec2.regions, iam.userCredentials after the report): each named in a warning of its own.
    const asked = withDependencies(datasetsToCollect(RULES, true));
    const blocked = lines.filter((line) =>
      / it needs [\w.]+(, [\w.]+)*, which could not be collected$/.test(line),
    );
    expect(blocked).toHaveLength(asked.length - failed.size);
    expect(blocked).toContain(
      "warning: not collected: iam.userCredentials: it needs iam.credentialReport, which could not be collected",
    );
    expect(lines.at(-1)).toBe(SUMMARY(asked.length, asked.length));
    expect(lines.filter((line) => line.startsWith("warning: not collected: "))).toHaveLength(
      file.snapshot.errors.length + blocked.length,
    );
  }, 60_000);

  it("the credential report refused: the report and the users' re-check it feeds are both counted, exactly", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "1" };
    fake.fail("GenerateCredentialReport", { code: "AccessDenied" });
    const rule = ["--rule", "iam_user_no_access_key_at_setup", "--rule", "iam_password_policy_min_length_14"];
    const collected = await cli(dir, ["collect", "--out", "snap.json", ...rule], env);
    expect(collected.code).toBe(1);
    const lines = collected.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      "warning: not collected: iam:GenerateCredentialReport failed in account 111122223333: AccessDenied: User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: iam:GenerateCredentialReport on resource: *. The caller lacks the IAM permission iam:GenerateCredentialReport.",
    );
    expect(lines[1]).toBe(
      "warning: not collected: iam.userCredentials: it needs iam.credentialReport, which could not be collected",
    );
    expect(lines[2]).toMatch(/^wrote snap\.json: account 111122223333, collected /);
    // Three datasets asked (the report, the users' re-check, the password policy); two not collected.
    expect(lines[3]).toBe(SUMMARY(2, 3));
    const file = JSON.parse(await readFile(join(dir, "snap.json"), "utf8")) as {
      snapshot: { errors: { dataset: string }[]; collected: string[] };
    };
    expect(file.snapshot.errors.map((error) => error.dataset)).toEqual(["iam.credentialReport"]);
    expect(file.snapshot.collected).toEqual(["iam.passwordPolicy"]);
    // --no-verify asks no re-check: one of two.
    const unverified = await cli(
      dir,
      ["collect", "--out", "nv.json", "--quiet", "--no-verify", ...rule],
      env,
    );
    expect([unverified.code, unverified.stderr]).toEqual([1, `${SUMMARY(1, 2)}\n`]);
  });
});
