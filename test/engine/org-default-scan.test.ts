/**
 * A default scan (every rule) of a small fake Organization (test/support/fake-org.ts with `regional`:
 * IAM, STS and the Account API per account, and every other service a default scan reads behind it),
 * as bench/org-scale.ts runs it: no account may end in ERROR, and the calls per account are exact, so
 * that a rule whose data the fake does not answer fails here instead of making the bench measure
 * failures.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type AccountFindings, type ScanOptions, scan } from "../../src/app/scan.js";
import { setupKeyUser } from "../support/fake-aws.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";

const MANAGEMENT = "111111111111";
const MEMBERS = ["222222222222", "333333333333"];

/** Calls of one member's default scan: 4 enabled regions (3 by default, 1 opted in). */
const CALLS_PER_ACCOUNT: Readonly<Record<string, number>> = {
  "sts:AssumeRole": 1,
  "sts:GetCallerIdentity": 1,
  "iam:GenerateCredentialReport": 2,
  "iam:GetCredentialReport": 2,
  "iam:GetAccountSummary": 1,
  "iam:ListVirtualMFADevices": 1,
  "iam:GetAccountPasswordPolicy": 1,
  "iam:GetAccountAuthorizationDetails": 1,
  "iam:ListServerCertificates": 1,
  "iam:ListSAMLProviders": 1,
  "iam:ListOpenIDConnectProviders": 1,
  "iam:ListUsers": 1,
  "iam:GetLoginProfile": 1,
  "iam:ListAccessKeys": 1,
  "iam:GetAccessKeyLastUsed": 1,
  "account:GetAlternateContact": 1,
  "s3:ListBuckets": 1,
  "s3control:GetPublicAccessBlock": 1,
  "ec2:DescribeRegions": 1,
  "ec2:DescribeInstances": 4,
  "ec2:GetEbsEncryptionByDefault": 4,
  "ec2:DescribeSecurityGroups": 4,
  "ec2:DescribeNetworkAcls": 4,
  "ec2:DescribeNetworkInterfaces": 4,
  "ec2:DescribeRouteTables": 4,
  "ec2:DescribeVpcs": 4,
  "ec2:DescribeFlowLogs": 4,
  "access-analyzer:ListAnalyzers": 4,
  "macie2:GetMacieSession": 4,
  "rds:DescribeDBInstances": 4,
  "rds:DescribeDBClusters": 4,
  "elasticfilesystem:DescribeFileSystems": 4,
  "cloudtrail:DescribeTrails": 4,
  "config:DescribeConfigurationRecorders": 4,
  "config:DescribeConfigurationRecorderStatus": 4,
  "config:DescribeDeliveryChannels": 4,
  "kms:ListKeys": 4,
  "securityhub:DescribeHub": 4,
};
const CALLS = Object.values(CALLS_PER_ACCOUNT).reduce((sum, n) => sum + n, 0);

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** The Organization: alice in each member (a console user whose key, made at setup, was never used). */
async function startOrg(): Promise<FakeOrg> {
  org = await startFakeOrg({ members: MEMBERS.map((id) => ({ id })), regional: true });
  for (const id of MEMBERS) org.account(id).addUser(setupKeyUser("alice"));
  return org;
}

function options(fake: FakeOrg, extra: Partial<ScanOptions> = {}): ScanOptions {
  return {
    accountIds: MEMBERS,
    connection: {
      endpointUrl: fake.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      retryBaseMs: 1,
    },
    reportPollBaseMs: 5,
    ...extra,
  };
}

describe("a default scan of a fake Organization", () => {
  it("completes both member accounts with no ERROR finding, 97 calls each, exactly as the endpoint counts them", async () => {
    const org = await startOrg();
    const result = await scan(options(org));

    expect(result.scan.accounts.map((account) => [account.accountId, account.outcome])).toEqual(
      MEMBERS.map((id) => [id, "completed"]),
    );
    expect(result.findings.filter((finding) => finding.status === "ERROR")).toEqual([]);
    for (const account of result.scan.accounts) expect(account.apiCalls).toEqual(CALLS_PER_ACCOUNT);
    expect(CALLS).toBe(97);
    // The endpoint saw the same: per account, and per operation (none unknown), plus the caller's own
    // GetCallerIdentity in the management account.
    expect(org.requestsPerAccount()).toEqual({
      [MANAGEMENT]: 1,
      [MEMBERS[0] as string]: CALLS,
      [MEMBERS[1] as string]: CALLS,
    });
    expect(org.counts()).toEqual(
      Object.fromEntries(
        Object.entries(CALLS_PER_ACCOUNT).map(([call, n]) => [
          call,
          2 * n + (call === "sts:GetCallerIdentity" ? 1 : 0),
        ]),
      ),
    );

    for (const id of MEMBERS) {
      const statuses = result.findings
        .filter((finding) => finding.accountId === id)
        .reduce<Record<string, number>>((counts, finding) => {
          counts[finding.status] = (counts[finding.status] ?? 0) + 1;
          return counts;
        }, {});
      // 3.8 (no customer key in the fake): one "nothing to judge" PASS on the account.
      expect(statuses).toEqual({ PASS: 40, FAIL: 77, MANUAL: 5 });
      expect(
        result.findings.filter((f) => f.accountId === id && f.ruleId === "kms_cmk_rotation_enabled"),
      ).toMatchObject([{ status: "PASS", resourceType: "AWS::::Account" }]);
    }
    // The networking rules judge each region's default VPC.
    expect(
      result.findings
        .filter((finding) => finding.accountId === MEMBERS[0] && finding.ruleId.startsWith("ec2_default_"))
        .map((finding) => [finding.resourceName, finding.region, finding.status]),
    ).toEqual(
      ["af-south-1", "ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => [
        `sg-default-${region}`,
        region,
        "FAIL",
      ]),
    );
  });

  it("with a findings sink: each account's findings go to it once as the account finishes, the result keeps none and counts them all", async () => {
    const fake = await startOrg();
    const kept = await scan(options(fake));
    const batches: AccountFindings[] = [];
    const streamed = await scan(options(fake, { onAccountFindings: (batch) => void batches.push(batch) }));

    expect(streamed.findings).toEqual([]);
    expect(streamed.summary).toEqual(kept.summary);
    expect(streamed.summary).toEqual({ PASS: 80, FAIL: 154, MANUAL: 10, ERROR: 0, muted: 0, total: 244 });
    expect(batches.map((batch) => batch.index).sort()).toEqual([0, 1]);
    const inOrder = [...batches].sort((a, b) => a.index - b.index);
    expect(inOrder.map((batch) => batch.account)).toEqual(streamed.scan.accounts);
    // The same findings (times aside) as the result that keeps them, in the listed order.
    const shape = (finding: { accountId: string; ruleId: string; status: string; resourceName: string }) =>
      `${finding.accountId} ${finding.ruleId} ${finding.status} ${finding.resourceName}`;
    expect(inOrder.flatMap((batch) => batch.findings.map(shape))).toEqual(kept.findings.map(shape));
  });
});
