/**
 * `scan --framework cis_v150` against the local endpoints (IAM/STS; EC2 + Access Analyzer for the
 * per-region rules; CloudTrail, AWS Config and KMS for the logging rules): an account failing thirty-one
 * requirements gives the compliance view with exact counts, and the API calls of a default scan (verification on) do not grow with the number of users.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeLogging, startFakeLogging } from "../support/fake-logging.js";
import { type FakeMonitoring, startFakeMonitoring } from "../support/fake-monitoring.js";

import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";
import { type FakeS3, startFakeS3 } from "../support/fake-s3.js";

beforeAll(ensureBuilt, 120_000);

const DAY = 86_400_000;
let fake: FakeAws;
let regional: FakeRegional;
let monitoring: FakeMonitoring;
let logging: FakeLogging;
let s3: FakeS3;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  regional = await startFakeRegional({ accountId: "111122223333" });
  // Monitoring: no trail (4.1–4.15 FAIL: no qualifying trail); Security Hub on in eu-west-1 only (4.16).
  monitoring = await startFakeMonitoring({ accountId: "111122223333" });
  monitoring.enableSecurityHub("eu-west-1");
  // One bucket with nothing configured: S3 2.1.1 (no default encryption), 2.1.2 (no policy), 2.1.3 (no MFA
  // delete) and 2.1.5 (no Block Public Access at either level) FAIL.
  s3 = await startFakeS3({ accountId: "111122223333" });
  s3.addBucket({ name: "audit-logs", region: "us-east-1" });
  // Logging: no trail, no AWS Config recorder, one customer managed key without rotation, a default VPC
  // without flow logs in each enabled region.
  logging = await startFakeLogging();
  logging.addKey("us-east-1", {
    metadata: {
      KeyId: "k-1",
      Arn: "arn:aws:kms:us-east-1:111122223333:key/k-1",
      KeyManager: "CUSTOMER",
      KeySpec: "SYMMETRIC_DEFAULT",
      KeyState: "Enabled",
      Origin: "AWS_KMS",
    },
  });
  for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2", "af-south-1"])
    regional.addVpc(region, { vpcId: `vpc-${region}`, isDefault: true });
  // Four enabled regions (me-south-1 is not opted in): an analyzer in three of them (1.20 FAIL in
  // ap-southeast-2), one instance without an instance profile (1.18 FAIL) and one with.
  for (const region of ["us-east-1", "eu-west-1", "af-south-1"])
    regional.addAnalyzer(region, { name: "account" });
  regional.addInstance("eu-west-1", { instanceId: "i-0noprofile" });
  regional.addInstance("eu-west-1", {
    instanceId: "i-0profile",
    instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/web",
  });
  // No security contact (1.2). Root: an access key (1.4), no MFA (1.5, 1.6), password used yesterday (1.7).
  // No password policy (1.8, 1.9).
  fake.setRoot({
    passwordLastUsed: new Date(Date.now() - DAY),
    accessKeys: [{ createDate: "2021-01-01T00:00:00Z" }],
  });
  // alice: console password without MFA (1.10) never used since 2024 (1.12), a key made at setup and never
  // used (1.11, 1.12), a second active key (1.13), both keys older than 90 days (1.14); key 2 used 5 days ago.
  fake.addUser({
    userName: "alice",
    createDate: "2024-01-10T09:00:00Z",
    loginProfile: { createDate: "2024-01-10T09:00:01Z" },
    accessKeys: [
      { accessKeyId: "AKIAALICE00000000001", createDate: "2024-01-10T09:00:01Z" },
      {
        accessKeyId: "AKIAALICE00000000002",
        createDate: "2024-02-10T09:00:01Z",
        lastUsed: { date: new Date(Date.now() - 5 * DAY), serviceName: "s3", region: "us-east-1" },
      },
    ],
  });
});
afterEach(async () => {
  await fake.close();
  await regional.close();
  await monitoring.close();
  await logging.close();
  await s3.close();
});

function endpoints(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_IAM: fake.endpoint,
    AWS_ENDPOINT_URL_STS: fake.endpoint,
    AWS_ENDPOINT_URL_ACCOUNT: fake.endpoint,
    AWS_ENDPOINT_URL_EC2: regional.endpoint,
    AWS_ENDPOINT_URL_ACCESSANALYZER: regional.endpoint,
    AWS_ENDPOINT_URL_CLOUDTRAIL: logging.endpoint,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: logging.endpoint,
    AWS_ENDPOINT_URL_KMS: logging.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_S3_CONTROL: s3.endpoint,
    // Macie not enabled in any region; no RDS instance, no EFS file system.
    AWS_ENDPOINT_URL_MACIE2: s3.endpoint,
    AWS_ENDPOINT_URL_RDS: s3.endpoint,
    AWS_ENDPOINT_URL_EFS: s3.endpoint,
    AWS_ENDPOINT_URL_SECURITYHUB: monitoring.endpoint,
    CLOUDPATROL_REPORT_POLL_MS: "1",
  };
}

describe("scan --framework cis_v150, live", () => {
  it("prints the compliance view with thirty-one failing requirements (sections 2 and 3 judged by the S3 and logging rules)", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--framework", "cis_v150", "--no-history"], endpoints());
    expect(run.code).toBe(3);
    const view = run.stdout.slice(run.stdout.indexOf("Compliance with"));
    const lines = view.split("\n");
    // Section 1 as the rules judge it; sections 2–5 follow: 2.2.1 judged per region (encryption by default
    // is off in the fake's four enabled regions), every other requirement MANUAL (no rule yet).
    const section1 = lines.slice(
      0,
      lines.findIndex((line) => line.startsWith("2.1.1 ")),
    );
    expect(section1.map((line) => line.slice(0, 54))).toEqual([
      "Compliance with CIS AWS Foundations Benchmark v1.5.0 (",
      "Req    Level  Assessment  PASS  FAIL  MANUAL  ERROR  R",
      "1.1    L1     Manual         0     0       1      0  M",
      "1.2    L1     Manual         0     1       0      0  F",
      "1.3    L1     Manual         0     0       1      0  M",
      "1.4    L1     Automated      0     1       0      0  F",
      "1.5    L1     Automated      0     1       0      0  F",
      "1.6    L2     Automated      0     1       0      0  F",
      "1.7    L1     Automated      0     1       0      0  F",
      "1.8    L1     Automated      0     1       0      0  F",
      "1.9    L1     Automated      0     1       0      0  F",
      "1.10   L1     Automated      0     1       0      0  F",
      "1.11   L1     Automated      0     1       0      0  F",
      "1.12   L1     Automated      1     2       0      0  F",
      "1.13   L1     Automated      0     1       0      0  F",
      "1.14   L1     Automated      0     2       0      0  F",
      "1.15   L1     Automated      1     0       0      0  P",
      "1.16   L1     Automated      1     0       0      0  P",
      "1.17   L1     Automated      0     1       0      0  F",
      "1.18   L2     Manual         1     1       0      0  F",
      "1.19   L1     Automated      1     0       0      0  P",
      "1.20   L1     Automated      3     1       0      0  F",
      "1.21   L2     Manual         0     0       1      0  M",
    ]);
    const later = lines.slice(
      section1.length,
      lines.findIndex((line) => line.startsWith("63 requirements")),
    );
    expect(later).toHaveLength(42);
    expect(later.filter((line) => line.startsWith("2.2.1 "))).toEqual([
      "2.2.1  L1     Automated      0     4       0      0  FAIL    Ensure EBS Volume Encryption is Enabled in all Regions",
    ]);
    // Networking: the fake's regions hold no VPC, so no network ACL or security group to judge (no
    // findings), and no route to a peering connection (5.5 PASS in each of the four regions).
    expect(later.filter((line) => line.startsWith("5."))).toEqual([
      "5.1    L1     Automated      0     0       0      0  -       Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
      "5.2    L1     Automated      0     0       0      0  -       Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
      "5.3    L1     Automated      0     0       0      0  -       Ensure no security groups allow ingress from ::/0 to remote server administration ports",
      "5.4    L2     Automated      0     0       0      0  -       Ensure the default security group of every VPC restricts all traffic",
      '5.5    L2     Manual         4     0       0      0  PASS    Ensure routing tables for VPC peering are "least access"',
    ]);
    const s3Rows = ["2.1.1 ", "2.1.2 ", "2.1.3 ", "2.1.5 "];
    // Macie: one MANUAL per enabled region (not enabled in any); RDS and EFS: nothing to judge, one PASS each.
    const storageRows = ["2.1.4 ", "2.3.1 ", "2.3.2 ", "2.3.3 ", "2.4.1 "];
    expect(
      later
        .filter((line) => storageRows.some((row) => line.startsWith(row)))
        .map((line) => line.slice(0, 59)),
    ).toEqual([
      "2.1.4  L2     Manual         0     0       4      0  MANUAL",
      "2.3.1  L1     Automated      1     0       0      0  PASS  ",
      "2.3.2  L1     Automated      1     0       0      0  PASS  ",
      "2.3.3  L1     Automated      1     0       0      0  PASS  ",
      "2.4.1  L1     Manual         1     0       0      0  PASS  ",
    ]);
    expect(
      later.filter((line) => s3Rows.some((row) => line.startsWith(row))).map((line) => line.slice(0, 59)),
    ).toEqual([
      "2.1.1  L2     Automated      0     1       0      0  FAIL  ",
      "2.1.2  L2     Automated      0     1       0      0  FAIL  ",
      "2.1.3  L1     Automated      0     1       0      0  FAIL  ",
      "2.1.5  L1     Automated      0     1       0      0  FAIL  ",
    ]);
    // Logging (section 3) judged by its rules: no trail, no AWS Config recorder, a key without rotation, a
    // default VPC without flow logs in each of the four enabled regions. Without a trail there is no trail
    // bucket: 3.3 and 3.6 FAIL once, on the account.
    expect(later.filter((line) => line.startsWith("3."))).toEqual([
      "3.1    L1     Automated      0     1       0      0  FAIL    Ensure CloudTrail is enabled in all regions",
      "3.2    L2     Automated      0     1       0      0  FAIL    Ensure CloudTrail log file validation is enabled",
      "3.3    L1     Automated      0     1       0      0  FAIL    Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible",
      "3.4    L1     Automated      0     1       0      0  FAIL    Ensure CloudTrail trails are integrated with CloudWatch Logs",
      "3.5    L2     Automated      0     4       0      0  FAIL    Ensure AWS Config is enabled in all regions",
      "3.6    L1     Automated      0     1       0      0  FAIL    Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
      "3.7    L2     Automated      0     1       0      0  FAIL    Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
      "3.8    L2     Automated      0     1       0      0  FAIL    Ensure rotation for customer created symmetric CMKs is enabled",
      "3.9    L2     Automated      0     4       0      0  FAIL    Ensure VPC flow logging is enabled in all VPCs",
      "3.10   L2     Automated      0     1       0      0  FAIL    Ensure that Object-level logging for write events is enabled for S3 bucket",
      "3.11   L2     Automated      0     1       0      0  FAIL    Ensure that Object-level logging for read events is enabled for S3 bucket",
    ]);
    // Monitoring: no trail, so 4.1–4.15 FAIL once each for the account; 4.16 per region.
    const monitoringLines = later.filter((line) => line.startsWith("4."));
    expect(monitoringLines).toHaveLength(16);
    for (const line of monitoringLines.slice(0, 15))
      expect(line).toMatch(
        /^4\.\d+ +L[12] +Automated +0 +1 +0 +0 {2}FAIL {4}Ensure a log metric filter and alarm exist/,
      );
    expect(monitoringLines[15]).toBe(
      "4.16   L2     Automated      1     3       0      0  FAIL    Ensure AWS Security Hub is enabled",
    );
    // Every requirement of sections 2–5 has a rule now: none is left to a manual_* finding.
    for (const line of later.filter(
      (line) =>
        !line.startsWith("2.2.1 ") &&
        !line.startsWith("3.") &&
        !line.startsWith("4.") &&
        !line.startsWith("5.") &&
        ![...s3Rows, ...storageRows].some((row) => line.startsWith(row)),
    ))
      expect(line).toMatch(/^[2-5]\.[\d.]+ +L[12] +\w+ +0 +0 +1 +0 {2}MANUAL {2}/);
    expect(lines.slice(section1.length + 42)).toEqual([
      "63 requirements: 8 PASS, 47 FAIL, 4 MANUAL, 0 ERROR, 4 without findings.",
      "",
      "84 findings: 60 FAIL, 0 ERROR, 7 MANUAL, 17 PASS",
      "",
    ]);
  });

  it("makes the same API calls for 10 and 1,000 users (verification on), apart from GetAccountAuthorizationDetails pages", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    async function callsFor(users: number): Promise<Record<string, number>> {
      await fake.close();
      fake = await startFakeAws({ accountId: "111122223333" });
      fake.setRoot({ accessKeys: [{ createDate: "2021-01-01T00:00:00Z" }] });
      // alice fails 1.11 (a key made at setup, never used): the one user verification re-reads.
      fake.addUser({
        userName: "alice",
        createDate: "2024-01-10T09:00:00Z",
        loginProfile: { createDate: "2024-01-10T09:00:01Z" },
        accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2024-01-10T09:00:01Z" }],
      });
      // Every other user fails 1.10 (password, no MFA), 1.12 (password never used for 200 days), 1.14 (a key
      // 200 days old, used yesterday: not 1.11) and 1.15 (an inline policy).
      for (let i = 1; i < users; i += 1) {
        const userName = `user${String(i).padStart(4, "0")}`;
        fake.addUser({
          userName,
          createDate: new Date(Date.now() - 300 * DAY),
          loginProfile: { createDate: new Date(Date.now() - 200 * DAY) },
          accessKeys: [
            {
              createDate: new Date(Date.now() - 200 * DAY),
              lastUsed: { date: new Date(Date.now() - DAY), serviceName: "s3", region: "us-east-1" },
            },
          ],
        });
        fake.authorization.putUserPolicy(userName, "own", {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
        });
      }
      const run = await cli(
        dir,
        ["scan", "--framework", "cis_v150", "--no-history", "--output", "json"],
        endpoints(),
      );
      expect(run.code).toBe(3);
      const result = JSON.parse(run.stdout) as {
        summary: { FAIL: number };
        scan: { accounts: { apiCalls: Record<string, number> }[] };
      };
      // 14 FAILs of the root, alice and the account (1.2, 1.4–1.9, 1.11–1.14, 1.17, 1.18, 1.20), four of 2.2.1
      // (one per enabled region), four of the bucket (2.1.1–2.1.3, 2.1.5), 17 of logging (3.1–3.4, 3.6–3.8,
      // 3.10, 3.11 once; 3.5 and 3.9 once per region), four per other user.
      // Monitoring: 15 metric-filter FAILs (no trail) and 3 regions without Security Hub.
      expect(result.summary.FAIL).toBe(14 + 4 + 4 + 17 + 15 + 3 + 4 * (users - 1));
      return result.scan.accounts[0]?.apiCalls ?? {};
    }
    const few = await callsFor(10);
    const many = await callsFor(1000);
    expect(few["iam:GetAccountAuthorizationDetails"]).toBe(1);
    // 1,000 users fit one page (1,000 entities per page); a larger account adds pages of this call only.
    expect(many["iam:GetAccountAuthorizationDetails"]).toBe(1);
    const { "iam:GetAccountAuthorizationDetails": _few, ...fewRest } = few;
    const { "iam:GetAccountAuthorizationDetails": _many, ...manyRest } = many;
    expect(manyRest).toEqual(fewRest);
    expect(fewRest).toEqual({
      "sts:GetCallerIdentity": 1,
      "iam:GenerateCredentialReport": 2,
      "iam:GetCredentialReport": 2,
      "iam:GetAccountPasswordPolicy": 1,
      "iam:GetAccountSummary": 1,
      "iam:ListVirtualMFADevices": 1,
      "iam:ListServerCertificates": 1,
      "iam:ListSAMLProviders": 1,
      "iam:ListOpenIDConnectProviders": 1,
      "iam:ListUsers": 1,
      "iam:GetLoginProfile": 1,
      "iam:ListAccessKeys": 1,
      "iam:GetAccessKeyLastUsed": 1,
      "ec2:DescribeRegions": 1,
      "ec2:DescribeInstances": 4,
      "access-analyzer:ListAnalyzers": 4,
      "ec2:GetEbsEncryptionByDefault": 4,
      "ec2:DescribeSecurityGroups": 4,
      "ec2:DescribeNetworkAcls": 4,
      "ec2:DescribeNetworkInterfaces": 4,
      "ec2:DescribeRouteTables": 4,
      "account:GetAlternateContact": 1,
      // Once per account: the bucket list, the bucket's region, the account's Block Public Access; then one
      // call per bucket per S3 dataset the rules need, in the bucket's region.
      "s3:ListBuckets": 1,
      "s3:GetBucketLocation": 1,
      "s3control:GetPublicAccessBlock": 1,
      "s3:GetBucketEncryption": 1,
      "s3:GetBucketPolicy": 1,
      "s3:GetBucketVersioning": 1,
      "s3:GetPublicAccessBlock": 1,
      // One call per enabled region each (no public DB instance: no route tables read).
      "macie2:GetMacieSession": 4,
      "rds:DescribeDBInstances": 4,
      "rds:DescribeDBClusters": 4,
      "elasticfilesystem:DescribeFileSystems": 4,
      // Logging, per enabled region; per trail (none) and per key (one customer managed key in us-east-1).
      "cloudtrail:DescribeTrails": 4,
      "config:DescribeConfigurationRecorders": 4,
      "config:DescribeConfigurationRecorderStatus": 4,
      "config:DescribeDeliveryChannels": 4,
      "kms:ListKeys": 4,
      "kms:DescribeKey": 1,
      "kms:GetKeyRotationStatus": 1,
      "ec2:DescribeVpcs": 4,
      "ec2:DescribeFlowLogs": 4,
      "securityhub:DescribeHub": 4,
    });
  }, 120_000);
});
