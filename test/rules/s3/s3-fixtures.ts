/**
 * Literal S3 snapshots for rule tests (snapshot fixtures): buckets with their regions, and per-bucket
 * dataset values by region, as the collectors store them.
 */
import type { RegionalDatasetName } from "../../../src/snapshot/datasets/index.js";
import type {
  AccountPublicAccessBlock,
  BucketRead,
  BucketReadError,
  S3Bucket,
} from "../../../src/snapshot/datasets/s3.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";

export const ACCOUNT = "111122223333";
export const AT = new Date("2026-03-02T12:00:00Z");

/** A bucket in `region` (region found by GetBucketLocation). */
export function bucket(
  name: string,
  region: string | null,
  regionError: BucketReadError | null = null,
): S3Bucket {
  return {
    name,
    arn: `arn:aws:s3:::${name}`,
    creationDate: new Date("2024-05-06T07:08:09Z"),
    region,
    regionSource: region === null ? null : "GetBucketLocation",
    regionError,
  };
}

/** A read value. */
export const read = <T>(value: T): BucketRead<T> => ({ status: "read", value });

/** An AccessDenied read of `api` for `name` in `region`. */
export function denied(api: string, name: string, region: string): BucketRead<never> {
  return {
    status: "failed",
    error: {
      api,
      code: "AccessDenied",
      message: `${api} failed: AccessDenied: Access Denied (bucket ${name} in ${region}). The caller lacks the IAM permission ${api}.`,
      missingPermission: api,
    },
  };
}

/** Per-bucket values of one dataset: region → bucket → read. */
export type PerRegion = Readonly<Record<string, Readonly<Record<string, BucketRead<unknown>>>>>;

/**
 * A live snapshot with the enabled regions `regions`, the buckets, the per-bucket datasets (each a region →
 * bucket → value record, turned into Maps) and, optionally, the account's Block Public Access.
 */
export function s3Snapshot(options: {
  regions: readonly string[];
  buckets: readonly S3Bucket[];
  datasets: Partial<Record<RegionalDatasetName, PerRegion>>;
  accountPublicAccessBlock?: AccountPublicAccessBlock;
  errors?: CollectionError[];
}): Snapshot {
  const datasets: Record<string, ReadonlyMap<string, ReadonlyMap<string, unknown>>> = {};
  for (const [name, byRegion] of Object.entries(options.datasets))
    datasets[name] = new Map(
      Object.entries(byRegion as PerRegion).map(([region, byBucket]) => [
        region,
        new Map(Object.entries(byBucket)),
      ]),
    );
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors: options.errors ?? [],
    regional: {
      regions: options.regions.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: [...options.regions],
    },
    accountDatasets: {
      "s3.buckets": options.buckets,
      ...(options.accountPublicAccessBlock
        ? { "s3.accountPublicAccessBlock": options.accountPublicAccessBlock }
        : {}),
    },
    datasets: datasets as Snapshot["datasets"],
    collected: [
      "ec2.regions",
      "s3.buckets",
      ...(options.accountPublicAccessBlock ? (["s3.accountPublicAccessBlock"] as const) : []),
      ...(Object.keys(options.datasets) as RegionalDatasetName[]),
    ],
  };
}
