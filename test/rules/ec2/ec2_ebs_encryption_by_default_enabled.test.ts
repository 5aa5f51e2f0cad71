/**
 * CIS v1.5.0 2.2.1 (ec2_ebs_encryption_by_default_enabled): one finding per enabled region, PASS or FAIL
 * from GetEbsEncryptionByDefault. Over literal datasets (engine: a failed region → that region's ERROR,
 * not collected → MANUAL); live against moto (the real SDK, two regions on, the rest off, no IAM call);
 * an AccessDenied region through our fake (exact request counts); offline from a snapshot file.
 */
import { EC2Client, EnableEbsEncryptionByDefaultCommand } from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scan, scanAccount } from "../../../src/app/scan.js";
import { createClients } from "../../../src/aws/clients.js";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/ec2/ec2_ebs_encryption_by_default_enabled.js";
import type { EbsEncryptionByDefault } from "../../../src/snapshot/datasets/ec2.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";
import { startFakeAws } from "../../support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../../support/fake-regional.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, motoClientConfig } from "../../support/moto.js";

const ACCOUNT = "111122223333";
const AT = new Date("2024-03-02T12:00:00Z");

/** A live snapshot holding the setting of each region given (the enabled regions are those). */
function snapshot(
  settings: Record<string, EbsEncryptionByDefault>,
  errors: CollectionError[] = [],
): Snapshot {
  const regions = [
    ...Object.keys(settings),
    ...errors.flatMap((error) => (error.region ? [error.region] : [])),
  ].sort();
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors,
    regional: {
      regions: regions.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: regions,
    },
    datasets: { "ec2.ebsEncryptionByDefault": new Map(Object.entries(settings)) },
    collected: ["ec2.regions", "ec2.ebsEncryptionByDefault"],
  };
}

const ON: EbsEncryptionByDefault = {
  enabled: true,
  kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:alias/aws/ebs",
  kmsKeyIdError: null,
};
const OFF: EbsEncryptionByDefault = { enabled: false, kmsKeyId: null, kmsKeyIdError: null };

