/**
 * A rule never gives zero findings silently when a dataset it reads failed (trial s6 "summary" item 1):
 * for every rule, with every dataset it reads failed (required and optional, dependencies included), or
 * with its required datasets collected but empty and only its optional ones failed, it gives at least one
 * finding, and an ERROR naming each failed account-wide API.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../src/engine/evaluate.js";
import { RULES } from "../../src/rules/index.js";
import { type DatasetName, datasetDefinition, withDependencies } from "../../src/snapshot/datasets/index.js";
import type { CollectionError, Snapshot } from "../../src/snapshot/types.js";

const ACCOUNT = "123456789012";
const REGIONS = ["eu-west-1", "us-east-1"];

/** `dataset` failed: account-wide, or in every region. */
function failures(dataset: DatasetName): CollectionError[] {
  const error = (region?: string): CollectionError => ({
    dataset,
    api: `test:Read-${dataset}`,
    code: "InternalError",
    message: `test:Read-${dataset} failed: InternalError${region ? ` in ${region}` : ""}.`,
    ...(region ? { region } : {}),
  });
  return datasetDefinition(dataset).scope === "region" ? REGIONS.map(error) : [error()];
}

function snapshotWith(errors: readonly CollectionError[], collected: readonly DatasetName[]): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-01-01T00:00:00Z"),
    source: "aws",
    errors,
    collected,
    // Collected but empty: a report without rows (no root row either), regions with no value.
    credentialReport: { rows: [], generatedAt: new Date("2025-12-31T23:00:00Z") } as never,
    regional: { regions: [], enabledRegions: REGIONS },
  };
}

describe("failed datasets never give zero findings", () => {
  it.each(RULES.map((rule) => [rule.id, rule]))(
    "%s: every dataset it reads failed → at least one finding, all ERROR",
    (_id, rule) => {
      const reads = withDependencies([...rule.requires, ...(rule.optional ?? [])]);
      const findings = evaluateRule(rule, snapshotWith(reads.flatMap(failures), []));
      expect(findings.length).toBeGreaterThanOrEqual(1);
      expect(findings.filter((finding) => finding.status !== "ERROR")).toEqual([]);
    },
  );

  const withOptional = RULES.filter((rule) => (rule.optional ?? []).length > 0);
  /**
   * Rules whose optional dataset is read only when their verdict depends on it: 3.10 / 3.11 read the
   * bucket list only for trails that name buckets one by one, so without such a trail their verdict does
   * not depend on it; with such a trail and the list failed they give the ERROR naming ListBuckets
   * (test/rules/cloudtrail/cloudtrail_s3_dataevents.test.ts).
   */
  const readWhenNeeded = new Set([
    "cloudtrail_s3_dataevents_read_enabled",
    "cloudtrail_s3_dataevents_write_enabled",
  ]);
  it("the rules with optional datasets are the ones this test was written for", () => {
    expect(withOptional.map((rule) => rule.id).sort()).toEqual([
      "cloudtrail_s3_dataevents_read_enabled",
      "cloudtrail_s3_dataevents_write_enabled",
      "ec2_default_security_group_no_rules",
      "iam_root_hardware_mfa_enabled",
      "iam_root_mfa_enabled",
      "iam_root_no_access_key",
      "iam_root_not_used_recently",
      "iam_user_access_key_rotated",
      "iam_user_console_mfa_enabled",
      "iam_user_managed_centrally",
      "iam_user_no_access_key_at_setup",
      "iam_user_one_active_access_key",
      "iam_user_unused_credentials_90_disabled",
      "iam_user_unused_credentials_disabled",
      "rds_instance_minor_version_upgrade_enabled",
      "rds_instance_no_public_access",
      "rds_instance_storage_encrypted",
    ]);
  });

  it.each(withOptional.map((rule) => [rule.id, rule]))(
    "%s: its required datasets collected but empty, its optional ones failed → never silent",
    (_id, rule) => {
      const required = withDependencies(rule.requires);
      const optional = withDependencies(rule.optional ?? []).filter((name) => !required.includes(name));
      const findings = evaluateRule(rule, snapshotWith(optional.flatMap(failures), required));
      expect(findings.length).toBeGreaterThanOrEqual(1);
      if (readWhenNeeded.has(rule.id)) {
        // No trail to judge: the engine's MANUAL (no region of cloudtrail.trails holds a value); nothing
        // rests on the bucket list.
        expect(findings.map((finding) => [finding.status, finding.evidence.bucketByBucket ?? null])).toEqual([
          ["MANUAL", null],
        ]);
        return;
      }
      // Each failed account-wide API is named by an ERROR finding (a regional one leaves the rule no
      // region to judge: the engine's MANUAL says so).
      for (const name of optional.filter((dataset) => datasetDefinition(dataset).scope === "account"))
        expect(
          findings.filter(
            (finding) =>
              finding.status === "ERROR" && String(finding.evidence.api).includes(`test:Read-${name}`),
          ),
        ).toHaveLength(1);
    },
  );
});
