/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.1.2 (Level 2, Automated): "Ensure S3 Bucket
 * Policy is set to deny HTTP requests" (v1.3.0 2.1.2 "…allows HTTPS requests", v1.4.0 2.1.2, Manual;
 * v2.0.0–v5.0.0 2.1.1; v6.0.0 3.1.1: the catalogs give each version's number and marks).
 *
 * Audit: for every bucket, its policy (GetBucketPolicy, in the bucket's region) must hold a statement that
 * denies every S3 action on the bucket's objects to everyone when `aws:SecureTransport` is false, judged
 * on the policy's meaning (see `secure-transport.ts`). No policy (NoSuchBucketPolicy) → FAIL. A policy
 * that is not a policy document → ERROR for that bucket. One finding per bucket.
 *
 * Sources: Amazon S3 API Reference, GetBucketPolicy; Amazon S3 User Guide, "Enforce encryption of data in
 * transit" (aws:SecureTransport); AWS IAM User Guide, condition operators.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { bucketResource, judgeBuckets } from "./bucket-findings.js";
import { BucketPolicyError } from "./s3-policy-document.js";
import { judgeSecureTransport } from "./secure-transport.js";

/** The rule. */
export const rule: Rule = {
  id: "s3_bucket_secure_transport_policy",
  title: "S3 bucket policies deny requests that do not use HTTPS",
  severity: "medium",
  resourceTypes: ["AWS::S3::Bucket"],
  description:
    "Checks that every S3 bucket's policy has a statement that denies every S3 action on the bucket's " +
    'objects to every principal when the request is not sent over TLS ("Bool": {"aws:SecureTransport": "false"}).',
  rationale:
    "S3 accepts plain HTTP unless a bucket policy refuses it; requests over HTTP expose data and " +
    "credentials-derived signatures to anyone on the path. A statement that only allows HTTPS does not " +
    "stop another statement (or an ACL) from allowing HTTP.",
  remediation: {
    console: [
      "Open the S3 console and choose the bucket named in the finding.",
      "On the Permissions tab, under Bucket policy, choose Edit.",
      'Add a statement: {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}.',
      "Save changes, and check that clients still reach the bucket over HTTPS.",
    ],
    cli: [
      "aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > policy.json",
      "# add the DenyInsecureTransport statement to policy.json's Statement list, then:",
      "aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json",
    ],
    iac: {
      cloudformation: [
        "BucketPolicy:",
        "  Type: AWS::S3::BucketPolicy",
        "  Properties:",
        "    Bucket: !Ref Bucket",
        "    PolicyDocument:",
        "      Version: '2012-10-17'",
        "      Statement:",
        "        - Sid: DenyInsecureTransport",
        "          Effect: Deny",
        "          Principal: '*'",
        "          Action: 's3:*'",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a JS template
        "          Resource: [!GetAtt Bucket.Arn, !Sub '${Bucket.Arn}/*']",
        "          Condition: { Bool: { 'aws:SecureTransport': 'false' } }",
      ].join("\n"),
      terraform: [
        'resource "aws_s3_bucket_policy" "deny_http" {',
        "  bucket = aws_s3_bucket.this.id",
        "  policy = jsonencode({",
        '    Version = "2012-10-17"',
        "    Statement = [{",
        '      Sid = "DenyInsecureTransport", Effect = "Deny", Principal = "*", Action = "s3:*"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform interpolation, not a JS template
        '      Resource = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]',
        '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
        "    }]",
        "  })",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
  ],
  requires: ["s3.bucketPolicies"],
  cloudTrailEvents: ["PutBucketPolicy", "DeleteBucketPolicy", "CreateBucket"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeBuckets(rule, snapshot, ["s3.bucketPolicies"], (bucket, region, read) => {
      const { policy } = read("s3.bucketPolicies");
      const resource = bucketResource(bucket, region);
      if (policy === null)
        return {
          status: "FAIL",
          ...resource,
          statusExtended: `Bucket ${bucket.name} (${region}) has no bucket policy, so nothing denies plain-HTTP requests.`,
          evidence: { bucket: bucket.name, region, policy: null, source: "s3:GetBucketPolicy" },
        };
      try {
        const verdict = judgeSecureTransport(bucket.name, bucket.arn, policy);
        const denying = verdict.statements.filter((statement) => statement.deniesHttp);
        return {
          status: verdict.deniesHttp ? "PASS" : "FAIL",
          ...resource,
          statusExtended: verdict.deniesHttp
            ? `Bucket ${bucket.name} (${region}) denies plain-HTTP requests: statement ${denying.map((s) => (s.sid !== null ? `${s.index} (${s.sid})` : String(s.index))).join(", ")} of its policy denies every S3 action to everyone when aws:SecureTransport is false.`
            : `Bucket ${bucket.name} (${region}) does not deny plain-HTTP requests: no statement of its policy denies every S3 action on its objects to everyone when aws:SecureTransport is false${verdict.statements.length > 0 ? ` (${verdict.statements.map((s) => `statement ${s.index}: ${s.reason}`).join("; ")})` : ""}.`,
          evidence: {
            bucket: bucket.name,
            region,
            statementCount: verdict.statementCount,
            transportStatements: verdict.statements.map((statement) => ({ ...statement })),
            policy,
            source: "s3:GetBucketPolicy",
          },
        };
      } catch (error) {
        if (!(error instanceof BucketPolicyError)) throw error;
        return {
          status: "ERROR",
          ...resource,
          statusExtended: error.message,
          evidence: { bucket: bucket.name, region, policy, source: "s3:GetBucketPolicy" },
        };
      }
    });
  },
};
