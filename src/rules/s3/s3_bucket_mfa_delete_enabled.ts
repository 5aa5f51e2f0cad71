/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.1.3 (Level 1, Automated): "Ensure MFA Delete is
 * enabled on S3 buckets" (v1.4.0 2.1.3; v2.0.0–v5.0.0 2.1.2, Level 2, Manual; v6.0.0 3.1.2).
 *
 * Audit: for every bucket, GetBucketVersioning (in the bucket's region) must return `Status` `Enabled`
 * and `MFADelete` `Enabled`. AWS omits `MFADelete` when it was never configured (and `Status` when
 * versioning was never turned on): both read as not enabled. Only the root user can turn MFA delete on,
 * so most buckets FAIL. One finding per bucket.
 *
 * Sources: Amazon S3 API Reference, GetBucketVersioning; Amazon S3 User Guide, "Configuring MFA delete".
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { bucketResource, judgeBuckets } from "./bucket-findings.js";

/** The rule. */
export const rule: Rule = {
  id: "s3_bucket_mfa_delete_enabled",
  aliases: ["s3_bucket_no_mfa_delete"],
  title: "S3 buckets have versioning with MFA delete enabled",
  severity: "low",
  resourceTypes: ["AWS::S3::Bucket"],
  description:
    "Checks that every S3 bucket has versioning enabled with MFA delete, so that deleting an object " +
    "version or changing the versioning state needs the root user's MFA code.",
  rationale:
    "With MFA delete, stolen credentials alone cannot permanently delete object versions or suspend " +
    "versioning: the bucket owner's MFA device is needed too.",
  remediation: {
    console: [
      "MFA delete cannot be enabled in the console: use the AWS CLI with the root user's credentials and MFA device.",
    ],
    cli: [
      "aws s3api get-bucket-versioning --bucket <bucket>",
      'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/root-account-mfa-device <code>"   # as the root user',
    ],
    iac: {
      cloudformation:
        "# CloudFormation cannot enable MFA delete (it needs the root user's MFA code): use the AWS CLI as root.",
      terraform: [
        "# Needs the root user's credentials and a current MFA code at apply time.",
        'resource "aws_s3_bucket_versioning" "this" {',
        "  bucket = aws_s3_bucket.this.id",
        '  mfa    = "<mfa-device-arn> <code>"',
        "  versioning_configuration {",
        '    status     = "Enabled"',
        '    mfa_delete = "Enabled"',
        "  }",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html",
  ],
  requires: ["s3.bucketVersioning"],
  cloudTrailEvents: ["PutBucketVersioning", "CreateBucket"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeBuckets(rule, snapshot, ["s3.bucketVersioning"], (bucket, region, read) => {
      const { status, mfaDelete } = read("s3.bucketVersioning");
      const pass = status === "Enabled" && mfaDelete === "Enabled";
      const why =
        status !== "Enabled"
          ? `versioning is ${status === null ? "not enabled (never turned on)" : status}`
          : `MFA delete is ${mfaDelete === null ? "not configured" : mfaDelete}`;
      return {
        status: pass ? "PASS" : "FAIL",
        ...bucketResource(bucket, region),
        statusExtended: pass
          ? `Bucket ${bucket.name} (${region}) has versioning and MFA delete enabled.`
          : `Bucket ${bucket.name} (${region}) does not have MFA delete enabled: ${why}.`,
        evidence: {
          bucket: bucket.name,
          region,
          versioningStatus: status,
          mfaDelete,
          source: "s3:GetBucketVersioning",
        },
      };
    });
  },
};
