/**
 * CIS v1.5.0 2.1.5 / v2.0.0+ 2.1.4 / v1.3.0 1.20 (s3_bucket_public_access_block_enabled) over literal
 * datasets: all four at bucket level, all four at account level, three of four, the two levels together
 * but neither complete (FAIL, as the CIS audit reads each level), not configured anywhere, no bucket.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/s3/s3_bucket_public_access_block_enabled.js";
import type { PublicAccessBlockFlags } from "../../../src/snapshot/datasets/s3.js";
import { ACCOUNT, bucket, read, s3Snapshot } from "./s3-fixtures.js";

const ALL: PublicAccessBlockFlags = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};
const ACLS_ONLY: PublicAccessBlockFlags = { ...ALL, blockPublicPolicy: false, restrictPublicBuckets: false };
const POLICY_ONLY: PublicAccessBlockFlags = { ...ALL, blockPublicAcls: false, ignorePublicAcls: false };

function judge(own: PublicAccessBlockFlags | null, account: PublicAccessBlockFlags | null) {
  const findings = evaluateRule(
    rule,
    s3Snapshot({
      regions: ["eu-west-1"],
      buckets: [bucket("b", "eu-west-1")],
      datasets: { "s3.bucketPublicAccessBlocks": { "eu-west-1": { b: read({ configuration: own }) } } },
      accountPublicAccessBlock: { configuration: account },
    }),
  );
  expect(findings).toHaveLength(1);
  return findings[0] as (typeof findings)[number];
}

describe("s3_bucket_public_access_block_enabled", () => {
  it("all four at bucket level, none at account level: PASS with both levels and what is in effect", () => {
    const finding = judge(ALL, null);
    expect([finding.status, finding.statusExtended, finding.evidence]).toEqual([
      "PASS",
      "Bucket b (eu-west-1) has all four Block Public Access settings on at bucket level.",
      {
        bucket: "b",
        region: "eu-west-1",
        bucketPublicAccessBlock: ALL,
        accountPublicAccessBlock: null,
        effective: ALL,
        sources: ["s3:GetBucketPublicAccessBlock", "s3:GetAccountPublicAccessBlock"],
      },
    ]);
  });

  it("all four at account level, none at bucket level: PASS", () => {
    const finding = judge(null, ALL);
    expect([finding.status, finding.statusExtended]).toEqual([
      "PASS",
      "Bucket b (eu-west-1) has all four Block Public Access settings on at account level.",
    ]);
  });

  it("both levels complete: PASS naming both", () => {
    expect(judge(ALL, ALL).statusExtended).toBe(
      "Bucket b (eu-west-1) has all four Block Public Access settings on at bucket and account level.",
    );
  });

  it("three of four at bucket level, nothing at account level: FAIL naming what is off", () => {
    const finding = judge({ ...ALL, restrictPublicBuckets: false }, null);
    expect([finding.status, finding.statusExtended]).toEqual([
      "FAIL",
      "Bucket b (eu-west-1) does not have all four Block Public Access settings on at bucket level (RestrictPublicBuckets off) nor at account level (not configured).",
    ]);
  });

  it("the ACL settings at bucket level and the policy settings at account level: FAIL (each level is read on its own), the evidence shows all four in effect", () => {
    const finding = judge(ACLS_ONLY, POLICY_ONLY);
    expect([finding.status, finding.statusExtended, finding.evidence.effective]).toEqual([
      "FAIL",
      "Bucket b (eu-west-1) does not have all four Block Public Access settings on at bucket level (BlockPublicPolicy, RestrictPublicBuckets off) nor at account level (BlockPublicAcls, IgnorePublicAcls off); together the two levels do turn all four on, but CIS asks for all four at one level.",
      ALL,
    ]);
  });

  it("not configured anywhere: FAIL", () => {
    const finding = judge(null, null);
    expect([finding.status, finding.statusExtended]).toEqual([
      "FAIL",
      "Bucket b (eu-west-1) does not have all four Block Public Access settings on at bucket level (not configured) nor at account level (not configured).",
    ]);
  });

  it("no bucket: one PASS on the account naming its setting", () => {
    const findings = evaluateRule(
      rule,
      s3Snapshot({
        regions: ["eu-west-1"],
        buckets: [],
        datasets: { "s3.bucketPublicAccessBlocks": { "eu-west-1": {} } },
        accountPublicAccessBlock: { configuration: ACLS_ONLY },
      }),
    );
    expect(findings.map((f) => [f.status, f.resourceType, f.statusExtended, f.evidence])).toEqual([
      [
        "PASS",
        "AWS::::Account",
        `Account ${ACCOUNT} has no S3 bucket; its account-level Block Public Access has BlockPublicPolicy, RestrictPublicBuckets off, so a bucket created later is covered only by its own settings.`,
        { buckets: 0, accountPublicAccessBlock: ACLS_ONLY, source: "s3:GetAccountPublicAccessBlock" },
      ],
    ]);
  });
});
