/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.1.4 (Level 2, Manual): "Ensure all data in Amazon
 * S3 has been discovered, classified and secured when required." (v1.4.0 2.1.4; v2.0.0–v5.0.0 2.1.3;
 * v6.0.0 3.1.3).
 *
 * The benchmark assesses it manually (Macie or a third-party tool may classify the data), so this rule
 * never passes or fails: one MANUAL finding per enabled region with the evidence a reviewer starts from,
 * whether Amazon Macie is enabled there (GetMacieSession: ENABLED, PAUSED, or not enabled), and the steps
 * to finish the audit. A region whose status could not be read gets the engine's ERROR for that region.
 *
 * Sources: Amazon Macie API Reference, GetMacieSession; Amazon Macie User Guide, "Discovering sensitive
 * data".
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { MacieSession } from "../../snapshot/datasets/macie2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

/** What a reviewer checks after reading the evidence. */
const REVIEW = [
  "Check that Macie's automated sensitive data discovery, or classification jobs, cover the S3 buckets of this region (aws macie2 get-automated-discovery-configuration, aws macie2 list-classification-jobs).",
  "Or show the third-party tool that discovers and classifies the data in these buckets.",
  "Check that buckets holding sensitive data are protected (encryption, access, logging).",
];

/** The rule. */
export const rule: Rule = {
  id: "macie_session_enabled",
  aliases: ["macie_is_enabled"],
  title: "S3 data is discovered and classified (Amazon Macie status per region, for manual review)",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Reads, in every enabled region, whether Amazon Macie is enabled, and reports it for the manual review " +
    "CIS asks: whether the data in S3 has been discovered, classified and secured.",
  rationale:
    "Data that nobody knows is sensitive cannot be protected as such. Macie (or another tool) finds " +
    "personal data, credentials and other sensitive content in buckets so that access and encryption can " +
    "follow.",
  remediation: {
    console: [
      "Open the Amazon Macie console in the region named in the finding and choose Get started, then Enable Macie.",
      "Turn on automated sensitive data discovery, or create classification jobs for the buckets that matter.",
      "Review Macie's findings and protect the buckets that hold sensitive data.",
    ],
    cli: [
      "aws macie2 get-macie-session --region <region>",
      "aws macie2 enable-macie --region <region>",
      "aws macie2 update-automated-discovery-configuration --status ENABLED --region <region>",
    ],
    iac: {
      cloudformation: [
        "MacieSession:",
        "  Type: AWS::Macie::Session",
        "  Properties:",
        "    Status: ENABLED",
      ].join("\n"),
      terraform: ['resource "aws_macie2_account" "this" {', '  status = "ENABLED"', "}"].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/macie/latest/user/data-classification.html",
    "https://docs.aws.amazon.com/macie/latest/APIReference/macie.html",
  ],
  requires: ["macie2.session"],
  cloudTrailEvents: ["EnableMacie", "DisableMacie", "UpdateMacieSession"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return [...regionalValues(snapshot, "macie2.session")].map(([region, session]) =>
      judgeRegion(snapshot, region, session),
    );
  },
};

function judgeRegion(snapshot: Snapshot, region: string, session: MacieSession): Finding {
  const state =
    session.status === null
      ? `Amazon Macie is not enabled in ${region}: no Macie discovery classifies S3 data there`
      : `Amazon Macie is ${session.status === "ENABLED" ? "enabled" : `${session.status.toLowerCase()}`} in ${region}${session.createdAt ? ` (since ${session.createdAt.toISOString()})` : ""}`;
  return buildFinding(rule, snapshot, {
    status: "MANUAL",
    ...accountResource(snapshot),
    identity: ["account", region],
    region,
    statusExtended: `${state}. CIS assesses this requirement by hand: check that the buckets' data is discovered, classified and secured (Macie jobs or automated discovery, or another tool).`,
    evidence: {
      region,
      macieEnabled: session.status !== null,
      macieStatus: session.status,
      createdAt: session.createdAt?.toISOString() ?? null,
      updatedAt: session.updatedAt?.toISOString() ?? null,
      findingPublishingFrequency: session.findingPublishingFrequency,
      notEnabledMessage: session.notEnabledMessage,
      source: "macie2:GetMacieSession",
      reviewSteps: REVIEW,
    },
  });
}
