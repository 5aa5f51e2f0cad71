/**
 * Per-region collection through the real SDK v3 clients against the local regional endpoint (EC2 Query
 * protocol, Access Analyzer REST-JSON): enabled regions only, DescribeInstances pagination, one denied
 * region → that region's ERROR only, and a live scan with both fakes (IAM/STS and regional).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scan } from "../../src/app/scan.js";
import type { AwsClients } from "../../src/aws/clients.js";
import { createClients } from "../../src/aws/clients.js";
import { collectDatasets } from "../../src/aws/runner.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { selectRules } from "../../src/engine/select.js";
import { rule as analyzerRule } from "../../src/rules/accessanalyzer/accessanalyzer_region_analyzer_active.js";
import { rule as profileRule } from "../../src/rules/ec2/ec2_instance_profile_attached.js";
import type { DatasetName } from "../../src/snapshot/datasets/index.js";
import { startFakeAws } from "../support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const ACCOUNT = "123456789012";

let regional: FakeRegional;
beforeEach(async () => {
  regional = await startFakeRegional();
});
afterEach(async () => {
  await regional.close();
});

function clients() {
  const made = createClients({
    region: "us-east-1",
    endpointUrl: regional.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  return made;
}

/** A region → value map as a plain object (what these tests compare with), or undefined. */
function byRegion<T>(values: ReadonlyMap<string, T> | undefined): Record<string, T> | undefined {
  return values ? Object.fromEntries(values) : undefined;
}

/** The runner's regional datasets of one account, in the shape these tests read. */
async function collectRegional(
  aws: AwsClients,
  accountId: string,
  options: { datasets: readonly DatasetName[]; concurrency?: number },
) {
  const { snapshot } = await collectDatasets(
    aws,
    { accountId, partition: "aws" },
    {
      datasets: options.datasets,
      collectedAt: new Date(),
      ...(options.concurrency !== undefined ? { regionConcurrency: options.concurrency } : {}),
    },
  );
  return {
    data: snapshot.regional && {
      ...snapshot.regional,
      ec2Instances: byRegion(snapshot.datasets?.["ec2.instances"]),
      accessAnalyzers: byRegion(snapshot.datasets?.["accessanalyzer.analyzers"]),
    },
    errors: snapshot.errors,
    snapshot,
  };
}

