/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.7 (Level 2, Automated): "Ensure CloudTrail logs
 * are encrypted at rest using KMS CMKs" (v1.2.0 2.7; v1.3.0–v2.0.0 3.7; v3.0.0–v5.0.0 3.5; v6.0.0 4.5).
 *
 * Audit: every trail (DescribeTrails) must name a KMS key in `KmsKeyId` (SSE-KMS); without one the log
 * files have S3-managed encryption only. One finding per distinct trail (by ARN, in its home region),
 * never per shadow copy; another account's trail is judged with its owner in the evidence. No trail in
 * the regions read: one account FAIL.
 *
 * Sources: AWS CloudTrail API Reference, DescribeTrails (`KmsKeyId`); AWS CloudTrail User Guide,
 * "Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)".
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import { type DistinctTrail, distinctTrails } from "../../snapshot/cloudtrail-trails.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { noTrailFinding, trailIdentityEvidence, trailLabel, trailResource } from "./trail-common.js";

/** The rule. */
export const rule: Rule = {
  id: "cloudtrail_kms_encryption_enabled",
  title: "CloudTrail logs are encrypted at rest with a KMS key (SSE-KMS)",
  severity: "medium",
  resourceTypes: ["AWS::CloudTrail::Trail", "AWS::::Account"],
  description:
    "Checks that every CloudTrail trail encrypts its log files with an AWS KMS key (KmsKeyId set) rather " +
    "than only the bucket's S3-managed encryption.",
  rationale:
    "With SSE-KMS, reading the logs also needs kms:Decrypt on the key, whose policy and use (logged in " +
    "CloudTrail) are controlled apart from the bucket: someone who can read the bucket cannot read the logs.",
  remediation: {
    console: [
      "Create or choose a symmetric customer managed KMS key whose key policy lets cloudtrail.amazonaws.com use GenerateDataKey* and DescribeKey for this trail, and lets the log readers Decrypt.",
      "Open the CloudTrail console in the trail's home region, choose the trail named in the finding, and under General details choose Edit.",
      "Select Log file SSE-KMS encryption: Enabled, choose the key, and Save changes.",
    ],
    cli: [
      "aws cloudtrail describe-trails --include-shadow-trails --query 'trailList[].[TrailARN,HomeRegion,KmsKeyId]'",
      "aws cloudtrail update-trail --region <home-region> --name <trail-arn> --kms-key-id <key-arn>",
    ],
    iac: {
      cloudformation: [
        "Trail:",
        "  Type: AWS::CloudTrail::Trail",
        "  Properties:",
        "    KMSKeyId: !GetAtt TrailKey.Arn",
        "    IsLogging: true",
        "    S3BucketName: !Ref TrailBucket",
      ].join("\n"),
      terraform: [
        'resource "aws_cloudtrail" "main" {',
        '  name           = "main"',
        "  s3_bucket_name = aws_s3_bucket.trail.id",
        "  kms_key_id     = aws_kms_key.trail.arn",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html",
  ],
  requires: ["cloudtrail.trails"],
  cloudTrailEvents: ["CreateTrail", "UpdateTrail", "DeleteTrail"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const trails = distinctTrails(snapshot);
    if (trails.length === 0)
      return [noTrailFinding(rule, snapshot, "no log file is encrypted with a KMS key (CIS 3.1 fails too).")];
    return trails.map((trail) => judgeTrail(snapshot, trail));
  },
};

function judgeTrail(snapshot: Snapshot, trail: DistinctTrail): Finding {
  const key = trail.kmsKeyId;
  return buildFinding(rule, snapshot, {
    status: key ? "PASS" : "FAIL",
    ...trailResource(trail),
    statusExtended: key
      ? `The log files of ${trailLabel(trail)} are encrypted with KMS key ${key}.`
      : `The log files of ${trailLabel(trail)} are not encrypted with a KMS key (no KmsKeyId): only the bucket's S3-managed encryption protects them.`,
    evidence: {
      ...trailIdentityEvidence(trail),
      kmsKeyId: key,
      s3BucketName: trail.s3BucketName,
      source: "cloudtrail:DescribeTrails",
    },
  });
}
