/**
 * S3 datasets. The bucket list is account-wide (ListBuckets is global); every other bucket call goes to
 * the bucket's own region, so the per-bucket datasets are regional: one region's value holds the buckets
 * located in that region, by bucket name (a `Map`: bucket names come from the account). Each bucket's
 * entry is either what was read or why it could not be read (`status: "failed"`, naming the API and the
 * missing permission), so that one bucket denied never hides the others. "Not configured" answers
 * (NoSuchBucketPolicy, NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError)
 * are values (`null`), not failures. The account's Block Public Access setting (S3 Control) is read once
 * per account.
 *
 * Split so that a rule requires only what it reads: the deny-HTTP rule needs the policies, the MFA-delete
 * rule the versioning, and so on; each per-bucket dataset costs one call per bucket of its region.
 *
 * Sources: Amazon S3 API Reference, ListBuckets (`BucketRegion`, `ContinuationToken`), GetBucketLocation
 * (`LocationConstraint`: empty for us-east-1, `EU` for eu-west-1), GetBucketPolicy, GetBucketAcl,
 * GetPublicAccessBlock, GetBucketEncryption, GetBucketVersioning (`Status`, `MFADelete`), GetBucketLogging;
 * Amazon S3 Control API Reference, GetPublicAccessBlock.
 */
import type { z as zod } from "zod";
import { defineDataset } from "../dataset.js";

/** Why one bucket's read failed: the API as an IAM action, the AWS error code, a sentence, the permission. */
export interface BucketReadError {
  /** The IAM action of the failed call: `s3:GetBucketPolicy`, `s3:GetEncryptionConfiguration`. */
  readonly api: string;
  /** The AWS error code (`AccessDenied`) or `Error`. */
  readonly code: string;
  /** One sentence naming the API, the bucket, the region and the account. */
  readonly message: string;
  /** The IAM permission the caller lacks (access errors), else null. */
  readonly missingPermission: string | null;
}

/** One bucket's value of a per-bucket dataset: read, or failed with the reason. */
export type BucketRead<T> =
  | { readonly status: "read"; readonly value: T }
  | { readonly status: "failed"; readonly error: BucketReadError };

/** The four Block Public Access settings (bucket or account level); a flag AWS omits is false. */
export interface PublicAccessBlockFlags {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

function readErrorSchema(z: typeof zod) {
  return z.looseObject({
    api: z.string(),
    code: z.string(),
    message: z.string(),
    missingPermission: z.string().nullable(),
  }) satisfies zod.ZodType<BucketReadError>;
}

function flagsSchema(z: typeof zod) {
  return z.looseObject({
    blockPublicAcls: z.boolean(),
    ignorePublicAcls: z.boolean(),
    blockPublicPolicy: z.boolean(),
    restrictPublicBuckets: z.boolean(),
  }) satisfies zod.ZodType<PublicAccessBlockFlags>;
}

/**
 * A JSON object keyed by bucket name read into a `Map` of {@link BucketRead}s, every entry validated by
 * `value`; issue paths name the bucket. Not `z.record`: a `Map` keeps data from the account out of
 * object keys in memory.
 */
function byBucket<V>(z: typeof zod, value: zod.ZodType<V>): zod.ZodType<ReadonlyMap<string, BucketRead<V>>> {
  const entry = z.discriminatedUnion("status", [
    z.looseObject({ status: z.literal("read"), value }),
    z.looseObject({ status: z.literal("failed"), error: readErrorSchema(z) }),
  ]);
  return z
    .custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      "expected an object keyed by bucket name",
    )
    .transform((record, ctx) => {
      const buckets = new Map<string, BucketRead<V>>();
      for (const [bucket, item] of Object.entries(record)) {
        const parsed = entry.safeParse(item);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: "custom", message: issue.message, path: [bucket, ...issue.path] });
          return z.NEVER;
        }
        buckets.set(bucket, parsed.data as BucketRead<V>);
      }
      return buckets as ReadonlyMap<string, BucketRead<V>>;
    });
}

