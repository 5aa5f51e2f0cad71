/**
 * The scaffolding every per-bucket S3 rule shares: one finding per bucket of the account whose region
 * was read, an ERROR finding for a bucket whose region or setting could not be read (naming the API, the
 * bucket, the region and the missing permission), and the rule's own verdict for every other bucket.
 * A bucket in a region whose read failed gets no finding of its own (the engine's ERROR for that region
 * says so); a bucket in any other region that was not read (not enabled for the account, outside
 * `--regions`, not listed by DescribeRegions) gets one MANUAL finding naming it and why. Pure.
 */
import { accountResource, buildFinding, type Finding, type Verdict } from "../../model/finding.js";
import { accountValue } from "../../snapshot/account-values.js";
import type { RegionalDatasetName, RegionalValue } from "../../snapshot/datasets/index.js";
import type { BucketRead, BucketReadError, S3Bucket } from "../../snapshot/datasets/s3.js";
import { ENABLED_OPT_IN_STATUSES } from "../../snapshot/regional.js";
import { failedRegions, regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

/** The per-bucket datasets (each region's value: a Map by bucket name). */
export type BucketDatasetName =
  | "s3.bucketPolicies"
  | "s3.bucketAcls"
  | "s3.bucketPublicAccessBlocks"
  | "s3.bucketEncryption"
  | "s3.bucketVersioning"
  | "s3.bucketLogging";

/** What a per-bucket dataset holds for one bucket, once read. */
export type BucketValue<N extends BucketDatasetName> =
  RegionalValue<N> extends ReadonlyMap<string, BucketRead<infer V>> ? V : never;

/** The resource fields of a bucket's finding (type, ARN, name, region, uid identity). */
export function bucketResource(bucket: S3Bucket, region: string | undefined) {
  return {
    resourceType: "AWS::S3::Bucket",
    resourceArn: bucket.arn,
    resourceName: bucket.name,
    identity: ["bucket", bucket.name],
    ...(region ? { region } : {}),
  } as const;
}

function errorVerdict(
  bucket: S3Bucket,
  region: string | undefined,
  failures: readonly BucketReadError[],
): Omit<Verdict, "status"> & { status: "ERROR" } {
  return {
    status: "ERROR",
    ...bucketResource(bucket, region),
    statusExtended: `Could not judge bucket ${bucket.name}${region ? ` in ${region}` : ""}: ${failures.map((failure) => failure.message).join(" ")}`,
    evidence: {
      bucket: bucket.name,
      region: region ?? null,
      api: failures.map((failure) => failure.api).join(", "),
      errorCode: failures.map((failure) => failure.code).join(", "),
      missingPermission:
        failures
          .map((failure) => failure.missingPermission)
          .filter((permission) => permission !== null)
          .join(", ") || null,
    },
  };
}

/**
 * One finding per bucket: ERROR where its region or one of `datasets` could not be read for it, else
 * `judge(bucket, region, read)` where `read(name)` gives the bucket's value of a dataset in `datasets`.
 * Buckets are taken in name order. An account without any bucket gets one PASS finding on the account
 * (nothing to judge; silence would look like a rule that did not run), worded by `noBuckets` if given.
 */
export function judgeBuckets(
  rule: Pick<Rule, "id" | "severity">,
  snapshot: Snapshot,
  datasets: readonly BucketDatasetName[],
  judge: (
    bucket: S3Bucket,
    region: string,
    read: <N extends BucketDatasetName>(name: N) => BucketValue<N>,
  ) => Verdict,
  noBuckets?: () => { statusExtended: string; evidence: Readonly<Record<string, unknown>> },
): Finding[] {
  const buckets = accountValue(snapshot, "s3.buckets") ?? [];
  if (buckets.length === 0) {
    const said = noBuckets?.() ?? {
      statusExtended: `Account ${snapshot.accountId} has no S3 bucket: nothing to judge.`,
      evidence: { buckets: 0, source: "s3:ListAllMyBuckets" },
    };
    return [
      buildFinding(rule, snapshot, {
        status: "PASS",
        ...accountResource(snapshot),
        identity: ["account"],
        ...said,
      }),
    ];
  }
  const findings: Finding[] = [];
  for (const bucket of buckets) {
    if (bucket.region === null) {
      const failure = bucket.regionError ?? {
        api: "s3:GetBucketLocation",
        code: "Error",
        message: `The region of bucket ${bucket.name} is unknown.`,
        missingPermission: null,
      };
      findings.push(buildFinding(rule, snapshot, errorVerdict(bucket, undefined, [failure])));
      continue;
    }
    const region = bucket.region;
    const byDataset = datasets.map(
      (name) =>
        [name, regionalValues(snapshot, name as RegionalDatasetName).get(region)] as [
          BucketDatasetName,
          ReadonlyMap<string, BucketRead<unknown>> | undefined,
        ],
    );
    const unread = byDataset.filter(([, values]) => values === undefined).map(([name]) => name);
    if (unread.length > 0) {
      // A region whose read failed: the engine's ERROR for that region says so. Any other region not
      // read (not enabled, outside --regions, unknown): MANUAL for the bucket, never silence.
      if (!failedRegions(snapshot, unread).has(region))
        findings.push(buildFinding(rule, snapshot, unreadRegionVerdict(snapshot, bucket, region, unread)));
      continue;
    }
    const failures: BucketReadError[] = [];
    const values = new Map<BucketDatasetName, unknown>();
    for (const [name, inRegion] of byDataset) {
      const entry = inRegion?.get(bucket.name);
      if (entry === undefined)
        failures.push({
          api: name,
          code: "NotCollected",
          message: `${name} holds no value for bucket ${bucket.name} in ${region}.`,
          missingPermission: null,
        });
      else if (entry.status === "failed") failures.push(entry.error);
      else values.set(name, entry.value);
    }
    if (failures.length > 0) {
      findings.push(buildFinding(rule, snapshot, errorVerdict(bucket, region, failures)));
      continue;
    }
    const read = <N extends BucketDatasetName>(name: N) => values.get(name) as BucketValue<N>;
    findings.push(buildFinding(rule, snapshot, judge(bucket, region, read)));
  }
  return findings;
}

/**
 * Why the bucket's region was not read, from the regions DescribeRegions listed: `region-not-enabled`
 * (listed, opt-in status not enabled), `region-not-scanned` (enabled, left out by `--regions`),
 * `region-not-listed` (DescribeRegions did not list it), `region-not-read` (enabled and asked, yet no
 * value and no error: a hand-edited snapshot).
 */
function unreadRegionVerdict(
  snapshot: Snapshot,
  bucket: S3Bucket,
  region: string,
  datasets: readonly BucketDatasetName[],
): Verdict {
  const listed = snapshot.regional?.regions.find((entry) => entry.regionName === region);
  const optInStatus = listed?.optInStatus ?? null;
  const asked = snapshot.regional?.enabledRegions.includes(region) === true;
  const reason = asked
    ? "region-not-read"
    : listed === undefined
      ? "region-not-listed"
      : ENABLED_OPT_IN_STATUSES.includes(listed.optInStatus)
        ? "region-not-scanned"
        : "region-not-enabled";
  const why = {
    "region-not-read": `${region} holds no value of ${datasets.join(", ")} although it was asked`,
    "region-not-listed": `${region} is not a region DescribeRegions listed for the account`,
    "region-not-scanned": `${region} was left out of this scan (--regions)`,
    "region-not-enabled": `${region} is not enabled for the account (opt-in status ${optInStatus}), so it was not read`,
  }[reason];
  return {
    status: "MANUAL",
    ...bucketResource(bucket, region),
    statusExtended: `S3 bucket ${bucket.name} in ${region} was not judged: ${why}. ${
      reason === "region-not-scanned"
        ? `Scan again with ${region} in --regions.`
        : `Check its settings by hand (aws s3api ... --bucket ${bucket.name} --region ${region}).`
    }`,
    evidence: {
      bucket: bucket.name,
      region,
      reason,
      optInStatus,
      notRead: [...datasets],
    },
  };
}
