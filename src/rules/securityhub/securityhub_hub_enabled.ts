/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 4.16 (Level 2, Automated): "Ensure AWS Security
 * Hub is enabled" (v2.0.0–v5.0.0 4.16; v6.0.0 5.16; not in v1.2.0–v1.4.0).
 *
 * Audit: in every enabled region, Security Hub DescribeHub must return a hub. One finding per region:
 * PASS with the hub's ARN and subscription time, or FAIL where DescribeHub answers
 * `InvalidAccessException` "not subscribed". A region where the call failed otherwise (AccessDenied, a
 * throttle that outlasted the retries) gets the engine's ERROR finding for that region only, never a
 * FAIL: a denied call says nothing about the hub. CIS asks for the hub only, not for any standard or
 * integration (Prowler's check also asks for an enabled standard; ours follows the benchmark).
 *
 * Sources: AWS Security Hub API Reference, DescribeHub, EnableSecurityHub; AWS Security Hub User Guide,
 * "Enabling Security Hub".
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { SecurityHubHub } from "../../snapshot/datasets/securityhub.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

/** The 4.16 rule. */
export const rule: Rule = {
  id: "securityhub_hub_enabled",
  aliases: ["securityhub_enabled"],
  title: "AWS Security Hub is enabled in every enabled region",
  severity: "medium",
  resourceTypes: ["AWS::SecurityHub::Hub", "AWS::::Account"],
  description:
    "Checks, in every region the account has enabled, that AWS Security Hub is enabled (DescribeHub returns " +
    "a hub). Security Hub is regional: a hub in us-east-1 collects nothing from eu-west-1 unless that region " +
    "has one too (cross-region aggregation needs the hub in each linked region).",
  rationale:
    "Security Hub gathers findings from GuardDuty, Inspector, Macie, IAM Access Analyzer, Config and partner " +
    "tools in one place and checks the account against security standards continuously, so problems are " +
    "seen where they happen instead of in each service's console.",
  remediation: {
    console: [
      "Open the Security Hub console in the region named in the finding.",
      "Choose Go to Security Hub (or Enable Security Hub); AWS Config must record resources in the region for the security standards' checks.",
      "Pick the standards to enable (for example AWS Foundational Security Best Practices and the CIS AWS Foundations Benchmark) and choose Enable Security Hub.",
      "Repeat in every enabled region, or, in an AWS Organization, enable it from the delegated administrator with central configuration for every account and region.",
    ],
    cli: [
      "aws ec2 describe-regions --query 'Regions[].RegionName' --output text",
      "aws securityhub describe-hub --region <region>",
      "aws securityhub enable-security-hub --region <region> --enable-default-standards",
    ],
    iac: {
      cloudformation: [
        "# Deploy to every enabled region (for example with a StackSet).",
        "Hub:",
        "  Type: AWS::SecurityHub::Hub",
        "  Properties:",
        "    EnableDefaultStandards: true",
        "    AutoEnableControls: true",
      ].join("\n"),
      terraform: [
        "# One per enabled region (a provider alias per region).",
        'resource "aws_securityhub_account" "this" {',
        "  enable_default_standards = true",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html",
    "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html",
  ],
  requires: ["securityhub.hub"],
  cloudTrailEvents: ["EnableSecurityHub", "DisableSecurityHub", "EnableRegion", "DisableRegion"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return [...regionalValues(snapshot, "securityhub.hub")].map(([region, hub]) =>
      judgeRegion(snapshot, region, hub),
    );
  },
};

function judgeRegion(snapshot: Snapshot, region: string, hub: SecurityHubHub): Finding {
  const evidence = hub.enabled
    ? {
        region,
        enabled: true,
        hubArn: hub.hubArn,
        subscribedAt: hub.subscribedAt,
        autoEnableControls: hub.autoEnableControls,
        source: "securityhub:DescribeHub",
      }
    : { region, enabled: false, describeHub: hub.notEnabledMessage, source: "securityhub:DescribeHub" };
  return buildFinding(rule, snapshot, {
    status: hub.enabled ? "PASS" : "FAIL",
    ...accountResource(snapshot),
    // One uid per region, whatever the verdict (the engine's ERROR for the region has the same).
    identity: ["account", region],
    region,
    statusExtended: hub.enabled
      ? `Security Hub is enabled in ${region}${hub.subscribedAt ? ` (since ${hub.subscribedAt})` : ""}.`
      : `Security Hub is not enabled in ${region}: DescribeHub says the account is not subscribed there.`,
    evidence,
  });
}
