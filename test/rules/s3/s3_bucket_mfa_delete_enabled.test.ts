/**
 * CIS v1.5.0 2.1.3 / v2.0.0+ 2.1.2 (s3_bucket_mfa_delete_enabled) over literal datasets (moto never returns
 * MFADelete: these states exist only as fixtures): versioning and MFA delete on, MFA delete Disabled,
 * never configured, versioning suspended, versioning never on.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/s3/s3_bucket_mfa_delete_enabled.js";
import type { BucketVersioning } from "../../../src/snapshot/datasets/s3.js";
import { bucket, read, s3Snapshot } from "./s3-fixtures.js";

function judge(versioning: BucketVersioning) {
  const [finding] = evaluateRule(
    rule,
    s3Snapshot({
      regions: ["us-east-1"],
      buckets: [bucket("b", "us-east-1")],
      datasets: { "s3.bucketVersioning": { "us-east-1": { b: read(versioning) } } },
    }),
  );
  return [finding?.status, finding?.statusExtended, finding?.evidence];
}

const evidence = (versioningStatus: string | null, mfaDelete: string | null) => ({
  bucket: "b",
  region: "us-east-1",
  versioningStatus,
  mfaDelete,
  source: "s3:GetBucketVersioning",
});

describe("s3_bucket_mfa_delete_enabled", () => {
  it("Status Enabled and MFADelete Enabled: PASS", () => {
    expect(judge({ status: "Enabled", mfaDelete: "Enabled" })).toEqual([
      "PASS",
      "Bucket b (us-east-1) has versioning and MFA delete enabled.",
      evidence("Enabled", "Enabled"),
    ]);
  });

  it.each([
    [{ status: "Enabled", mfaDelete: "Disabled" }, "MFA delete is Disabled"],
    [{ status: "Enabled", mfaDelete: null }, "MFA delete is not configured"],
    [{ status: "Suspended", mfaDelete: "Enabled" }, "versioning is Suspended"],
    [{ status: null, mfaDelete: null }, "versioning is not enabled (never turned on)"],
  ])("%o: FAIL (%s)", (versioning, why) => {
    expect(judge(versioning)).toEqual([
      "FAIL",
      `Bucket b (us-east-1) does not have MFA delete enabled: ${why}.`,
      evidence(versioning.status, versioning.mfaDelete),
    ]);
  });
});