describe("ec2_ebs_encryption_by_default_enabled over literal datasets", () => {
  it("PASSes a region with encryption by default, FAILs one without, one finding per region", () => {
    const findings = evaluateRule(rule, snapshot({ "eu-west-1": ON, "us-east-1": OFF }));
    expect(
      findings.map((f) => [f.region, f.status, f.resourceType, f.resourceArn, f.statusExtended]),
    ).toEqual([
      [
        "eu-west-1",
        "PASS",
        "AWS::::Account",
        "arn:aws:iam::111122223333:root",
        "EBS encryption by default is enabled in eu-west-1: new volumes are encrypted with arn:aws:kms:eu-west-1:111122223333:alias/aws/ebs.",
      ],
      [
        "us-east-1",
        "FAIL",
        "AWS::::Account",
        "arn:aws:iam::111122223333:root",
        "EBS encryption by default is disabled in us-east-1: new EBS volumes there are created unencrypted unless each request asks for encryption.",
      ],
    ]);
    expect(findings.map((f) => f.evidence)).toEqual([
      {
        region: "eu-west-1",
        ebsEncryptionByDefault: true,
        defaultKmsKeyId: "arn:aws:kms:eu-west-1:111122223333:alias/aws/ebs",
        source: "ec2:GetEbsEncryptionByDefault",
      },
      {
        region: "us-east-1",
        ebsEncryptionByDefault: false,
        defaultKmsKeyId: null,
        source: "ec2:GetEbsEncryptionByDefault",
      },
    ]);
    expect(findings.map((f) => f.uid)).toEqual([
      findingUid(ACCOUNT, rule.id, ["account", "eu-west-1"]),
      findingUid(ACCOUNT, rule.id, ["account", "us-east-1"]),
    ]);
    expect(findings.map((f) => f.severity)).toEqual(["medium", "medium"]);
  });

  it("says why the default key is unknown (evidence only: the verdict is the setting)", () => {
    const [finding] = evaluateRule(
      rule,
      snapshot({ "eu-west-1": { enabled: true, kmsKeyId: null, kmsKeyIdError: "UnauthorizedOperation" } }),
    );
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toBe(
      "EBS encryption by default is enabled in eu-west-1: new volumes are encrypted.",
    );
    expect(finding?.evidence).toMatchObject({
      defaultKmsKeyId: null,
      defaultKmsKeyIdError: "UnauthorizedOperation",
    });
  });

  it("a region whose setting could not be read → that region's ERROR (same uid as its verdict), the others judged", () => {
    const denied: CollectionError = {
      dataset: "ec2.ebsEncryptionByDefault",
      api: "ec2:GetEbsEncryptionByDefault",
      code: "UnauthorizedOperation",
      message:
        "ec2:GetEbsEncryptionByDefault failed in eu-west-1 for account 111122223333: UnauthorizedOperation: denied. The caller lacks the IAM permission ec2:GetEbsEncryptionByDefault in eu-west-1.",
      missingPermission: "ec2:GetEbsEncryptionByDefault",
      region: "eu-west-1",
    };
    const findings = evaluateRule(rule, snapshot({ "us-east-1": OFF }, [denied]));
    expect(findings.map((f) => [f.region, f.status])).toEqual([
      ["us-east-1", "FAIL"],
      ["eu-west-1", "ERROR"],
    ]);
    expect(findings[1]).toMatchObject({
      uid: findingUid(ACCOUNT, rule.id, ["account", "eu-west-1"]),
      statusExtended: `Could not judge account ${ACCOUNT} in eu-west-1: ${denied.message}`,
      evidence: {
        region: "eu-west-1",
        api: "ec2:GetEbsEncryptionByDefault",
        errorCode: "UnauthorizedOperation",
        missingPermission: "ec2:GetEbsEncryptionByDefault",
        dataset: "ec2.ebsEncryptionByDefault",
      },
    });
  });

  it("DescribeRegions denied → one account-wide ERROR naming it", () => {
    const findings = evaluateRule(rule, {
      accountId: ACCOUNT,
      partition: "aws",
      collectedAt: AT,
      source: "aws",
      errors: [
        {
          dataset: "ec2.regions",
          api: "ec2:DescribeRegions",
          code: "UnauthorizedOperation",
          message: "ec2:DescribeRegions failed for account 111122223333: denied.",
          missingPermission: "ec2:DescribeRegions",
        },
      ],
      collected: [],
    });
    expect(findings.map((f) => [f.region, f.status, f.evidence.api, f.evidence.missingPermission])).toEqual([
      ["global", "ERROR", "ec2:DescribeRegions", "ec2:DescribeRegions"],
    ]);
  });

  it("not collected (a snapshot collected for other rules) → one MANUAL naming the dataset and the API", () => {
    const findings = evaluateRule(rule, {
      accountId: ACCOUNT,
      partition: "aws",
      collectedAt: AT,
      source: "aws",
      errors: [],
      collected: ["iam.credentialReport"],
    });
    expect(findings.map((f) => [f.status, f.region, f.evidence.notCollected, f.evidence.apis])).toEqual([
      [
        "MANUAL",
        "global",
        ["ec2.regions", "ec2.ebsEncryptionByDefault"],
        ["ec2:DescribeRegions", "ec2:GetEbsDefaultKmsKeyId", "ec2:GetEbsEncryptionByDefault"],
      ],
    ]);
  });
});

describeWithMoto("ec2_ebs_encryption_by_default_enabled against moto (the real SDK v3)", (moto) => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function enable(region: string): Promise<void> {
    const ec2 = new EC2Client(motoClientConfig(moto(), region));
    try {
      await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    } finally {
      ec2.destroy();
    }
  }

  it("two regions on, the rest off: PASS in those two, FAIL in every other enabled region; no IAM call", async () => {
    await enable("eu-west-1");
    await enable("us-east-1");
    const result = await scan({
      connection: { region: "us-east-1", endpointUrl: moto().endpoint, maxAttempts: 1 },
      rules: [rule],
      regions: ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1"],
    });
    expect(result.findings.map((f) => [f.ruleId, f.region, f.status, f.accountId])).toEqual([
      [rule.id, "ap-southeast-2", "FAIL", MOTO_ACCOUNT_ID],
      [rule.id, "eu-west-1", "PASS", MOTO_ACCOUNT_ID],
      [rule.id, "sa-east-1", "FAIL", MOTO_ACCOUNT_ID],
      [rule.id, "us-east-1", "PASS", MOTO_ACCOUNT_ID],
    ]);
    // moto implements GetEbsEncryptionByDefault but not GetEbsDefaultKmsKeyId (HTTP 500): the key is
    // evidence only, so the PASS stands and says why the key is unknown.
    expect(result.findings[1]?.evidence).toMatchObject({
      ebsEncryptionByDefault: true,
      defaultKmsKeyId: null,
    });
    expect(result.findings[1]?.evidence.defaultKmsKeyIdError).toEqual(expect.any(String));
    // Exactly the EBS calls: STS for the account, DescribeRegions once, one setting per region (and the key
    // of the two that are on); nothing from IAM, no credential report.
    expect(result.scan.accounts[0]?.apiCalls).toEqual({
      "sts:GetCallerIdentity": 1,
      "ec2:DescribeRegions": 1,
      "ec2:GetEbsEncryptionByDefault": 4,
      "ec2:GetEbsDefaultKmsKeyId": 2,
    });
    // A region-limited scan says so: "in all regions" holds for the four regions read only.
    expect(result.warnings).toEqual([
      "Only 4 of the 24 enabled regions of account 123456789012 were judged (ap-southeast-2, eu-west-1, sa-east-1, us-east-1, --regions): requirements for every region hold for those regions only.",
    ]);
  });

  it("every enabled region moto lists is judged when --regions is not given", async () => {
    await enable("eu-west-1");
    const result = await scan({
      connection: { region: "us-east-1", endpointUrl: moto().endpoint, maxAttempts: 1 },
      rules: [rule],
    });
    const regions = result.findings.map((f) => f.region);
    expect(regions).toEqual([...regions].sort());
    expect(regions).toContain("eu-west-1");
    expect(regions).not.toContain("me-south-1"); // not-opted-in in moto's list: never judged
    expect(result.findings.filter((f) => f.status === "PASS").map((f) => f.region)).toEqual(["eu-west-1"]);
    expect(result.findings.filter((f) => f.status === "ERROR")).toEqual([]);
    expect(result.findings.length).toBe(result.scan.accounts[0]?.apiCalls?.["ec2:GetEbsEncryptionByDefault"]);
  });
});