/** One bucket as ListBuckets (and GetBucketLocation) show it. */
export interface S3Bucket {
  readonly name: string;
  /** `arn:<partition>:s3:::<name>`. */
  readonly arn: string;
  /** ListBuckets' `CreationDate` (UTC), or null. */
  readonly creationDate: Date | null;
  /** The bucket's region, or null when it could not be read. */
  readonly region: string | null;
  /** Where the region came from. */
  readonly regionSource: "ListBuckets" | "GetBucketLocation" | null;
  /** Why GetBucketLocation failed, or null. */
  readonly regionError: BucketReadError | null;
}

/**
 * Every bucket of the account (ListBuckets, every page), sorted by name, with its region: ListBuckets'
 * `BucketRegion` where AWS returns it, else GetBucketLocation (an empty or null constraint is us-east-1,
 * `EU` is eu-west-1). A bucket whose region could not be read has `region` null and `regionError`.
 */
export const buckets = defineDataset({
  name: "s3.buckets",
  scope: "account",
  title: "the S3 buckets and their regions",
  actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"],
  dependsOn: [],
  stored: "datasets",
  schema: (z): zod.ZodType<readonly S3Bucket[]> =>
    z
      .array(
        z.looseObject({
          name: z.string(),
          arn: z.string(),
          creationDate: z.date().nullable(),
          region: z.string().nullable(),
          regionSource: z.enum(["ListBuckets", "GetBucketLocation"]).nullable(),
          regionError: readErrorSchema(z).nullable(),
        }),
      )
      .readonly(),
});

/**
 * The account's Block Public Access settings (S3 Control GetPublicAccessBlock, once per account);
 * `configuration` null when the account has none (NoSuchPublicAccessBlockConfiguration).
 */
export const accountPublicAccessBlock = defineDataset({
  name: "s3.accountPublicAccessBlock",
  scope: "account",
  title: "the account's S3 Block Public Access settings",
  actions: ["s3:GetAccountPublicAccessBlock"],
  dependsOn: [],
  stored: "datasets",
  schema: (z): zod.ZodType<AccountPublicAccessBlock> =>
    z.looseObject({ configuration: flagsSchema(z).nullable() }),
});

/** The account's Block Public Access settings, or null: none. */
export interface AccountPublicAccessBlock {
  readonly configuration: PublicAccessBlockFlags | null;
}

/** The bucket policy (the JSON text exactly as GetBucketPolicy returned it), or null: no policy. */
export interface BucketPolicy {
  readonly policy: string | null;
}

/** The bucket policies of the buckets of one region. */
export const bucketPolicies = defineDataset({
  name: "s3.bucketPolicies",
  scope: "region",
  title: "the S3 bucket policies",
  actions: ["s3:GetBucketPolicy"],
  dependsOn: ["ec2.regions", "s3.buckets"],
  stored: "datasets",
  schema: (z) => byBucket<BucketPolicy>(z, z.looseObject({ policy: z.string().nullable() })),
});

/** One grant of a bucket ACL. */
export interface BucketAclGrant {
  /** `CanonicalUser`, `Group` or `AmazonCustomerByEmail`. */
  readonly granteeType: string;
  /** The group's URI (`http://acs.amazonaws.com/groups/global/AllUsers`), or null. */
  readonly uri: string | null;
  /** The canonical user id, or null. */
  readonly id: string | null;
  readonly displayName: string | null;
  readonly emailAddress: string | null;
  /** `FULL_CONTROL`, `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`. */
  readonly permission: string;
}

/** A bucket ACL (GetBucketAcl). */
export interface BucketAcl {
  readonly ownerId: string | null;
  readonly grants: readonly BucketAclGrant[];
}

/** The ACLs of the buckets of one region. */
export const bucketAcls = defineDataset({
  name: "s3.bucketAcls",
  scope: "region",
  title: "the S3 bucket ACLs",
  actions: ["s3:GetBucketAcl"],
  dependsOn: ["ec2.regions", "s3.buckets"],
  stored: "datasets",
  schema: (z) =>
    byBucket(
      z,
      z.looseObject({
        ownerId: z.string().nullable(),
        grants: z
          .array(
            z.looseObject({
              granteeType: z.string(),
              uri: z.string().nullable(),
              id: z.string().nullable(),
              displayName: z.string().nullable(),
              emailAddress: z.string().nullable(),
              permission: z.string(),
            }),
          )
          .readonly(),
      }) as zod.ZodType<BucketAcl>,
    ),
});

