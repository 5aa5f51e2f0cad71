/**
 * What the two CloudTrail bucket rules share (CIS "…the S3 bucket used to store CloudTrail logs is not
 * publicly accessible" and "…access logging … on the CloudTrail S3 bucket"): a trail bucket as a
 * finding's resource, the finding for another account's bucket (MANUAL: it cannot be read from here) and
 * for a read that failed (ERROR naming the API and the permission).
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import type { TrailBucket } from "../../snapshot/datasets/cloudtrail.js";
import type { BucketRead, BucketReadError } from "../../snapshot/datasets/s3.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { AnyRule } from "../types.js";

/** The bucket as a finding's resource, in its region (`global` when unknown). */
export function bucketResource(snapshot: Snapshot, bucket: TrailBucket) {
  const arn = `arn:${snapshot.partition}:s3:::${bucket.bucket}`;
  return {
    resourceType: "AWS::S3::Bucket",
    resourceArn: arn,
    resourceName: bucket.bucket,
    identity: [arn],
    ...(bucket.region ? { region: bucket.region } : {}),
  };
}

/** The bucket's identity in every finding's evidence. */
export function bucketEvidence(bucket: TrailBucket): Record<string, unknown> {
  return {
    bucket: bucket.bucket,
    region: bucket.region,
    inAccount: bucket.inAccount,
    trailArns: [...bucket.trailArns],
  };
}

/**
 * The finding of a bucket that cannot be judged from this account: another account's bucket (MANUAL,
 * with where to check it), or one whose region is unknown or a read failed (ERROR naming the API).
 * Undefined when every read in `reads` succeeded.
 */
export function unjudgedBucket(
  rule: AnyRule,
  snapshot: Snapshot,
  bucket: TrailBucket,
  reads: readonly (BucketRead<unknown> | null)[],
  check: string,
): Finding | undefined {
  const base = { ...bucketResource(snapshot, bucket), evidence: bucketEvidence(bucket) };
  const trails = bucket.trailArns.join(", ");
  if (!bucket.inAccount)
    return buildFinding(rule, snapshot, {
      ...base,
      status: "MANUAL",
      statusExtended: `S3 bucket ${bucket.bucket}, where ${trails} deliver${bucket.trailArns.length === 1 ? "s" : ""} logs, is not in account ${snapshot.accountId}'s bucket list: it belongs to another account (central logging), whose settings cannot be read from here. ${check}`,
      evidence: { ...base.evidence, reason: "bucket-in-another-account" },
    });
  const failed = reads.flatMap((read) => (read?.status === "failed" ? [read.error] : []));
  if (!bucket.region || reads.some((read) => read === null))
    return buildFinding(rule, snapshot, {
      ...base,
      status: "ERROR",
      statusExtended: `Could not judge S3 bucket ${bucket.bucket} (the trails' log bucket): its region could not be read (s3:GetBucketLocation).`,
      evidence: { ...base.evidence, api: "s3:GetBucketLocation" },
    });
  if (failed.length > 0) return failedReads(rule, snapshot, bucket, failed);
  return undefined;
}

function failedReads(
  rule: AnyRule,
  snapshot: Snapshot,
  bucket: TrailBucket,
  failed: readonly BucketReadError[],
): Finding {
  return buildFinding(rule, snapshot, {
    ...bucketResource(snapshot, bucket),
    status: "ERROR",
    statusExtended: `Could not judge S3 bucket ${bucket.bucket} (the trails' log bucket): ${failed.map((error) => error.message).join(" ")}`,
    evidence: {
      ...bucketEvidence(bucket),
      api: failed.map((error) => error.api).join(", "),
      errorCode: failed.map((error) => error.code).join(", "),
      missingPermission:
        failed
          .map((error) => error.missingPermission)
          .filter((permission) => permission !== null)
          .join(", ") || null,
    },
  });
}
