/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.20 (Level 1, Automated): "Ensure that IAM Access
 * analyzer is enabled for all regions".
 *
 * Audit: in every enabled region (EC2 DescribeRegions: `opt-in-not-required` or `opted-in`), IAM Access
 * Analyzer ListAnalyzers must show at least one external-access analyzer (type `ACCOUNT` or
 * `ORGANIZATION`) whose status is `ACTIVE`. One finding per region: PASS, or FAIL when the region has no
 * analyzer, only inactive ones (`CREATING`, `DISABLED`, `FAILED`) or only unused-access analyzers. A
 * region whose analyzers could not be read gives one ERROR finding for that region only (the engine's,
 * naming the permission and the region), with the same uid its PASS or FAIL has.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { AccessAnalyzer } from "../../snapshot/regional.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

const ID = "accessanalyzer_region_analyzer_active";

/** Analyzer types that analyze external access (CIS counts these, not unused-access analyzers). */
const EXTERNAL_ACCESS = new Set(["ACCOUNT", "ORGANIZATION"]);

/** The 1.20 rule. */
export const rule: Rule = {
  id: ID,
  title: "IAM Access Analyzer has an active analyzer in every enabled region",
  severity: "medium",
  resourceTypes: ["AWS::AccessAnalyzer::Analyzer", "AWS::::Account"],
  description:
    "Checks, in every region the account has enabled, that IAM Access Analyzer has an active analyzer for " +
    "external access (zone of trust: the account or the organization). Analyzers are regional: one in " +
    "us-east-1 says nothing about resources shared from eu-west-1.",
  rationale:
    "An analyzer continuously finds S3 buckets, KMS keys, IAM roles, queues, secrets and other resources " +
    "whose policies grant access to principals outside the zone of trust, so unintended public or " +
    "cross-account access is noticed instead of discovered by someone else.",
  remediation: {
    console: [
      "Open the IAM console in the region named in the finding and choose Access analyzer → Analyzer settings.",
      "Choose Create analyzer, pick External access analysis, and set the zone of trust to the account (or the organization, from the delegated administrator account).",
      "Choose Create analyzer and wait until its status is Active; repeat in every enabled region.",
    ],
    cli: [
      "aws ec2 describe-regions --query 'Regions[].RegionName' --output text",
      "aws accessanalyzer list-analyzers --region <region>",
      "aws accessanalyzer create-analyzer --region <region> --analyzer-name <name> --type ACCOUNT",
    ],
    iac: {
      cloudformation: [
        "# Deploy to every enabled region (for example with a StackSet).",
        "Analyzer:",
        "  Type: AWS::AccessAnalyzer::Analyzer",
        "  Properties:",
        "    AnalyzerName: external-access",
        "    Type: ACCOUNT",
      ].join("\n"),
      terraform: [
        "# One per enabled region (a provider alias per region).",
        'resource "aws_accessanalyzer_analyzer" "external_access" {',
        '  analyzer_name = "external-access"',
        '  type          = "ACCOUNT"',
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
  ],
  requires: ["accessanalyzer.analyzers"],
  cloudTrailEvents: ["CreateAnalyzer", "DeleteAnalyzer", "EnableRegion", "DisableRegion"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    // Only the regions whose analyzers were read: the engine reports the others' failures.
    return [...regionalValues(snapshot, "accessanalyzer.analyzers")].map(([region, analyzers]) =>
      judgeRegion(snapshot, region, analyzers),
    );
  },
};

function analyzerEvidence(analyzer: AccessAnalyzer) {
  return {
    name: analyzer.name,
    arn: analyzer.arn,
    type: analyzer.type,
    status: analyzer.status,
    statusReason: analyzer.statusReason,
    createdAt: analyzer.createdAt ? isoTime(analyzer.createdAt) : null,
  };
}

function describe(analyzer: AccessAnalyzer): string {
  const reason = analyzer.statusReason ? `, ${analyzer.statusReason}` : "";
  return `${analyzer.name} (${analyzer.type}, ${analyzer.status}${reason})`;
}

function judgeRegion(snapshot: Snapshot, region: string, analyzers: readonly AccessAnalyzer[]): Finding {
  const account = {
    ...accountResource(snapshot),
    // The same identity as the engine's ERROR finding for a region: one uid per region, whatever the verdict.
    identity: ["account", region],
    region,
  };
  const sorted = [...analyzers].sort((a, b) => a.name.localeCompare(b.name));
  const evidence = { region, analyzers: sorted.map(analyzerEvidence) };
  const active = sorted.find(
    (analyzer) => analyzer.status === "ACTIVE" && EXTERNAL_ACCESS.has(analyzer.type),
  );
  if (active) {
    return buildFinding(rule, snapshot, {
      ...account,
      resourceType: "AWS::AccessAnalyzer::Analyzer",
      resourceArn: active.arn,
      resourceName: active.name,
      status: "PASS",
      statusExtended: `IAM Access Analyzer is enabled in ${region}: analyzer ${active.name} (${active.type}) is ACTIVE.`,
      evidence,
    });
  }
  return buildFinding(rule, snapshot, {
    ...account,
    status: "FAIL",
    statusExtended:
      sorted.length === 0
        ? `IAM Access Analyzer is not enabled in ${region}: the region has no analyzer.`
        : `IAM Access Analyzer is not enabled in ${region}: no external-access analyzer is ACTIVE (${sorted.map(describe).join("; ")}).`,
    evidence,
  });
}