describe("ec2_ebs_encryption_by_default_enabled through our fake (faults, exact requests)", () => {
  let regional: FakeRegional;
  beforeEach(async () => {
    regional = await startFakeRegional();
  });
  afterEach(async () => {
    await regional.close();
    vi.unstubAllEnvs();
  });

  it("AccessDenied in one region → ERROR there only; the snapshot saved and read again gives the same findings", async ({
    onTestFinished,
  }) => {
    const fake = await startFakeAws();
    onTestFinished(() => fake.close());
    regional.setRegions([
      { regionName: "us-east-1" },
      { regionName: "eu-west-1" },
      { regionName: "ap-southeast-2" },
      { regionName: "me-south-1", optInStatus: "not-opted-in" },
    ]);
    regional.setEbsEncryptionByDefault("us-east-1", true, "arn:aws:kms:us-east-1:123456789012:key/1234abcd");
    regional.deny("GetEbsEncryptionByDefault", "eu-west-1");
    vi.stubEnv("AWS_ENDPOINT_URL", fake.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_EC2", regional.endpoint);
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: [rule], collectedAt: AT });
      expect(clients.apiCalls()).toEqual({
        "sts:GetCallerIdentity": 1,
        "ec2:DescribeRegions": 1,
        "ec2:GetEbsEncryptionByDefault": 3,
        "ec2:GetEbsDefaultKmsKeyId": 1,
      });
    } finally {
      clients.destroy();
    }
    expect(live.findings.map((f) => [f.region, f.status, f.statusExtended])).toEqual([
      ["ap-southeast-2", "FAIL", expect.stringContaining("disabled in ap-southeast-2")],
      [
        "us-east-1",
        "PASS",
        "EBS encryption by default is enabled in us-east-1: new volumes are encrypted with arn:aws:kms:us-east-1:123456789012:key/1234abcd.",
      ],
      [
        "eu-west-1",
        "ERROR",
        "Could not judge account 123456789012 in eu-west-1: ec2:GetEbsEncryptionByDefault failed in eu-west-1 for account 123456789012: UnauthorizedOperation: You are not authorized to perform this operation. The caller lacks the IAM permission ec2:GetEbsEncryptionByDefault in eu-west-1.",
      ],
    ]);
    expect(live.findings[2]?.evidence.missingPermission).toBe("ec2:GetEbsEncryptionByDefault");
    // No IAM request at all: the rule needs no credential report.
    expect(fake.counts()).toEqual({ GetCallerIdentity: 1 });
    expect(regional.counts()).toEqual({
      "us-east-1 DescribeRegions": 1,
      "us-east-1 GetEbsEncryptionByDefault": 1,
      "us-east-1 GetEbsDefaultKmsKeyId": 1,
      "eu-west-1 GetEbsEncryptionByDefault": 1,
      "ap-southeast-2 GetEbsEncryptionByDefault": 1,
    });
    // Offline from the snapshot file: the same findings, no AWS call.
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(offline.collected).toEqual(["ec2.regions", "ec2.ebsEncryptionByDefault"]);
    expect(evaluateRule(rule, offline)).toEqual(live.findings);
  });
});
