/**
 * Rules 1.18 (ec2_instance_profile_attached) and 1.20 (accessanalyzer_region_analyzer_active) over literal
 * snapshots: PASS/FAIL per instance and per region, opted-out regions never judged, a region that could
 * not be read → one ERROR for that region only (the engine's), offline snapshots → one MANUAL finding.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../src/engine/evaluate.js";
import { CONCEPTS } from "../../src/frameworks/index.js";
import { findingUid } from "../../src/model/finding.js";
import { rule as analyzerRule } from "../../src/rules/accessanalyzer/accessanalyzer_region_analyzer_active.js";
import { rule as profileRule } from "../../src/rules/ec2/ec2_instance_profile_attached.js";
import type { AccessAnalyzer, Ec2Instance, RegionalData as Regions } from "../../src/snapshot/regional.js";
import type { CollectionError, Snapshot } from "../../src/snapshot/types.js";

const ACCOUNT = "111122223333";
const AT = new Date("2024-03-02T12:00:00Z");

/** The regions and, per region, the instances and analyzers read (absent: not read there). */
interface RegionalData extends Regions {
  readonly ec2Instances?: Readonly<Record<string, readonly Ec2Instance[]>>;
  readonly accessAnalyzers?: Readonly<Record<string, readonly AccessAnalyzer[]>>;
}

/** A live snapshot holding `regional` (datasets `ec2.regions`, `ec2.instances`, `accessanalyzer.analyzers`). */
function snapshot(regional: RegionalData | undefined, errors: CollectionError[] = []): Snapshot {
  if (!regional)
    return {
      accountId: ACCOUNT,
      partition: "aws",
      collectedAt: AT,
      source: "credential-report-file",
      errors,
    };
  const { ec2Instances, accessAnalyzers, ...regions } = regional;
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors,
    regional: regions,
    datasets: {
      ...(ec2Instances ? { "ec2.instances": new Map(Object.entries(ec2Instances)) } : {}),
      ...(accessAnalyzers ? { "accessanalyzer.analyzers": new Map(Object.entries(accessAnalyzers)) } : {}),
    },
    collected: [
      "ec2.regions",
      ...(ec2Instances || errors.some((e) => e.dataset === "ec2.instances")
        ? (["ec2.instances"] as const)
        : []),
      ...(accessAnalyzers || errors.some((e) => e.dataset === "accessanalyzer.analyzers")
        ? (["accessanalyzer.analyzers"] as const)
        : []),
    ],
  };
}

function instance(instanceId: string, fields: Partial<Ec2Instance> = {}): Ec2Instance {
  return {
    instanceId,
    state: "running",
    instanceProfileArn: null,
    instanceType: "t3.micro",
    launchTime: new Date("2024-01-02T03:04:05Z"),
    name: null,
    tags: {},
    ...fields,
  };
}

function analyzer(name: string, region: string, fields: Partial<AccessAnalyzer> = {}): AccessAnalyzer {
  return {
    name,
    arn: `arn:aws:access-analyzer:${region}:${ACCOUNT}:analyzer/${name}`,
    type: "ACCOUNT",
    status: "ACTIVE",
    statusReason: null,
    createdAt: new Date("2024-01-02T03:04:05Z"),
    ...fields,
  };
}

const REGIONS = [
  { regionName: "eu-west-1", optInStatus: "opt-in-not-required" },
  { regionName: "me-south-1", optInStatus: "not-opted-in" },
  { regionName: "us-east-1", optInStatus: "opt-in-not-required" },
];

const DENIED: CollectionError = {
  dataset: "accessanalyzer.analyzers",
  api: "access-analyzer:ListAnalyzers",
  code: "AccessDeniedException",
  message:
    "access-analyzer:ListAnalyzers failed in eu-west-1 for account 111122223333: AccessDeniedException: denied. The caller lacks the IAM permission access-analyzer:ListAnalyzers in eu-west-1.",
  missingPermission: "access-analyzer:ListAnalyzers",
  region: "eu-west-1",
};

