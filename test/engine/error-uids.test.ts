/**
 * Every finding of a scan has its own uid, also when data could not be read: a rule whose datasets
 * failed gives ERROR findings whose uids differ from each other and from every other finding's, and
 * are the same in every run (trial s6 item 6).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { evaluate, evaluateRule } from "../../src/engine/evaluate.js";
import { type Finding, findingUid } from "../../src/model/finding.js";
import { RULES } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { type DatasetName, datasetDefinition, withDependencies } from "../../src/snapshot/datasets/index.js";
import type { CollectionError, Snapshot } from "../../src/snapshot/types.js";
import { type FakeS3, startFakeS3 } from "../support/fake-s3.js";

const ACCOUNT = "123456789012";
const REGIONS = ["eu-west-1", "us-east-1"];

/**
 * A snapshot of `rules` where every dataset they need (dependencies included) failed: account-wide, or
 * in every region; with `regionalOnly`, only the regional ones failed (the others count as collected).
 */
function failedSnapshot(rules: readonly AnyRule[], regionalOnly = false): Snapshot {
  const names = withDependencies(rules.flatMap((rule) => rule.requires));
  const regional = (dataset: DatasetName) => datasetDefinition(dataset).scope === "region";
  const errors: CollectionError[] = names
    .filter((dataset) => !regionalOnly || regional(dataset))
    .flatMap((dataset) => {
      const error = (region?: string): CollectionError => ({
        dataset,
        api: `test:Read${dataset}`,
        code: "AccessDenied",
        message: `${dataset} denied${region ? ` in ${region}` : ""}.`,
        ...(region ? { region } : {}),
      });
      return regional(dataset) ? REGIONS.map(error) : [error()];
    });
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-01-01T00:00:00Z"),
    source: "aws",
    errors,
    collected: regionalOnly ? names : [],
    ...(regionalOnly ? { regional: { regions: [], enabledRegions: REGIONS } } : {}),
  };
}

/** The uids more than one finding has, with the rules of those findings. */
function sharedUids(findings: readonly Finding[]): [string, string[]][] {
  const seen = new Map<string, string[]>();
  for (const finding of findings) seen.set(finding.uid, [...(seen.get(finding.uid) ?? []), finding.ruleId]);
  return [...seen].filter(([, rules]) => rules.length > 1);
}

describe("ERROR findings of failed datasets", () => {
  it("every rule, every dataset failed (or only the regional ones): no two findings of the scan share a uid", () => {
    const everything = evaluate(failedSnapshot(RULES), RULES);
    expect(everything.filter((finding) => finding.status === "ERROR")).toHaveLength(RULES.length);
    expect(sharedUids(everything)).toEqual([]);
    const regionsOnly = evaluate(failedSnapshot(RULES, true), RULES);
    expect(regionsOnly.length).toBeGreaterThan(RULES.length);
    expect(sharedUids(regionsOnly)).toEqual([]);
  });

  it("a rule needing two account-wide datasets, both refused: one ERROR naming both, with the uid of one failure", () => {
    const rule = RULES.find((candidate) => candidate.id === "s3_bucket_public_access_block_enabled");
    if (!rule) throw new Error("rule missing");
    const snapshot: Snapshot = {
      ...failedSnapshot([]),
      errors: [
        {
          dataset: "s3.buckets",
          api: "s3:ListAllMyBuckets",
          code: "AccessDenied",
          message: "s3:ListAllMyBuckets failed: AccessDenied.",
          missingPermission: "s3:ListAllMyBuckets",
        },
        {
          dataset: "s3.accountPublicAccessBlock",
          api: "s3:GetAccountPublicAccessBlock",
          code: "AccessDenied",
          message: "s3:GetAccountPublicAccessBlock failed: AccessDenied.",
          missingPermission: "s3:GetAccountPublicAccessBlock",
        },
      ],
    };
    const findings = evaluateRule(rule, snapshot);
    expect(
      findings.map((finding) => [finding.uid, finding.status, finding.statusExtended, finding.evidence]),
    ).toEqual([
      [
        findingUid(ACCOUNT, rule.id, ["account"]),
        "ERROR",
        `Could not judge account ${ACCOUNT}: s3:ListAllMyBuckets failed: AccessDenied. s3:GetAccountPublicAccessBlock failed: AccessDenied.`,
        {
          api: "s3:ListAllMyBuckets, s3:GetAccountPublicAccessBlock",
          errorCode: "AccessDenied, AccessDenied",
          missingPermission: "s3:ListAllMyBuckets, s3:GetAccountPublicAccessBlock",
          dataset: "s3.buckets, s3.accountPublicAccessBlock",
        },
      ],
    ]);
    // The same uid in every run, and the same as when one of them fails alone.
    expect(evaluateRule(rule, snapshot).map((finding) => finding.uid)).toEqual([findings[0]?.uid]);
    const alone = evaluateRule(rule, { ...snapshot, errors: snapshot.errors.slice(1) });
    expect(alone.map((finding) => finding.uid)).toEqual([findings[0]?.uid]);
  });
});

describe("ERROR findings of a live scan whose S3 account-wide reads are refused (real SDK, our fake)", () => {
  let fake: FakeS3;
  beforeEach(async () => {
    fake = await startFakeS3({ accountId: ACCOUNT });
    fake.addBucket({ name: "a-east", region: "us-east-1" });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function scanS3() {
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    try {
      const rules = RULES.filter(
        (rule) => rule.id.startsWith("s3_") || rule.id === "cloudtrail_bucket_not_public",
      );
      return (await scanAccount(clients, { rules, collectedAt: new Date("2026-03-02T12:00:00Z") })).findings;
    } finally {
      clients.destroy();
    }
  }

  it("ListBuckets and the account's Block Public Access both denied: one ERROR per rule, every uid distinct and the same next run", async () => {
    fake.deny("ListBuckets", "*");
    fake.deny("GetAccountPublicAccessBlock", "*");
    const first = await scanS3();
    expect(sharedUids(first)).toEqual([]);
    const both = first.find((finding) => finding.ruleId === "s3_bucket_public_access_block_enabled");
    expect([both?.status, both?.evidence.dataset, both?.uid]).toEqual([
      "ERROR",
      "s3.buckets, s3.accountPublicAccessBlock",
      findingUid(ACCOUNT, "s3_bucket_public_access_block_enabled", ["account"]),
    ]);
    expect((await scanS3()).map((finding) => finding.uid)).toEqual(first.map((finding) => finding.uid));
  });
});
