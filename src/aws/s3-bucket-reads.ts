/**
 * Reads of one S3 bucket's settings, each sent to the bucket's own region, and the account's Block
 * Public Access setting (S3 Control). Shared by the S3 collectors and by any collector that needs one
 * bucket's settings (the CloudTrail bucket's ACL, policy and logging). "Not configured" answers are
 * values (`null`), never errors; any other failure throws an {@link S3BucketReadError} naming the IAM
 * action, the bucket and the region.
 *
 * Sources: Amazon S3 API Reference, GetBucketLocation, GetBucketPolicy (NoSuchBucketPolicy), GetBucketAcl,
 * GetPublicAccessBlock (NoSuchPublicAccessBlockConfiguration), GetBucketEncryption
 * (ServerSideEncryptionConfigurationNotFoundError), GetBucketVersioning, GetBucketLogging; Amazon S3 Control
 * API Reference, GetPublicAccessBlock; "Actions, resources, and condition keys for Amazon S3" (the IAM
 * action of each API: GetPublicAccessBlock is s3:GetBucketPublicAccessBlock on a bucket and
 * s3:GetAccountPublicAccessBlock on the account, GetBucketEncryption is s3:GetEncryptionConfiguration).
 */
import { AwsApiError } from "../model/errors.js";
import type {
  AccountPublicAccessBlock,
  BucketAcl,
  BucketEncryption,
  BucketLogging,
  BucketPolicy,
  BucketPublicAccessBlock,
  BucketRead,
  BucketReadError,
  BucketVersioning,
  PublicAccessBlockFlags,
} from "../snapshot/datasets/s3.js";
import type { RegionalClients } from "./clients.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** A read of one bucket failed: names the IAM action, the bucket and the region. */
export class S3BucketReadError extends AwsApiError {
  constructor(
    api: string,
    readonly bucket: string,
    readonly region: string | null,
    cause: unknown,
  ) {
    const code = awsErrorCode(cause) ?? "Error";
    const denied = isAccessDenied(cause);
    super(
      api,
      undefined,
      code,
      `${describeAwsError(cause)} (bucket ${bucket}${region ? ` in ${region}` : ""})`,
      { cause, ...(denied ? { missingPermission: api } : {}) },
    );
  }
}

/**
 * The region of a GetBucketLocation `LocationConstraint`: empty, null or absent is us-east-1, the legacy
 * `EU` is eu-west-1, anything else is the region itself.
 */
export function regionOfLocation(constraint: string | null | undefined): string {
  if (constraint === undefined || constraint === null || constraint === "") return "us-east-1";
  if (constraint === "EU") return "eu-west-1";
  return constraint;
}

async function attempt<T>(
  api: string,
  bucket: string,
  region: string | null,
  run: () => Promise<T>,
  notConfigured?: { readonly codes: readonly string[]; readonly value: T },
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = awsErrorCode(error);
    if (notConfigured && code !== undefined && notConfigured.codes.includes(code)) return notConfigured.value;
    throw new S3BucketReadError(api, bucket, region, error);
  }
}

/**
 * The bucket's region (s3:GetBucketLocation, sent to the connection's region: AWS answers it for a bucket
 * of any region). @throws {@link S3BucketReadError}.
 */
