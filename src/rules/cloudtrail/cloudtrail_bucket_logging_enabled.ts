/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.6 (Level 1, Automated): "Ensure S3 bucket access
 * logging is enabled on the CloudTrail S3 bucket" (v1.2.0 2.6; v1.3.0–v2.0.0 3.6; v3.0.0–v5.0.0 3.4,
 * "server access logging", Manual in v5.0.0; v6.0.0 4.4, Manual).
 *
 * Audit: for each bucket a trail delivers to (`S3BucketName` of the distinct trails), GetBucketLogging
 * returns a `LoggingEnabled` block. One finding per trail bucket: PASS with the target bucket and prefix,
 * FAIL without. A bucket of another account (not in this account's ListBuckets: central logging) is
 * MANUAL with where to check it; a read that failed is an ERROR naming the API. No trail: one account FAIL.
 *
 * Sources: Amazon S3 API Reference, GetBucketLogging; Amazon S3 User Guide, "Logging requests with server
 * access logging".
 */
import type { Finding } from "../../model/finding.js";
import { buildFinding } from "../../model/finding.js";
import { accountValue } from "../../snapshot/account-values.js";
import type { TrailBucket } from "../../snapshot/datasets/cloudtrail.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { bucketEvidence, bucketResource, unjudgedBucket } from "./trail-bucket-common.js";
import { noTrailFinding } from "./trail-common.js";

/** The rule. */
export const rule: Rule = {
  id: "cloudtrail_bucket_logging_enabled",
  title: "Server access logging is enabled on the CloudTrail S3 bucket",
  severity: "low",
  resourceTypes: ["AWS::S3::Bucket", "AWS::::Account"],
  description:
    "Checks that every S3 bucket a CloudTrail trail delivers its logs to has server access logging on, so " +
    "that every request to the log files (reads, deletions) is itself recorded.",
  rationale:
    "The trail's logs are what an intruder most wants to read or erase. Access logs of their bucket show " +
    "who read or deleted them, in a bucket of their own.",
  remediation: {
    console: [
      "Open the S3 console and choose the bucket named in the finding (the trail's log bucket).",
      "On the Properties tab, under Server access logging, choose Edit, select Enable, choose a target bucket (not the same bucket) and prefix, and Save changes.",
      "A bucket of another account (central logging) is changed from that account.",
    ],
    cli: [
      "aws cloudtrail describe-trails --include-shadow-trails --query 'trailList[].S3BucketName'",
      "aws s3api get-bucket-logging --bucket <trail-bucket>",
      'aws s3api put-bucket-logging --bucket <trail-bucket> --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<trail-bucket>/"}}\'',
    ],
    iac: {
      cloudformation: [
        "TrailBucket:",
        "  Type: AWS::S3::Bucket",
        "  Properties:",
        "    LoggingConfiguration:",
        "      DestinationBucketName: !Ref AccessLogBucket",
        "      LogFilePrefix: cloudtrail-bucket/",
      ].join("\n"),
      terraform: [
        'resource "aws_s3_bucket_logging" "trail" {',
        "  bucket        = aws_s3_bucket.trail.id",
        "  target_bucket = aws_s3_bucket.access_logs.id",
        '  target_prefix = "cloudtrail-bucket/"',
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLogging.html",
  ],
  requires: ["cloudtrail.trailBuckets"],
  cloudTrailEvents: ["CreateTrail", "UpdateTrail", "DeleteTrail", "PutBucketLogging"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const buckets = accountValue(snapshot, "cloudtrail.trailBuckets") ?? [];
    if (buckets.length === 0)
      return [noTrailFinding(rule, snapshot, "no trail delivers logs to a bucket (CIS 3.1 fails too).")];
    return buckets.map((bucket) => judgeBucket(snapshot, bucket));
  },
};

function judgeBucket(snapshot: Snapshot, bucket: TrailBucket): Finding {
  const unjudged = unjudgedBucket(
    rule,
    snapshot,
    bucket,
    [bucket.logging],
    "Check its server access logging there: aws s3api get-bucket-logging --bucket <bucket>.",
  );
  if (unjudged) return unjudged;
  const logging = bucket.logging?.status === "read" ? bucket.logging.value : null;
  const target = logging?.targetBucket ?? null;
  return buildFinding(rule, snapshot, {
    ...bucketResource(snapshot, bucket),
    status: target ? "PASS" : "FAIL",
    statusExtended: target
      ? `Server access logging is enabled on S3 bucket ${bucket.bucket} (the log bucket of ${bucket.trailArns.join(", ")}): requests are logged to ${target}${logging?.targetPrefix ? `/${logging.targetPrefix}` : ""}.`
      : `Server access logging is disabled on S3 bucket ${bucket.bucket}, the log bucket of ${bucket.trailArns.join(", ")}: reads and deletions of the trail's log files are not recorded.`,
    evidence: {
      ...bucketEvidence(bucket),
      targetBucket: target,
      targetPrefix: logging?.targetPrefix ?? null,
      source: "s3:GetBucketLogging",
    },
  });
}