describe("collectRegional", () => {
  it("lists regions with AllRegions, reads only the enabled ones (opted-out skipped), in parallel", async () => {
    regional.addInstance("eu-west-1", {
      instanceId: "i-0aaa",
      instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/web",
    });
    regional.addInstance("af-south-1", { instanceId: "i-0bbb", state: "stopped", tags: { Name: "batch" } });
    regional.addAnalyzer("us-east-1", { name: "acct" });
    const aws = clients();
    try {
      const { data, errors } = await collectRegional(aws, ACCOUNT, {
        datasets: ["ec2.regions", "ec2.instances", "accessanalyzer.analyzers"],
        concurrency: 3,
      });
      expect(errors).toEqual([]);
      expect(data?.enabledRegions).toEqual(["af-south-1", "ap-southeast-2", "eu-west-1", "us-east-1"]);
      expect(data?.regions.find((r) => r.regionName === "me-south-1")?.optInStatus).toBe("not-opted-in");
      expect(data?.ec2Instances?.["af-south-1"]).toEqual([
        {
          instanceId: "i-0bbb",
          state: "stopped",
          instanceProfileArn: null,
          instanceType: "t3.micro",
          launchTime: new Date("2024-01-02T03:04:05Z"),
          name: "batch",
          tags: { Name: "batch" },
          httpTokens: "optional",
          httpEndpoint: "enabled",
          metadataOptionsState: "applied",
        },
      ]);
      expect(data?.ec2Instances?.["eu-west-1"]?.[0]?.instanceProfileArn).toBe(
        "arn:aws:iam::123456789012:instance-profile/web",
      );
      expect(data?.accessAnalyzers?.["us-east-1"]).toEqual([
        {
          name: "acct",
          arn: "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/acct",
          type: "ACCOUNT",
          status: "ACTIVE",
          statusReason: null,
          createdAt: new Date("2024-01-02T03:04:05Z"),
        },
      ]);
      // One DescribeRegions, then one call per data set in each of the four enabled regions; none in me-south-1.
      expect(regional.counts()).toEqual({
        "us-east-1 DescribeRegions": 1,
        "af-south-1 DescribeInstances": 1,
        "ap-southeast-2 DescribeInstances": 1,
        "eu-west-1 DescribeInstances": 1,
        "us-east-1 DescribeInstances": 1,
        "af-south-1 ListAnalyzers": 1,
        "ap-southeast-2 ListAnalyzers": 1,
        "eu-west-1 ListAnalyzers": 1,
        "us-east-1 ListAnalyzers": 1,
      });
      expect(aws.apiCalls()).toEqual({
        "ec2:DescribeRegions": 1,
        "ec2:DescribeInstances": 4,
        "access-analyzer:ListAnalyzers": 4,
      });
    } finally {
      aws.destroy();
    }
  });

  it("follows DescribeInstances NextToken across pages", async () => {
    regional.setRegions([{ regionName: "eu-west-1" }]);
    regional.setInstancePageSize(2);
    for (let i = 0; i < 5; i += 1) regional.addInstance("eu-west-1", { instanceId: `i-000${i}` });
    const aws = clients();
    try {
      const { data } = await collectRegional(aws, ACCOUNT, {
        datasets: ["ec2.regions", "ec2.instances"],
      });
      expect(data?.ec2Instances?.["eu-west-1"]?.map((i) => i.instanceId)).toEqual([
        "i-0000",
        "i-0001",
        "i-0002",
        "i-0003",
        "i-0004",
      ]);
      expect(regional.counts()["eu-west-1 DescribeInstances"]).toBe(3);
      expect(data?.accessAnalyzers).toBeUndefined();
    } finally {
      aws.destroy();
    }
  });

  it("AccessDenied on ListAnalyzers in one region → 1.20 ERROR for that region only, the others judged", async () => {
    regional.setRegions([
      { regionName: "us-east-1" },
      { regionName: "eu-west-1" },
      { regionName: "ap-southeast-2" },
    ]);
    regional.addAnalyzer("us-east-1", { name: "acct" });
    regional.addAnalyzer("ap-southeast-2", { name: "off", status: "DISABLED" });
    regional.deny("ListAnalyzers", "eu-west-1");
    const aws = clients();
    try {
      const { errors, snapshot } = await collectRegional(aws, ACCOUNT, {
        datasets: ["ec2.regions", "accessanalyzer.analyzers"],
      });
      expect(errors).toEqual([
        {
          dataset: "accessanalyzer.analyzers",
          api: "access-analyzer:ListAnalyzers",
          code: "AccessDeniedException",
          message:
            "access-analyzer:ListAnalyzers failed in eu-west-1 for account 123456789012: AccessDeniedException: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: access-analyzer:ListAnalyzers on resource: arn:aws:access-analyzer:eu-west-1:123456789012:*. The caller lacks the IAM permission access-analyzer:ListAnalyzers in eu-west-1.",
          missingPermission: "access-analyzer:ListAnalyzers",
          region: "eu-west-1",
        },
      ]);
      const findings = evaluate(snapshot, [analyzerRule, profileRule]);
      expect(findings.map((f) => [f.ruleId, f.region, f.status])).toEqual([
        ["accessanalyzer_region_analyzer_active", "ap-southeast-2", "FAIL"],
        ["accessanalyzer_region_analyzer_active", "us-east-1", "PASS"],
        ["accessanalyzer_region_analyzer_active", "eu-west-1", "ERROR"],
        // 1.18's dataset was not asked for: the engine says so once (MANUAL, not collected), never silence.
        ["ec2_instance_profile_attached", "global", "MANUAL"],
      ]);
      expect(findings[2]?.statusExtended).toBe(
        `Could not judge account 123456789012 in eu-west-1: ${errors[0]?.message}`,
      );
      expect(findings[2]?.evidence.missingPermission).toBe("access-analyzer:ListAnalyzers");
    } finally {
      aws.destroy();
    }
  });

  it("a denied DescribeRegions is one account-wide error for the regions data set", async () => {
    regional.deny("DescribeRegions", "*");
    const aws = clients();
    try {
      const result = await collectRegional(aws, ACCOUNT, {
        datasets: ["ec2.regions", "ec2.instances"],
      });
      expect(result.data).toBeUndefined();
      expect(result.errors).toEqual([
        {
          dataset: "ec2.regions",
          api: "ec2:DescribeRegions",
          code: "UnauthorizedOperation",
          message:
            "ec2:DescribeRegions failed for account 123456789012: UnauthorizedOperation: You are not authorized to perform this operation. The caller lacks the IAM permission ec2:DescribeRegions.",
          missingPermission: "ec2:DescribeRegions",
        },
      ]);
      expect(regional.counts()).toEqual({ "us-east-1 DescribeRegions": 1 });
    } finally {
      aws.destroy();
    }
  });
});

