/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.1.5 (Level 1, Automated): "Ensure that S3 Buckets
 * are configured with 'Block public access (bucket settings)'" (v1.3.0 1.20 in the IAM section; v1.4.0
 * 2.1.5; v2.0.0–v3.0.0 2.1.4; v4.0.0/v5.0.0 2.1.4 "Ensure that S3 is configured with 'Block Public Access'
 * enabled"; v6.0.0 3.1.4).
 *
 * Audit: a bucket passes when all four Block Public Access settings (BlockPublicAcls, IgnorePublicAcls,
 * BlockPublicPolicy, RestrictPublicBuckets) are true at bucket level (s3 GetPublicAccessBlock, in the
 * bucket's region) or all four at account level (S3 Control GetPublicAccessBlock, read once). As in the
 * CIS audit, each level is read on its own: two settings at bucket level and the other two at account
 * level FAIL (the evidence shows what is in effect). "Not configured" (NoSuchPublicAccessBlockConfiguration)
 * at a level means none of its settings is on. One finding per bucket; an account without buckets gets
 * one PASS finding on the account naming its setting.
 *
 * Sources: Amazon S3 API Reference, GetPublicAccessBlock; Amazon S3 Control API Reference,
 * GetPublicAccessBlock; Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage".
 */
import type { Finding } from "../../model/finding.js";
import { accountValue } from "../../snapshot/account-values.js";
import type { PublicAccessBlockFlags } from "../../snapshot/datasets/s3.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { bucketResource, judgeBuckets } from "./bucket-findings.js";

const FLAGS = ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"] as const;

/** True when all four settings are on. */
export function allFourOn(flags: PublicAccessBlockFlags | null): boolean {
  return flags !== null && FLAGS.every((name) => flags[name]);
}

/** The names of the settings that are off (all four when not configured). */
function offFlags(flags: PublicAccessBlockFlags | null): string[] {
  return FLAGS.filter((name) => flags === null || !flags[name]).map(
    (name) => name.charAt(0).toUpperCase() + name.slice(1),
  );
}

function flagsEvidence(flags: PublicAccessBlockFlags | null) {
  return flags === null ? null : { ...flags };
}

/** The rule. */
export const rule: Rule = {
  id: "s3_bucket_public_access_block_enabled",
  aliases: ["s3_bucket_level_public_access_block", "s3_account_level_public_access_blocks"],
  title: "S3 Block Public Access is fully on for every bucket, at bucket or account level",
  severity: "high",
  resourceTypes: ["AWS::S3::Bucket", "AWS::::Account"],
  description:
    "Checks that all four S3 Block Public Access settings are on for every bucket, either in the bucket's " +
    "own configuration or in the account's (which covers every bucket, present and future).",
  rationale:
    "Block Public Access overrides ACLs and bucket policies that would make data public, so that one " +
    "mistaken grant cannot expose a bucket's objects to the internet.",
  remediation: {
    console: [
      "Open the S3 console and choose Block Public Access settings for this account; choose Edit, select Block all public access, and save (covers every bucket).",
      "Or, for one bucket: choose the bucket, open the Permissions tab, edit Block public access (bucket settings), select Block all public access, and save.",
      "Check first that no application relies on public access to the bucket.",
    ],
    cli: [
      "aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
      "aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    ],
    iac: {
      cloudformation: [
        "Bucket:",
        "  Type: AWS::S3::Bucket",
        "  Properties:",
        "    PublicAccessBlockConfiguration:",
        "      BlockPublicAcls: true",
        "      IgnorePublicAcls: true",
        "      BlockPublicPolicy: true",
        "      RestrictPublicBuckets: true",
      ].join("\n"),
      terraform: [
        'resource "aws_s3_account_public_access_block" "this" {',
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
  ],
  requires: ["s3.bucketPublicAccessBlocks", "s3.accountPublicAccessBlock"],
  cloudTrailEvents: [
    "PutBucketPublicAccessBlock",
    "DeleteBucketPublicAccessBlock",
    "PutAccountPublicAccessBlock",
    "DeleteAccountPublicAccessBlock",
    "CreateBucket",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const account = accountValue(snapshot, "s3.accountPublicAccessBlock")?.configuration ?? null;
    const accountOn = allFourOn(account);
    return judgeBuckets(
      rule,
      snapshot,
      ["s3.bucketPublicAccessBlocks"],
      (bucket, region, read) => {
        const own = read("s3.bucketPublicAccessBlocks").configuration;
        const bucketOn = allFourOn(own);
        const effective = Object.fromEntries(
          FLAGS.map((name) => [name, own?.[name] === true || account?.[name] === true]),
        );
        const level =
          bucketOn && accountOn ? "bucket and account level" : bucketOn ? "bucket level" : "account level";
        const mixed = !bucketOn && !accountOn && FLAGS.every((name) => effective[name]);
        return {
          status: bucketOn || accountOn ? "PASS" : "FAIL",
          ...bucketResource(bucket, region),
          statusExtended:
            bucketOn || accountOn
              ? `Bucket ${bucket.name} (${region}) has all four Block Public Access settings on at ${level}.`
              : `Bucket ${bucket.name} (${region}) does not have all four Block Public Access settings on at bucket level (${own === null ? "not configured" : `${offFlags(own).join(", ")} off`}) nor at account level (${account === null ? "not configured" : `${offFlags(account).join(", ")} off`})${mixed ? "; together the two levels do turn all four on, but CIS asks for all four at one level" : ""}.`,
          evidence: {
            bucket: bucket.name,
            region,
            bucketPublicAccessBlock: flagsEvidence(own),
            accountPublicAccessBlock: flagsEvidence(account),
            effective,
            sources: ["s3:GetBucketPublicAccessBlock", "s3:GetAccountPublicAccessBlock"],
          },
        };
      },
      () => ({
        statusExtended: accountOn
          ? `Account ${snapshot.accountId} has no S3 bucket, and its account-level Block Public Access has all four settings on.`
          : `Account ${snapshot.accountId} has no S3 bucket; its account-level Block Public Access ${account === null ? "is not configured" : `has ${offFlags(account).join(", ")} off`}, so a bucket created later is covered only by its own settings.`,
        evidence: {
          buckets: 0,
          accountPublicAccessBlock: flagsEvidence(account),
          source: "s3:GetAccountPublicAccessBlock",
        },
      }),
    );
  },
};
