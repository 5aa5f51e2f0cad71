/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.3 (Level 1, Automated): "Ensure the S3 bucket
 * used to store CloudTrail logs is not publicly accessible" (v1.2.0 2.3; v1.3.0–v2.0.0 3.3; removed in
 * v3.0.0).
 *
 * Audit: for each bucket a trail delivers to, the bucket ACL grants nothing to the AllUsers or
 * AuthenticatedUsers groups and the bucket policy has no Allow statement for everyone; Block Public Access
 * (the bucket's and the account's) is weighed as S3 applies it. The judgement is the storage section's
 * `judgeBucketPublicAccess` (rules/s3/bucket-public-access.ts). One finding per trail bucket: FAIL when
 * public, PASS when not, with the grants, the Allow-everyone statements (public on their own, public
 * together through aws:SourceIp ranges that are the internet only as a union, and narrowed, with the
 * condition entries that narrow them) and the flags as evidence; another account's bucket
 * (central logging) → MANUAL; a read that failed → ERROR naming the API. No trail: one account FAIL.
 *
 * Sources: Amazon S3 API Reference, GetBucketAcl, GetBucketPolicy, GetPublicAccessBlock; Amazon S3 Control
 * API Reference, GetPublicAccessBlock; AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail".
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import { accountValue } from "../../snapshot/account-values.js";
import type { TrailBucket } from "../../snapshot/datasets/cloudtrail.js";
import type { Snapshot } from "../../snapshot/types.js";
import { judgeBucketPublicAccess } from "../s3/bucket-public-access.js";
import type { Rule } from "../types.js";
import { bucketEvidence, bucketResource, unjudgedBucket } from "./trail-bucket-common.js";
import { noTrailFinding } from "./trail-common.js";

/** The rule. */
export const rule: Rule = {
  id: "cloudtrail_bucket_not_public",
  title: "The CloudTrail S3 bucket is not publicly accessible",
  severity: "critical",
  resourceTypes: ["AWS::S3::Bucket", "AWS::::Account"],
  description:
    "Checks that no S3 bucket a CloudTrail trail delivers to grants access to everyone (AllUsers) or to " +
    "every AWS account (AuthenticatedUsers) through its ACL, or allows everyone through its bucket policy, " +
    "once Block Public Access is applied.",
  rationale:
    "CloudTrail logs describe the whole account: who called what, from where. A public log bucket hands " +
    "an attacker that map, and lets anyone learn how the account is defended.",
  remediation: {
    console: [
      "Open the S3 console and choose the bucket named in the finding (the trail's log bucket).",
      'On the Permissions tab, turn on Block public access (all four settings), remove ACL grants to Everyone and Authenticated users, and remove or narrow every policy statement whose principal is "*".',
      "A bucket of another account (central logging) is changed from that account.",
    ],
    cli: [
      "aws s3api get-bucket-acl --bucket <trail-bucket>",
      "aws s3api get-bucket-policy --bucket <trail-bucket>",
      "aws s3api put-public-access-block --bucket <trail-bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
      "aws s3api put-bucket-acl --bucket <trail-bucket> --acl private",
    ],
    iac: {
      cloudformation: [
        "TrailBucket:",
        "  Type: AWS::S3::Bucket",
        "  Properties:",
        "    PublicAccessBlockConfiguration:",
        "      BlockPublicAcls: true",
        "      IgnorePublicAcls: true",
        "      BlockPublicPolicy: true",
        "      RestrictPublicBuckets: true",
      ].join("\n"),
      terraform: [
        'resource "aws_s3_bucket_public_access_block" "trail" {',
        "  bucket                  = aws_s3_bucket.trail.id",
        "  block_public_acls       = true",
        "  ignore_public_acls      = true",
        "  block_public_policy     = true",
        "  restrict_public_buckets = true",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
  ],
  requires: ["cloudtrail.trailBuckets", "s3.accountPublicAccessBlock"],
  cloudTrailEvents: [
    "CreateTrail",
    "UpdateTrail",
    "PutBucketAcl",
    "PutBucketPolicy",
    "DeleteBucketPolicy",
    "PutBucketPublicAccessBlock",
    "DeleteBucketPublicAccessBlock",
    "PutAccountPublicAccessBlock",
    "DeleteAccountPublicAccessBlock",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const buckets = accountValue(snapshot, "cloudtrail.trailBuckets") ?? [];
    if (buckets.length === 0)
      return [noTrailFinding(rule, snapshot, "no trail delivers logs to a bucket (CIS 3.1 fails too).")];
    const account = accountValue(snapshot, "s3.accountPublicAccessBlock")?.configuration ?? null;
    return buckets.map((bucket) => judgeBucket(snapshot, bucket, account));
  },
};

function judgeBucket(
  snapshot: Snapshot,
  bucket: TrailBucket,
  account: Parameters<typeof judgeBucketPublicAccess>[0]["accountPublicAccessBlock"],
): Finding {
  const unjudged = unjudgedBucket(
    rule,
    snapshot,
    bucket,
    [bucket.acl, bucket.policy, bucket.publicAccessBlock],
    "Check its ACL, policy and Block Public Access there: aws s3api get-bucket-acl, get-bucket-policy and get-public-access-block --bucket <bucket>.",
  );
  if (unjudged) return unjudged;
  if (
    bucket.acl?.status !== "read" ||
    bucket.policy?.status !== "read" ||
    bucket.publicAccessBlock?.status !== "read"
  )
    throw new Error(`the reads of bucket ${bucket.bucket} are incomplete`);
  const base = { ...bucketResource(snapshot, bucket) };
  let decision: ReturnType<typeof judgeBucketPublicAccess>;
  try {
    decision = judgeBucketPublicAccess({
      bucket: bucket.bucket,
      acl: bucket.acl.value,
      policy: bucket.policy.value.policy,
      bucketPublicAccessBlock: bucket.publicAccessBlock.value.configuration,
      accountPublicAccessBlock: account,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return buildFinding(rule, snapshot, {
      ...base,
      status: "MANUAL",
      statusExtended: `The policy of S3 bucket ${bucket.bucket} (the trails' log bucket) could not be read as a policy document: ${message} Check it by hand with aws s3api get-bucket-policy.`,
      evidence: { ...bucketEvidence(bucket), policy: bucket.policy.value.policy, error: message },
    });
  }
  return buildFinding(rule, snapshot, {
    ...base,
    status: decision.public ? "FAIL" : "PASS",
    statusExtended: `S3 bucket ${bucket.bucket}, the log bucket of ${bucket.trailArns.join(", ")}, is ${decision.public ? "publicly accessible" : "not publicly accessible"}. ${decision.reasons.join(" ")}`,
    evidence: {
      ...bucketEvidence(bucket),
      public: decision.public,
      publicAclGrants: decision.publicAclGrants,
      aclGrantsNeutralised: decision.aclGrantsNeutralised,
      publicPolicyStatements: decision.publicPolicyStatements,
      narrowedPolicyStatements: decision.narrowedPolicyStatements,
      publicTogether: decision.publicTogether,
      policyNeutralised: decision.policyNeutralised,
      blockPublicAccess: decision.blockPublicAccess,
      source:
        "s3:GetBucketAcl, s3:GetBucketPolicy, s3:GetBucketPublicAccessBlock, s3:GetAccountPublicAccessBlock",
    },
  });
}
