/**
 * CIS v1.3.0–v1.5.0 2.1.1 (s3_bucket_default_encryption_enabled) over literal datasets: SSE-S3, SSE-KMS
 * with and without a named key, DSSE-KMS, no configuration (what moto and pre-2023 buckets show), a
 * configuration without an encrypting rule, a denied read; the evidence names algorithm and key.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/s3/s3_bucket_default_encryption_enabled.js";
import type { BucketEncryption } from "../../../src/snapshot/datasets/s3.js";
import { bucket, denied, read, s3Snapshot } from "./s3-fixtures.js";

function judge(encryption: BucketEncryption) {
  const findings = evaluateRule(
    rule,
    s3Snapshot({
      regions: ["eu-west-1"],
      buckets: [bucket("b", "eu-west-1")],
      datasets: { "s3.bucketEncryption": { "eu-west-1": { b: read(encryption) } } },
    }),
  );
  expect(findings).toHaveLength(1);
  return findings[0] as (typeof findings)[number];
}

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("s3_bucket_default_encryption_enabled", () => {
  it("SSE-S3 (AES256): PASS, evidence names the algorithm and S3-managed keys", () => {
    const finding = judge({
      rules: [{ sseAlgorithm: "AES256", kmsMasterKeyId: null, bucketKeyEnabled: false }],
    });
    expect([finding.status, finding.statusExtended, finding.evidence]).toEqual([
      "PASS",
      "Bucket b (eu-west-1) encrypts new objects by default with AES256 (Amazon S3 managed keys).",
      {
        bucket: "b",
        region: "eu-west-1",
        configured: true,
        rules: [{ sseAlgorithm: "AES256", kmsMasterKeyId: null, bucketKeyEnabled: false }],
        sseAlgorithm: "AES256",
        kmsMasterKeyId: null,
        source: "s3:GetEncryptionConfiguration",
      },
    ]);
  });

  it("SSE-KMS with a customer key: PASS naming the key; without a key: the AWS managed aws/s3 key", () => {
    const named = judge({
      rules: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY, bucketKeyEnabled: true }],
    });
    expect([named.status, named.statusExtended, named.evidence.kmsMasterKeyId]).toEqual([
      "PASS",
      `Bucket b (eu-west-1) encrypts new objects by default with aws:kms (${KEY}).`,
      KEY,
    ]);
    const managed = judge({
      rules: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: null, bucketKeyEnabled: null }],
    });
    expect(managed.statusExtended).toBe(
      "Bucket b (eu-west-1) encrypts new objects by default with aws:kms (the AWS managed key aws/s3).",
    );
  });

  it("DSSE-KMS: PASS", () => {
    expect(
      judge({ rules: [{ sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: KEY, bucketKeyEnabled: null }] })
        .status,
    ).toBe("PASS");
  });

  it("no configuration (ServerSideEncryptionConfigurationNotFoundError): FAIL, read not assumed", () => {
    const finding = judge({ rules: null });
    expect([
      finding.status,
      finding.statusExtended,
      finding.evidence.configured,
      finding.evidence.sseAlgorithm,
    ]).toEqual([
      "FAIL",
      "Bucket b (eu-west-1) has no default encryption configuration (ServerSideEncryptionConfigurationNotFoundError): objects written without encryption headers are stored unencrypted.",
      false,
      null,
    ]);
  });

  it("a configuration whose rule names no encrypting algorithm: FAIL", () => {
    const finding = judge({ rules: [{ sseAlgorithm: null, kmsMasterKeyId: null, bucketKeyEnabled: true }] });
    expect([finding.status, finding.statusExtended]).toEqual([
      "FAIL",
      "Bucket b (eu-west-1) has a default encryption configuration with no rule using AES256, aws:kms or aws:kms:dsse.",
    ]);
  });

  it("GetBucketEncryption denied for the bucket: its ERROR names s3:GetEncryptionConfiguration", () => {
    const [finding] = evaluateRule(
      rule,
      s3Snapshot({
        regions: ["eu-west-1"],
        buckets: [bucket("b", "eu-west-1")],
        datasets: {
          "s3.bucketEncryption": {
            "eu-west-1": { b: denied("s3:GetEncryptionConfiguration", "b", "eu-west-1") },
          },
        },
      }),
    );
    expect([finding?.status, finding?.evidence.missingPermission]).toEqual([
      "ERROR",
      "s3:GetEncryptionConfiguration",
    ]);
  });
});