/** A bucket's own Block Public Access settings, or null: none (NoSuchPublicAccessBlockConfiguration). */
export interface BucketPublicAccessBlock {
  readonly configuration: PublicAccessBlockFlags | null;
}

/** The bucket-level Block Public Access settings of the buckets of one region. */
export const bucketPublicAccessBlocks = defineDataset({
  name: "s3.bucketPublicAccessBlocks",
  scope: "region",
  title: "the S3 buckets' Block Public Access settings",
  actions: ["s3:GetBucketPublicAccessBlock"],
  dependsOn: ["ec2.regions", "s3.buckets"],
  stored: "datasets",
  schema: (z) =>
    byBucket(
      z,
      z.looseObject({
        configuration: flagsSchema(z).nullable(),
      }) as zod.ZodType<BucketPublicAccessBlock>,
    ),
});

/** One default encryption rule of a bucket. */
export interface BucketEncryptionRule {
  /** `AES256` (SSE-S3), `aws:kms` (SSE-KMS), `aws:kms:dsse` (DSSE-KMS). */
  readonly sseAlgorithm: string | null;
  /** The KMS key (ARN, key id or alias) for the `aws:kms` algorithms, or null (the AWS managed `aws/s3` key). */
  readonly kmsMasterKeyId: string | null;
  readonly bucketKeyEnabled: boolean | null;
}

/** A bucket's default encryption: its rules, or null when it has none (ServerSideEncryptionConfigurationNotFoundError). */
export interface BucketEncryption {
  readonly rules: readonly BucketEncryptionRule[] | null;
}

/** The default encryption of the buckets of one region. */
export const bucketEncryption = defineDataset({
  name: "s3.bucketEncryption",
  scope: "region",
  title: "the S3 buckets' default encryption",
  actions: ["s3:GetEncryptionConfiguration"],
  dependsOn: ["ec2.regions", "s3.buckets"],
  stored: "datasets",
  schema: (z) =>
    byBucket(
      z,
      z.looseObject({
        rules: z
          .array(
            z.looseObject({
              sseAlgorithm: z.string().nullable(),
              kmsMasterKeyId: z.string().nullable(),
              bucketKeyEnabled: z.boolean().nullable(),
            }),
          )
          .readonly()
          .nullable(),
      }) as zod.ZodType<BucketEncryption>,
    ),
});

/** A bucket's versioning (GetBucketVersioning): each field null when AWS omits it (never set). */
export interface BucketVersioning {
  /** `Enabled` or `Suspended`; null when versioning was never turned on. */
  readonly status: string | null;
  /** `Enabled` or `Disabled`; null when MFA delete was never configured. */
  readonly mfaDelete: string | null;
}

/** The versioning and MFA delete settings of the buckets of one region. */
export const bucketVersioning = defineDataset({
  name: "s3.bucketVersioning",
  scope: "region",
  title: "the S3 buckets' versioning and MFA delete settings",
  actions: ["s3:GetBucketVersioning"],
  dependsOn: ["ec2.regions", "s3.buckets"],
  stored: "datasets",
  schema: (z) =>
    byBucket(
      z,
      z.looseObject({
        status: z.string().nullable(),
        mfaDelete: z.string().nullable(),
      }) as zod.ZodType<BucketVersioning>,
    ),
});

/** A bucket's server access logging: the target, or both null when logging is off (no `LoggingEnabled`). */
export interface BucketLogging {
  readonly targetBucket: string | null;
  readonly targetPrefix: string | null;
}

/** The server access logging settings of the buckets of one region. */
export const bucketLogging = defineDataset({
  name: "s3.bucketLogging",
  scope: "region",
  title: "the S3 buckets' server access logging",
  actions: ["s3:GetBucketLogging"],
  dependsOn: ["ec2.regions", "s3.buckets"],
  stored: "datasets",
  schema: (z) =>
    byBucket(
      z,
      z.looseObject({
        targetBucket: z.string().nullable(),
        targetPrefix: z.string().nullable(),
      }) as zod.ZodType<BucketLogging>,
    ),
});
