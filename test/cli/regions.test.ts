/**
 * `--regions`: the per-region rules read only the regions named (of the enabled ones); a named region
 * that is not enabled is said out loud; a malformed name is a usage error before any AWS call.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";

beforeAll(ensureBuilt, 120_000);

let fake: FakeAws;
let regional: FakeRegional;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  regional = await startFakeRegional({ accountId: "111122223333" });
  regional.setRegions([
    { regionName: "us-east-1" },
    { regionName: "eu-west-1" },
    { regionName: "ap-southeast-2" },
    { regionName: "me-south-1", optInStatus: "not-opted-in" },
  ]);
  regional.setEbsEncryptionByDefault("eu-west-1", true);
});
afterEach(async () => {
  await fake.close();
  await regional.close();
});

describe("scan --regions", () => {
  it("reads only the named enabled regions, and warns about a named region that is not enabled", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, AWS_ENDPOINT_URL_EC2: regional.endpoint };
    const run = await cli(
      dir,
      [
        "scan",
        "--rule",
        "ec2_ebs_encryption_by_default_enabled",
        "--regions",
        "eu-west-1, me-south-1,ap-southeast-2,eu-west-1",
        "-o",
        "json",
        "--no-history",
      ],
      env,
    );
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as {
      findings: { region: string; status: string }[];
      warnings: string[];
    };
    expect(result.findings.map((f) => [f.region, f.status])).toEqual([
      ["ap-southeast-2", "FAIL"],
      ["eu-west-1", "PASS"],
    ]);
    expect(result.warnings).toEqual([
      "Only 2 of the 3 enabled regions of account 111122223333 were judged (ap-southeast-2, eu-west-1, --regions): requirements for every region hold for those regions only.",
      "--regions names me-south-1, which is not enabled in account 111122223333 (EC2 DescribeRegions): not read.",
    ]);
    expect(run.stderr).toContain("me-south-1, which is not enabled");
    expect(regional.counts()).toEqual({
      "us-east-1 DescribeRegions": 1,
      "eu-west-1 GetEbsEncryptionByDefault": 1,
      "eu-west-1 GetEbsDefaultKmsKeyId": 1,
      "ap-southeast-2 GetEbsEncryptionByDefault": 1,
    });
    // The rule needs no IAM data: STS alone identifies the account.
    expect(fake.counts()).toEqual({ GetCallerIdentity: 1 });
  });

  it("naming only regions that are not enabled: one MANUAL finding saying no region was read, never an empty report", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, AWS_ENDPOINT_URL_EC2: regional.endpoint };
    const run = await cli(
      dir,
      [
        "scan",
        "--rule",
        "ec2_ebs_encryption_by_default_enabled",
        "--regions",
        "eu-wset-1",
        "-o",
        "json",
        "--no-history",
      ],
      env,
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      findings: { status: string; evidence: Record<string, unknown> }[];
    };
    expect(result.findings.map((f) => [f.status, f.evidence.reason])).toEqual([["MANUAL", "no-region-read"]]);
    expect(regional.counts()).toEqual({ "us-east-1 DescribeRegions": 1 });
  });

  it("a malformed region name is a usage error (exit 2) before any AWS call", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const env = { AWS_ENDPOINT_URL: fake.endpoint, AWS_ENDPOINT_URL_EC2: regional.endpoint };
    for (const [value, message] of [
      ["EU_WEST_1", 'not one: "EU_WEST_1".'],
      [",", "--regions takes region names, comma-separated."],
    ]) {
      const run = await cli(dir, ["scan", "--regions", value as string, "--no-history"], env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(message as string);
    }
    expect(fake.counts()).toEqual({});
    expect(regional.counts()).toEqual({});
  });

  it("12,000 bad names: one short error line naming 10 of them and counting the rest, the argument cut (the trial saw 181,958 bytes)", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const names = Array.from({ length: 12_000 }, (_, i) => `bad_${i}`);
    const long = `x${"y".repeat(200)}`;
    const value = ["eu-west-1", long, ...names].join(",");
    const run = await cli(dir, ["scan", "--regions", value, "--no-history"], {
      AWS_ENDPOINT_URL: fake.endpoint,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const quoted = [
      `"x${"y".repeat(119)}…" (201 characters)`,
      ...names.slice(0, 9).map((name) => `"${name}"`),
    ];
    expect(run.stderr).toBe(
      `cloudpatrol: option '--regions <names>' argument ${JSON.stringify(`${value.slice(0, 120)}…`)} (${value.length} characters) is invalid. ` +
        `--regions takes AWS region names such as eu-west-1; not one: ${quoted.join(", ")} and 11991 more.\n`,
    );
    expect(fake.counts()).toEqual({});
  });
});
