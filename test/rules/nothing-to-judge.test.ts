/**
 * Every per-region rule that says "nothing to judge" on the account (no file system, no DB instance, no
 * VPC, no key in scope): one PASS when every enabled region was read and holds nothing; no PASS while a
 * region's read failed (that region's ERROR finding alone: what it holds is unknown); MANUAL naming an
 * enabled region that holds no value and no error (a hand-edited snapshot). Literal snapshots: two
 * enabled regions, us-east-1 and eu-west-1.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../src/engine/evaluate.js";
import { rule as efsEncrypted } from "../../src/rules/efs/efs_file_system_encrypted.js";
import { rule as kmsRotation } from "../../src/rules/kms/kms_cmk_rotation_enabled.js";
import { rule as minorUpgrade } from "../../src/rules/rds/rds_instance_minor_version_upgrade_enabled.js";
import { rule as multiAz } from "../../src/rules/rds/rds_instance_multi_az.js";
import { rule as noPublic } from "../../src/rules/rds/rds_instance_no_public_access.js";
import { rule as rdsEncrypted } from "../../src/rules/rds/rds_instance_storage_encrypted.js";
import type { Rule } from "../../src/rules/types.js";
import { rule as flowLogs } from "../../src/rules/vpc/vpc_flow_logs_enabled.js";
import type { RegionalDatasetName } from "../../src/snapshot/datasets/index.js";
import type { CollectionError, Snapshot } from "../../src/snapshot/types.js";

const ACCOUNT = "111122223333";
const REGIONS = ["eu-west-1", "us-east-1"];

interface Case {
  readonly rule: Rule;
  /** The datasets the rule reads: each collected empty in the regions read. */
  readonly datasets: readonly RegionalDatasetName[];
  /** The dataset whose read fails in us-east-1, and its API. */
  readonly failing: RegionalDatasetName;
  readonly api: string;
  /** The sentence of the PASS when both regions were read. */
  readonly pass: string;
}

const CASES: readonly Case[] = [
  ...[rdsEncrypted, minorUpgrade, noPublic, multiAz].map((rule) => ({
    rule: rule as Rule,
    datasets: rule.requires as RegionalDatasetName[],
    failing: "rds.dbInstances" as const,
    api: "rds:DescribeDBInstances",
    pass: `Account ${ACCOUNT} has no DB instance in the 2 regions read: nothing to judge.`,
  })),
  {
    rule: efsEncrypted,
    datasets: ["efs.fileSystems"],
    failing: "efs.fileSystems",
    api: "elasticfilesystem:DescribeFileSystems",
    pass: `Account ${ACCOUNT} has no EFS file system in the 2 regions read: nothing to judge.`,
  },
  {
    rule: kmsRotation,
    datasets: ["kms.keys"],
    failing: "kms.keys",
    api: "kms:ListKeys",
    pass: `Account ${ACCOUNT} has no enabled customer managed symmetric KMS key with KMS-generated key material in the 2 regions read: nothing to judge.`,
  },
  {
    rule: flowLogs,
    datasets: ["ec2.vpcs", "ec2.flowLogs"],
    failing: "ec2.flowLogs",
    api: "ec2:DescribeFlowLogs",
    pass: `Account ${ACCOUNT} has no VPC of its own in the 2 regions read: nothing to judge.`,
  },
];

function snapshot(c: Case, read: readonly string[], errors: CollectionError[] = []): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-12-08T01:00:00Z"),
    source: "aws",
    errors,
    regional: {
      regions: REGIONS.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: REGIONS,
    },
    datasets: Object.fromEntries(
      c.datasets.map((name) => [name, new Map(read.map((region) => [region, []]))]),
    ) as Snapshot["datasets"],
    collected: ["ec2.regions", ...c.datasets],
  };
}

describe.each(CASES)("$rule.id: nothing to judge", (c) => {
  it("every region read and empty: one PASS on the account naming the regions", () => {
    const findings = evaluateRule(c.rule, snapshot(c, REGIONS));
    expect(findings.map((f) => [f.status, f.region, f.resourceType, f.statusExtended])).toEqual([
      ["PASS", "global", "AWS::::Account", c.pass],
    ]);
    expect(findings[0]?.evidence.regions).toEqual(REGIONS);
  });

  it("us-east-1 refused, eu-west-1 empty: only us-east-1's ERROR, no PASS", () => {
    const denied: CollectionError = {
      dataset: c.failing,
      api: c.api,
      code: "AccessDenied",
      message: `${c.api} failed in us-east-1 for account ${ACCOUNT}: AccessDenied.`,
      missingPermission: c.api,
      region: "us-east-1",
    };
    const findings = evaluateRule(c.rule, snapshot(c, ["eu-west-1"], [denied]));
    expect(findings.map((f) => [f.status, f.region, f.evidence.api])).toEqual([
      ["ERROR", "us-east-1", c.api],
    ]);
  });

  it("us-east-1 holds no value and no error (a hand-edited snapshot): MANUAL naming it, no PASS", () => {
    const findings = evaluateRule(c.rule, snapshot(c, ["eu-west-1"]));
    expect(findings.map((f) => [f.status, f.region, f.evidence.reason, f.evidence.regionsNotRead])).toEqual([
      ["MANUAL", "global", "region-not-read", ["us-east-1"]],
    ]);
  });
});
