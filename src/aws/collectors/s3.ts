/**
 * Collectors of the S3 datasets (`snapshot/datasets/s3.ts`). Once per account: ListBuckets (every page)
 * with GetBucketLocation for each bucket ListBuckets gives no `BucketRegion`, and the account's Block
 * Public Access (S3 Control). In every enabled region: one call per bucket located there and per
 * per-bucket dataset a selected rule needs, sent to that region's S3 client, a few buckets at a time.
 *
 * Sources: Amazon S3 API Reference, ListBuckets, GetBucketLocation and the per-bucket Get APIs; Amazon S3
 * Control API Reference, GetPublicAccessBlock.
 */
import pLimit from "p-limit";
import type { RegionalDatasetName, RegionalValue } from "../../snapshot/datasets/index.js";
import type { BucketRead, S3Bucket } from "../../snapshot/datasets/s3.js";
import type { RegionalClients } from "../clients.js";
import { callAws } from "../errors.js";
import {
  bucketRead,
  bucketReadErrorOf,
  readAccountPublicAccessBlock,
  readBucketAcl,
  readBucketEncryption,
  readBucketLogging,
  readBucketPolicy,
  readBucketPublicAccessBlock,
  readBucketRegion,
  readBucketVersioning,
} from "../s3-bucket-reads.js";
import { accountCollector, type CollectContext, regionalClients, regionalCollector } from "./types.js";

/** Bucket calls in flight at once, per region (and GetBucketLocation calls, per account). */
export const BUCKET_CONCURRENCY = 8;

export const buckets = accountCollector({
  dataset: "s3.buckets",
  async collect(context): Promise<readonly S3Bucket[]> {
    const clients = regionalClients(context);
    const { paginateListBuckets } = await import("@aws-sdk/client-s3");
    const s3 = await clients.s3();
    const listed: { name: string; creationDate: Date | null; bucketRegion: string | null }[] = [];
    await callAws("s3:ListAllMyBuckets", context.accountId, async () => {
      for await (const page of paginateListBuckets({ client: s3 }, {}))
        for (const bucket of page.Buckets ?? [])
          if (bucket.Name)
            listed.push({
              name: bucket.Name,
              creationDate: bucket.CreationDate ?? null,
              bucketRegion: bucket.BucketRegion || null,
            });
    });
    listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const limit = pLimit(BUCKET_CONCURRENCY);
    return Promise.all(
      listed.map((bucket) =>
        limit(async (): Promise<S3Bucket> => {
          const arn = `arn:${context.partition}:s3:::${bucket.name}`;
          const base = { name: bucket.name, arn, creationDate: bucket.creationDate };
          if (bucket.bucketRegion)
            return { ...base, region: bucket.bucketRegion, regionSource: "ListBuckets", regionError: null };
          try {
            const region = await readBucketRegion(clients, bucket.name);
            return { ...base, region, regionSource: "GetBucketLocation", regionError: null };
          } catch (error) {
            return {
              ...base,
              region: null,
              regionSource: null,
              regionError: bucketReadErrorOf(error, "s3:GetBucketLocation", bucket.name, "us-east-1"),
            };
          }
        }),
      ),
    );
  },
  store: (draft, value) => {
    draft.accountDatasets = { ...draft.accountDatasets, "s3.buckets": value };
  },
});

export const accountPublicAccessBlock = accountCollector({
  dataset: "s3.accountPublicAccessBlock",
  collect: async (context) => readAccountPublicAccessBlock(regionalClients(context), context.accountId),
  store: (draft, value) => {
    draft.accountDatasets = { ...draft.accountDatasets, "s3.accountPublicAccessBlock": value };
  },
});

/** The buckets located in `region`, from the bucket list this dataset depends on. */
function bucketsIn(context: CollectContext, region: string): readonly S3Bucket[] {
  const all = context.draft.accountDatasets?.["s3.buckets"];
  if (!all) throw new Error("the S3 bucket list (s3.buckets) was not collected");
  return all.filter((bucket) => bucket.region === region);
}

/**
 * Reads one setting of every bucket located in `region` with `read`, a few at a time: a Map by bucket
 * name (sorted) of what was read or why it failed.
 */
async function readBuckets<T>(
  context: CollectContext,
  region: string,
  api: string,
  read: (clients: RegionalClients, bucket: string, region: string) => Promise<T>,
): Promise<ReadonlyMap<string, BucketRead<T>>> {
  const clients = regionalClients(context);
  const limit = pLimit(BUCKET_CONCURRENCY);
  const reads = await Promise.all(
    bucketsIn(context, region).map((bucket) =>
      limit(
        async () =>
          [
            bucket.name,
            await bucketRead(api, bucket.name, region, () => read(clients, bucket.name, region)),
          ] as const,
      ),
    ),
  );
  return new Map(reads);
}

/** A per-bucket regional collector: one `api` call per bucket of the region. */
function perBucket<N extends RegionalDatasetName>(
  dataset: N,
  api: string,
  read: (clients: RegionalClients, bucket: string, region: string) => Promise<unknown>,
) {
  return regionalCollector({
    dataset,
    collect: async (context, region) =>
      (await readBuckets(context, region, api, read)) as unknown as RegionalValue<N>,
  });
}

export const bucketPolicies = perBucket("s3.bucketPolicies", "s3:GetBucketPolicy", readBucketPolicy);
export const bucketAcls = perBucket("s3.bucketAcls", "s3:GetBucketAcl", readBucketAcl);
export const bucketPublicAccessBlocks = perBucket(
  "s3.bucketPublicAccessBlocks",
  "s3:GetBucketPublicAccessBlock",
  readBucketPublicAccessBlock,
);
export const bucketEncryption = perBucket(
  "s3.bucketEncryption",
  "s3:GetEncryptionConfiguration",
  readBucketEncryption,
);
export const bucketVersioning = perBucket(
  "s3.bucketVersioning",
  "s3:GetBucketVersioning",
  readBucketVersioning,
);
export const bucketLogging = perBucket("s3.bucketLogging", "s3:GetBucketLogging", readBucketLogging);