export async function readBucketRegion(clients: RegionalClients, bucket: string): Promise<string> {
  const { GetBucketLocationCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3();
  return attempt("s3:GetBucketLocation", bucket, null, async () => {
    const { LocationConstraint } = await s3.send(new GetBucketLocationCommand({ Bucket: bucket }));
    return regionOfLocation(LocationConstraint);
  });
}

/** The bucket policy's JSON text, or null when it has none (NoSuchBucketPolicy). @throws {@link S3BucketReadError}. */
export async function readBucketPolicy(
  clients: RegionalClients,
  bucket: string,
  region: string,
): Promise<BucketPolicy> {
  const { GetBucketPolicyCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3(region);
  return attempt<BucketPolicy>(
    "s3:GetBucketPolicy",
    bucket,
    region,
    async () => ({ policy: (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? null }),
    { codes: ["NoSuchBucketPolicy"], value: { policy: null } },
  );
}

/** The bucket ACL's owner and grants. @throws {@link S3BucketReadError}. */
export async function readBucketAcl(
  clients: RegionalClients,
  bucket: string,
  region: string,
): Promise<BucketAcl> {
  const { GetBucketAclCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3(region);
  return attempt("s3:GetBucketAcl", bucket, region, async () => {
    const { Owner, Grants } = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    return {
      ownerId: Owner?.ID ?? null,
      grants: (Grants ?? []).map((grant) => ({
        granteeType: grant.Grantee?.Type ?? "",
        uri: grant.Grantee?.URI ?? null,
        id: grant.Grantee?.ID ?? null,
        displayName: grant.Grantee?.DisplayName ?? null,
        emailAddress: grant.Grantee?.EmailAddress ?? null,
        permission: grant.Permission ?? "",
      })),
    };
  });
}

function flagsOf(
  configuration:
    | {
        BlockPublicAcls?: boolean | undefined;
        IgnorePublicAcls?: boolean | undefined;
        BlockPublicPolicy?: boolean | undefined;
        RestrictPublicBuckets?: boolean | undefined;
      }
    | undefined,
): PublicAccessBlockFlags {
  return {
    blockPublicAcls: configuration?.BlockPublicAcls === true,
    ignorePublicAcls: configuration?.IgnorePublicAcls === true,
    blockPublicPolicy: configuration?.BlockPublicPolicy === true,
    restrictPublicBuckets: configuration?.RestrictPublicBuckets === true,
  };
}

/**
 * The bucket's own Block Public Access settings, or null when it has none
 * (NoSuchPublicAccessBlockConfiguration). @throws {@link S3BucketReadError}.
 */
export async function readBucketPublicAccessBlock(
  clients: RegionalClients,
  bucket: string,
  region: string,
): Promise<BucketPublicAccessBlock> {
  const { GetPublicAccessBlockCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3(region);
  return attempt<BucketPublicAccessBlock>(
    "s3:GetBucketPublicAccessBlock",
    bucket,
    region,
    async () => {
      const { PublicAccessBlockConfiguration } = await s3.send(
        new GetPublicAccessBlockCommand({ Bucket: bucket }),
      );
      return { configuration: flagsOf(PublicAccessBlockConfiguration) };
    },
    { codes: ["NoSuchPublicAccessBlockConfiguration"], value: { configuration: null } },
  );
}

/**
 * The bucket's default encryption rules, or null when it has none
 * (ServerSideEncryptionConfigurationNotFoundError). @throws {@link S3BucketReadError}.
 */
export async function readBucketEncryption(
  clients: RegionalClients,
  bucket: string,
  region: string,
): Promise<BucketEncryption> {
  const { GetBucketEncryptionCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3(region);
  return attempt<BucketEncryption>(
    "s3:GetEncryptionConfiguration",
    bucket,
    region,
    async () => {
      const { ServerSideEncryptionConfiguration } = await s3.send(
        new GetBucketEncryptionCommand({ Bucket: bucket }),
      );
      return {
        rules: (ServerSideEncryptionConfiguration?.Rules ?? []).map((rule) => ({
          sseAlgorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
          kmsMasterKeyId: rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null,
          bucketKeyEnabled: rule.BucketKeyEnabled ?? null,
        })),
      };
    },
    { codes: ["ServerSideEncryptionConfigurationNotFoundError"], value: { rules: null } },
  );
}

/** The bucket's versioning `Status` and `MFADelete` (null where AWS omits them). @throws {@link S3BucketReadError}. */
export async function readBucketVersioning(
  clients: RegionalClients,
  bucket: string,
  region: string,
): Promise<BucketVersioning> {
  const { GetBucketVersioningCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3(region);
  return attempt("s3:GetBucketVersioning", bucket, region, async () => {
    const { Status, MFADelete } = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    return { status: Status ?? null, mfaDelete: MFADelete ?? null };
  });
}

/** The bucket's server access logging target (both null when logging is off). @throws {@link S3BucketReadError}. */
export async function readBucketLogging(
  clients: RegionalClients,
  bucket: string,
  region: string,
): Promise<BucketLogging> {
  const { GetBucketLoggingCommand } = await import("@aws-sdk/client-s3");
  const s3 = await clients.s3(region);
  return attempt("s3:GetBucketLogging", bucket, region, async () => {
    const { LoggingEnabled } = await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }));
    return {
      targetBucket: LoggingEnabled?.TargetBucket ?? null,
      targetPrefix: LoggingEnabled?.TargetPrefix ?? null,
    };
  });
}

/**
 * The account's Block Public Access settings (S3 Control GetPublicAccessBlock, IAM action
 * s3:GetAccountPublicAccessBlock), or null when it has none (NoSuchPublicAccessBlockConfiguration).
 * @throws {@link AwsApiError} naming s3:GetAccountPublicAccessBlock.
 */
export async function readAccountPublicAccessBlock(
  clients: RegionalClients,
  accountId: string,
): Promise<AccountPublicAccessBlock> {
  const { GetPublicAccessBlockCommand } = await import("@aws-sdk/client-s3-control");
  const s3control = await clients.s3Control();
  try {
    const { PublicAccessBlockConfiguration } = await s3control.send(
      new GetPublicAccessBlockCommand({ AccountId: accountId }),
    );
    return { configuration: flagsOf(PublicAccessBlockConfiguration) };
  } catch (error) {
    if (awsErrorCode(error) === "NoSuchPublicAccessBlockConfiguration") return { configuration: null };
    const api = "s3:GetAccountPublicAccessBlock";
    throw new AwsApiError(api, accountId, awsErrorCode(error) ?? "Error", describeAwsError(error), {
      cause: error,
      ...(isAccessDenied(error) ? { missingPermission: api } : {}),
    });
  }
}

/** What a failed bucket read is recorded as (see {@link bucketRead}). */
export function bucketReadErrorOf(
  error: unknown,
  api: string,
  bucket: string,
  region: string,
): BucketReadError {
  if (error instanceof AwsApiError)
    return {
      api: error.api,
      code: error.code,
      message: error.message,
      missingPermission: error.missingPermission ?? null,
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    api,
    code: "Error",
    message: `${api} failed (bucket ${bucket} in ${region}): ${message}`,
    missingPermission: null,
  };
}

/**
 * Runs one bucket read and records its outcome: the value, or the failure (API, code, sentence, missing
 * permission), so that one bucket that cannot be read never stops the others.
 * @example await bucketRead("s3:GetBucketAcl", bucket, region, () => readBucketAcl(clients, bucket, region))
 */
export async function bucketRead<T>(
  api: string,
  bucket: string,
  region: string,
  read: () => Promise<T>,
): Promise<BucketRead<T>> {
  try {
    return { status: "read", value: await read() };
  } catch (error) {
    return { status: "failed", error: bucketReadErrorOf(error, api, bucket, region) };
  }
}
