/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.1.1 (Level 2, Automated): "Ensure all S3 buckets
 * employ encryption-at-rest" (v1.3.0 and v1.4.0 2.1.1, Manual). Dropped from v2.0.0 on: S3 has encrypted
 * every new object (SSE-S3) since January 2023.
 *
 * Audit: for every bucket, GetBucketEncryption (in the bucket's region) must return a default encryption
 * rule whose SSEAlgorithm is `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS). The
 * configuration is read, never assumed: ServerSideEncryptionConfigurationNotFoundError (emulators, and
 * buckets from before 2023 that AWS has not yet reported on) is FAIL. Evidence names the algorithm and the
 * KMS key. One finding per bucket.
 *
 * Sources: Amazon S3 API Reference, GetBucketEncryption; Amazon S3 User Guide, "Setting default
 * server-side encryption behavior for Amazon S3 buckets".
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { bucketResource, judgeBuckets } from "./bucket-findings.js";

/** Default-encryption algorithms that encrypt data at rest. */
export const ENCRYPTING_ALGORITHMS: readonly string[] = ["AES256", "aws:kms", "aws:kms:dsse"];

/** The rule. */
export const rule: Rule = {
  id: "s3_bucket_default_encryption_enabled",
  aliases: ["s3_bucket_default_encryption"],
  title: "S3 buckets have default encryption at rest",
  severity: "medium",
  resourceTypes: ["AWS::S3::Bucket"],
  description:
    "Checks that every S3 bucket has a default server-side encryption configuration (SSE-S3, SSE-KMS or " +
    "DSSE-KMS), read with GetBucketEncryption, and names the algorithm and key.",
  rationale:
    "Default encryption makes S3 encrypt every object written without encryption headers. Since January " +
    "2023 AWS applies SSE-S3 to every bucket; a bucket that reports no configuration, or an older " +
    "S3-compatible endpoint, stores new objects unencrypted.",
  remediation: {
    console: [
      "Open the S3 console and choose the bucket named in the finding.",
      "On the Properties tab, under Default encryption, choose Edit.",
      "Choose SSE-S3 or SSE-KMS (and a key), enable the bucket key for SSE-KMS, and save.",
    ],
    cli: [
      "aws s3api get-bucket-encryption --bucket <bucket>",
      'aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}\'',
    ],
    iac: {
      cloudformation: [
        "Bucket:",
        "  Type: AWS::S3::Bucket",
        "  Properties:",
        "    BucketEncryption:",
        "      ServerSideEncryptionConfiguration:",
        "        - ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !Ref Key }",
        "          BucketKeyEnabled: true",
      ].join("\n"),
      terraform: [
        'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {',
        "  bucket = aws_s3_bucket.this.id",
        "  rule {",
        "    apply_server_side_encryption_by_default {",
        '      sse_algorithm     = "aws:kms"',
        "      kms_master_key_id = aws_kms_key.this.arn",
        "    }",
        "    bucket_key_enabled = true",
        "  }",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html",
  ],
  requires: ["s3.bucketEncryption"],
  cloudTrailEvents: ["PutBucketEncryption", "DeleteBucketEncryption", "CreateBucket"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeBuckets(rule, snapshot, ["s3.bucketEncryption"], (bucket, region, read) => {
      const { rules } = read("s3.bucketEncryption");
      const applied = (rules ?? []).filter(
        (entry) => entry.sseAlgorithm !== null && ENCRYPTING_ALGORITHMS.includes(entry.sseAlgorithm),
      );
      const first = applied[0];
      const evidence = {
        bucket: bucket.name,
        region,
        configured: rules !== null,
        rules: (rules ?? []).map((entry) => ({ ...entry })),
        sseAlgorithm: first?.sseAlgorithm ?? null,
        kmsMasterKeyId: first?.kmsMasterKeyId ?? null,
        source: "s3:GetEncryptionConfiguration",
      };
      const key =
        first?.sseAlgorithm === "AES256"
          ? "Amazon S3 managed keys"
          : (first?.kmsMasterKeyId ?? "the AWS managed key aws/s3");
      return {
        status: first ? "PASS" : "FAIL",
        ...bucketResource(bucket, region),
        statusExtended: first
          ? `Bucket ${bucket.name} (${region}) encrypts new objects by default with ${first.sseAlgorithm} (${key}).`
          : rules === null
            ? `Bucket ${bucket.name} (${region}) has no default encryption configuration (ServerSideEncryptionConfigurationNotFoundError): objects written without encryption headers are stored unencrypted.`
            : `Bucket ${bucket.name} (${region}) has a default encryption configuration with no rule using AES256, aws:kms or aws:kms:dsse.`,
        evidence,
      };
    });
  },
};