describe("ec2_instance_profile_attached (CIS v1.5.0 1.18)", () => {
  it("PASSes an instance with a profile and FAILs running and stopped ones without; terminated ones are not judged", () => {
    const findings = evaluateRule(
      profileRule,
      snapshot({
        regions: REGIONS,
        enabledRegions: ["eu-west-1", "us-east-1"],
        ec2Instances: {
          "eu-west-1": [
            instance("i-0bbb", { state: "stopped", name: "batch" }),
            instance("i-0aaa", { instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` }),
            instance("i-0ccc", { state: "terminated" }),
          ],
          "us-east-1": [instance("i-0ddd")],
        },
      }),
    );
    expect(findings.map((f) => [f.region, f.resourceName, f.status])).toEqual([
      ["eu-west-1", "i-0aaa", "PASS"],
      ["eu-west-1", "i-0bbb", "FAIL"],
      ["us-east-1", "i-0ddd", "FAIL"],
    ]);
    expect(findings[1]).toEqual({
      uid: findingUid(ACCOUNT, "ec2_instance_profile_attached", [
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0bbb`,
      ]),
      ruleId: "ec2_instance_profile_attached",
      status: "FAIL",
      muted: false,
      severity: "medium",
      accountId: ACCOUNT,
      region: "eu-west-1",
      resourceType: "AWS::EC2::Instance",
      resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0bbb`,
      resourceName: "i-0bbb",
      statusExtended:
        "EC2 instance i-0bbb (batch) in eu-west-1 is stopped and has no IAM instance profile: software on it that calls AWS would need stored access keys.",
      evidence: {
        region: "eu-west-1",
        instanceId: "i-0bbb",
        name: "batch",
        state: "stopped",
        instanceType: "t3.micro",
        launchTime: "2024-01-02T03:04:05Z",
        instanceProfileArn: null,
      },
      frameworks: {
        cis_v120: ["1.19"],
        cis_v130: ["1.18"],
        cis_v140: ["1.18"],
        cis_v150: ["1.18"],
        cis_v200: ["1.18"],
        cis_v300: ["1.18"],
        cis_v400: ["1.18"],
        cis_v500: ["1.17"],
        cis_v600: ["2.17"],
      },
    });
    expect(findings[0]?.statusExtended).toBe(
      `EC2 instance i-0aaa in eu-west-1 is running with instance profile arn:aws:iam::${ACCOUNT}:instance-profile/web.`,
    );
  });

  it("a region whose instances could not be read → one ERROR for it, the other region still judged", () => {
    const error: CollectionError = {
      dataset: "ec2.instances",
      api: "ec2:DescribeInstances",
      code: "UnauthorizedOperation",
      message: "ec2:DescribeInstances failed in us-east-1 for account 111122223333: denied.",
      missingPermission: "ec2:DescribeInstances",
      region: "us-east-1",
    };
    const findings = evaluateRule(
      profileRule,
      snapshot(
        {
          regions: REGIONS,
          enabledRegions: ["eu-west-1", "us-east-1"],
          ec2Instances: { "eu-west-1": [instance("i-0aaa")] },
        },
        [error],
      ),
    );
    expect(findings.map((f) => [f.region, f.resourceName, f.status])).toEqual([
      ["eu-west-1", "i-0aaa", "FAIL"],
      ["us-east-1", ACCOUNT, "ERROR"],
    ]);
    expect(findings[1]?.evidence).toEqual({
      region: "us-east-1",
      api: "ec2:DescribeInstances",
      errorCode: "UnauthorizedOperation",
      missingPermission: "ec2:DescribeInstances",
      dataset: "ec2.instances",
    });
  });

  it("an offline snapshot (no regional data) → one MANUAL finding with the audit steps", () => {
    const [finding, ...rest] = evaluateRule(profileRule, snapshot(undefined));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: "MANUAL",
      region: "global",
      resourceType: "AWS::::Account",
      statusExtended:
        "EC2 instances use an IAM instance profile (role) for AWS access: not judged offline for account 111122223333: it needs ec2.regions, ec2.instances, which a credential report file does not hold; run a live scan (ec2:DescribeInstances, ec2:DescribeRegions).",
    });
    expect(finding?.evidence.reason).toBe("not-collected");
    expect(finding?.evidence.auditSteps).toEqual(CONCEPTS.instance_roles.auditSteps);
  });
});

describe("accessanalyzer_region_analyzer_active (CIS v1.5.0 1.20)", () => {
  const data: RegionalData = {
    regions: REGIONS,
    enabledRegions: ["eu-west-1", "us-east-1"],
    accessAnalyzers: {
      "eu-west-1": [analyzer("org", "eu-west-1", { type: "ORGANIZATION" })],
      "us-east-1": [
        analyzer("old", "us-east-1", { status: "DISABLED", statusReason: "AWS_SERVICE_ACCESS_DISABLED" }),
        analyzer("unused", "us-east-1", { type: "ACCOUNT_UNUSED_ACCESS" }),
      ],
    },
  };

  it("PASSes a region with an ACTIVE external-access analyzer; FAILs one with only inactive or unused-access analyzers; skips opted-out regions", () => {
    const findings = evaluateRule(analyzerRule, snapshot(data));
    expect(findings.map((f) => [f.region, f.status, f.statusExtended])).toEqual([
      [
        "eu-west-1",
        "PASS",
        "IAM Access Analyzer is enabled in eu-west-1: analyzer org (ORGANIZATION) is ACTIVE.",
      ],
      [
        "us-east-1",
        "FAIL",
        "IAM Access Analyzer is not enabled in us-east-1: no external-access analyzer is ACTIVE (old (ACCOUNT, DISABLED, AWS_SERVICE_ACCESS_DISABLED); unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)).",
      ],
    ]);
    expect(findings[0]).toMatchObject({
      resourceType: "AWS::AccessAnalyzer::Analyzer",
      resourceArn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/org`,
      resourceName: "org",
      uid: findingUid(ACCOUNT, "accessanalyzer_region_analyzer_active", ["account", "eu-west-1"]),
      frameworks: {
        cis_v130: ["1.21"],
        cis_v140: ["1.20"],
        cis_v150: ["1.20"],
        cis_v200: ["1.20"],
        cis_v300: ["1.20"],
        cis_v400: ["1.20"],
        cis_v500: ["1.19"],
        cis_v600: ["2.19"],
      },
    });
    expect(findings[1]).toMatchObject({
      resourceType: "AWS::::Account",
      resourceArn: `arn:aws:iam::${ACCOUNT}:root`,
      evidence: {
        region: "us-east-1",
        analyzers: [
          {
            name: "old",
            arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/old`,
            type: "ACCOUNT",
            status: "DISABLED",
            statusReason: "AWS_SERVICE_ACCESS_DISABLED",
            createdAt: "2024-01-02T03:04:05Z",
          },
          expect.objectContaining({ name: "unused" }),
        ],
      },
    });
  });

  it("FAILs a region with no analyzer at all", () => {
    const findings = evaluateRule(
      analyzerRule,
      snapshot({ regions: REGIONS, enabledRegions: ["us-east-1"], accessAnalyzers: { "us-east-1": [] } }),
    );
    expect(findings.map((f) => f.statusExtended)).toEqual([
      "IAM Access Analyzer is not enabled in us-east-1: the region has no analyzer.",
    ]);
  });

  it("AccessDenied on ListAnalyzers in one region → ERROR for that region only, with the uid its verdict has", () => {
    const findings = evaluateRule(
      analyzerRule,
      snapshot({ ...data, accessAnalyzers: { "us-east-1": data.accessAnalyzers?.["us-east-1"] ?? [] } }, [
        DENIED,
      ]),
    );
    expect(findings.map((f) => [f.region, f.status])).toEqual([
      ["us-east-1", "FAIL"],
      ["eu-west-1", "ERROR"],
    ]);
    expect(findings[1]).toMatchObject({
      uid: findingUid(ACCOUNT, "accessanalyzer_region_analyzer_active", ["account", "eu-west-1"]),
      resourceType: "AWS::::Account",
      statusExtended: `Could not judge account ${ACCOUNT} in eu-west-1: ${DENIED.message}`,
      evidence: {
        region: "eu-west-1",
        api: "access-analyzer:ListAnalyzers",
        errorCode: "AccessDeniedException",
        missingPermission: "access-analyzer:ListAnalyzers",
        dataset: "accessanalyzer.analyzers",
      },
    });
  });

  it("DescribeRegions denied → one account-wide ERROR, as for any account-wide data set", () => {
    const findings = evaluateRule(
      analyzerRule,
      snapshot(undefined, [
        {
          dataset: "ec2.regions",
          api: "ec2:DescribeRegions",
          code: "UnauthorizedOperation",
          message: "ec2:DescribeRegions failed for account 111122223333: denied.",
          missingPermission: "ec2:DescribeRegions",
        },
      ]),
    );
    expect(findings.map((f) => [f.region, f.status, f.statusExtended])).toEqual([
      [
        "global",
        "ERROR",
        "Could not judge account 111122223333: ec2:DescribeRegions failed for account 111122223333: denied.",
      ],
    ]);
  });
});