describe("a live scan with both fakes", () => {
  it("scan --framework cis_v150 judges 1.18 and 1.20 per region, and so does the default selection (every rule)", async ({
    onTestFinished,
  }) => {
    const fake = await startFakeAws();
    onTestFinished(() => fake.close());
    fake.addUser({ userName: "alice", createDate: "2024-01-02T03:04:05Z" });
    regional.setRegions([
      { regionName: "us-east-1" },
      { regionName: "eu-west-1" },
      { regionName: "me-south-1", optInStatus: "not-opted-in" },
    ]);
    regional.addInstance("eu-west-1", {
      instanceId: "i-0aaa",
      instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/web",
    });
    regional.addInstance("eu-west-1", { instanceId: "i-0bbb", state: "stopped" });
    regional.addInstance("us-east-1", { instanceId: "i-0ccc", state: "terminated" });
    regional.addAnalyzer("us-east-1", { name: "acct" });
    regional.addAnalyzer("eu-west-1", { name: "creating", status: "CREATING" });
    vi.stubEnv("AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey);
    vi.stubEnv("AWS_ENDPOINT_URL", fake.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_EC2", regional.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_ACCESSANALYZER", regional.endpoint);
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const connection = { region: "us-east-1", retryBaseMs: 1, maxAttempts: 2 };
    const selection = selectRules({ framework: "cis_v150" });
    const result = await scan({ connection, rules: selection.rules, reportPollBaseMs: 1 });
    const regionalFindings = result.findings
      .filter((f) => f.ruleId === profileRule.id || f.ruleId === analyzerRule.id)
      .map((f) => [f.ruleId, f.region, f.resourceName, f.status]);
    expect(regionalFindings).toEqual([
      ["ec2_instance_profile_attached", "eu-west-1", "i-0aaa", "PASS"],
      ["ec2_instance_profile_attached", "eu-west-1", "i-0bbb", "FAIL"],
      ["accessanalyzer_region_analyzer_active", "eu-west-1", ACCOUNT, "FAIL"],
      ["accessanalyzer_region_analyzer_active", "us-east-1", "acct", "PASS"],
    ]);
    expect(result.scan.accounts[0]?.apiCalls).toMatchObject({
      "ec2:DescribeRegions": 1,
      "ec2:DescribeInstances": 2,
      "access-analyzer:ListAnalyzers": 2,
    });
    // (and the VPCs and flow logs of 3.9, on the same EC2 endpoint).
    expect(Object.keys(regional.counts()).sort()).toEqual([
      "eu-west-1 DescribeFlowLogs",
      "eu-west-1 DescribeInstances",
      "eu-west-1 DescribeNetworkAcls",
      "eu-west-1 DescribeNetworkInterfaces",
      "eu-west-1 DescribeRouteTables",
      "eu-west-1 DescribeSecurityGroups",
      "eu-west-1 DescribeVpcs",
      "eu-west-1 GetEbsEncryptionByDefault",
      "eu-west-1 ListAnalyzers",
      "us-east-1 DescribeFlowLogs",
      "us-east-1 DescribeInstances",
      "us-east-1 DescribeNetworkAcls",
      "us-east-1 DescribeNetworkInterfaces",
      "us-east-1 DescribeRegions",
      "us-east-1 DescribeRouteTables",
      "us-east-1 DescribeSecurityGroups",
      "us-east-1 DescribeVpcs",
      "us-east-1 GetEbsEncryptionByDefault",
      "us-east-1 ListAnalyzers",
    ]);

    // No rule named: every rule runs, the per-region ones included, with the same verdicts and calls.
    const byDefault = await scan({ connection, reportPollBaseMs: 1 });
    expect(
      byDefault.findings
        .filter((f) => f.ruleId === profileRule.id || f.ruleId === analyzerRule.id)
        .map((f) => [f.ruleId, f.region, f.resourceName, f.status]),
    ).toEqual(regionalFindings);
    expect(byDefault.scan.accounts[0]?.apiCalls).toMatchObject({
      "ec2:DescribeRegions": 1,
      "ec2:DescribeInstances": 2,
      "access-analyzer:ListAnalyzers": 2,
    });
  });
});
