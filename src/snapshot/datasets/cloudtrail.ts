/**
 * CloudTrail datasets: per enabled region, the trails DescribeTrails lists there (shadow copies of
 * multi-region and organization trails included), and, for each trail whose home region this is, its
 * status (GetTrailStatus) and event selectors (GetEventSelectors). A trail is therefore read in detail
 * exactly once, in its home region, however many regions list it; `distinctTrails`
 * (`snapshot/cloudtrail-trails.ts`) gives the account's trails de-duplicated by ARN.
 *
 * Sources: AWS CloudTrail API Reference, DescribeTrails (`includeShadowTrails`, `trailList`; not
 * paginated), GetTrailStatus, GetEventSelectors (`EventSelectors` or `AdvancedEventSelectors`).
 */
import type { z as zod } from "zod";
import { type DatasetValue, defineDataset } from "../dataset.js";
import type { BucketAcl, BucketLogging, BucketPolicy, BucketPublicAccessBlock, BucketRead } from "./s3.js";

/** An AWS error recorded on one trail instead of failing the region: its code and message. */
const callError = (z: typeof zod) => z.looseObject({ code: z.string(), message: z.string() }).nullable();

/** One classic event selector (GetEventSelectors `EventSelectors[]`). */
const classicSelector = (z: typeof zod) =>
  z.looseObject({
    /** `ReadOnly`, `WriteOnly` or `All`; null when AWS sent none. */
    readWriteType: z.string().nullable(),
    /** `IncludeManagementEvents`; null when AWS sent none. */
    includeManagementEvents: z.boolean().nullable(),
    /** `ExcludeManagementEventSources` (e.g. `kms.amazonaws.com`): management events NOT logged. */
    excludeManagementEventSources: z.array(z.string()).readonly(),
    /** `DataResources[]`: data events logged, by resource type (`AWS::S3::Object`) and ARN prefixes. */
    dataResources: z
      .array(z.looseObject({ type: z.string(), values: z.array(z.string()).readonly() }))
      .readonly(),
  });

/** One advanced field selector (`AdvancedEventSelectors[].FieldSelectors[]`); absent operators are empty. */
const fieldSelector = (z: typeof zod) =>
  z.looseObject({
    /** `eventCategory`, `readOnly`, `resources.type`, `resources.ARN`, `eventSource`, `eventName`, ... */
    field: z.string(),
    equals: z.array(z.string()).readonly(),
    startsWith: z.array(z.string()).readonly(),
    endsWith: z.array(z.string()).readonly(),
    notEquals: z.array(z.string()).readonly(),
    notStartsWith: z.array(z.string()).readonly(),
    notEndsWith: z.array(z.string()).readonly(),
  });

/**
 * The issue of an empty trail ARN in a snapshot file: trails are told apart by ARN, and AWS names every
 * trail by one (the collector refuses an answer without it).
 */
export const TRAIL_ARN_EMPTY =
  "an empty TrailARN (AWS names every trail by its ARN; trails without one cannot be told apart)";

/** The trails listed in one region. */
export const trails = defineDataset({
  name: "cloudtrail.trails",
  scope: "region",
  title: "the CloudTrail trails",
  actions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          /** `TrailARN`: the identity of a trail across regions (shadow copies share it); never empty. */
          trailArn: z.string().min(1, TRAIL_ARN_EMPTY),
          name: z.string(),
          /** `HomeRegion`: where the trail was created and where its status and selectors are read. */
          homeRegion: z.string(),
          /** True when this region is not the trail's home region (a copy of a multi-region or organization trail). */
          shadow: z.boolean(),
          /** The account that owns the trail, from its ARN: another account for an organization trail seen from a member. */
          ownerAccountId: z.string(),
          isMultiRegionTrail: z.boolean(),
          isOrganizationTrail: z.boolean(),
          includeGlobalServiceEvents: z.boolean(),
          logFileValidationEnabled: z.boolean(),
          s3BucketName: z.string().nullable(),
          s3KeyPrefix: z.string().nullable(),
          snsTopicArn: z.string().nullable(),
          /** `CloudWatchLogsLogGroupArn` (`arn:aws:logs:<region>:<account>:log-group:<name>:*`), or null. */
          cloudWatchLogsLogGroupArn: z.string().nullable(),
          cloudWatchLogsRoleArn: z.string().nullable(),
          /** `KmsKeyId` (a key ARN): SSE-KMS on the log files; null = S3-managed encryption only. */
          kmsKeyId: z.string().nullable(),
          hasCustomEventSelectors: z.boolean().nullable(),
          /**
           * GetTrailStatus in the home region (UTC times; null when AWS sent none); null on a shadow copy
           * or when the call was refused (`statusError`).
           */
          status: z
            .looseObject({
              isLogging: z.boolean(),
              latestDeliveryTime: z.date().nullable(),
              latestDeliveryError: z.string().nullable(),
              latestCloudWatchLogsDeliveryTime: z.date().nullable(),
              latestCloudWatchLogsDeliveryError: z.string().nullable(),
              startLoggingTime: z.date().nullable(),
              stopLoggingTime: z.date().nullable(),
            })
            .nullable(),
          /** Why GetTrailStatus failed for this trail (a trail of another account may refuse it), or null. */
          statusError: callError(z),
          /**
           * GetEventSelectors in the home region: the classic selectors or the advanced ones (a trail has
           * one kind; the other is null). Null on a shadow copy or when refused (`eventSelectorsError`).
           */
          eventSelectors: z
            .looseObject({
              classic: z.array(classicSelector(z)).readonly().nullable(),
              advanced: z
                .array(
                  z.looseObject({
                    name: z.string().nullable(),
                    fieldSelectors: z.array(fieldSelector(z)).readonly(),
                  }),
                )
                .readonly()
                .nullable(),
            })
            .nullable(),
          /** Why GetEventSelectors failed for this trail, or null. */
          eventSelectorsError: callError(z),
        }),
      )
      .readonly(),
});

/** One trail as one region lists it (with its status and selectors when this is its home region). */
export type TrailListing = DatasetValue<typeof trails>[number];
/** A trail's event selectors (classic or advanced). */
export type TrailEventSelectors = NonNullable<TrailListing["eventSelectors"]>;
/** One classic event selector. */
export type ClassicEventSelector = NonNullable<TrailEventSelectors["classic"]>[number];
/** One advanced event selector. */
export type AdvancedEventSelector = NonNullable<TrailEventSelectors["advanced"]>[number];
/** One field selector of an advanced event selector. */
export type AdvancedFieldSelector = AdvancedEventSelector["fieldSelectors"][number];
/** A trail's GetTrailStatus. */
export type TrailStatus = NonNullable<TrailListing["status"]>;

/** One bucket read of a trail bucket: the value, or why it failed (the API, code, sentence, permission). */
function bucketReadSchema<V extends zod.ZodType>(z: typeof zod, value: V) {
  return z
    .discriminatedUnion("status", [
      z.looseObject({ status: z.literal("read"), value }),
      z.looseObject({
        status: z.literal("failed"),
        error: z.looseObject({
          api: z.string(),
          code: z.string(),
          message: z.string(),
          missingPermission: z.string().nullable(),
        }),
      }),
    ])
    .nullable();
}

/** The four Block Public Access flags. */
const publicAccessFlags = (z: typeof zod) =>
  z.looseObject({
    blockPublicAcls: z.boolean(),
    ignorePublicAcls: z.boolean(),
    blockPublicPolicy: z.boolean(),
    restrictPublicBuckets: z.boolean(),
  });

/**
 * The S3 buckets the trails deliver to (each distinct trail's `S3BucketName`), sorted by name: for a
 * bucket of this account (in its ListBuckets, dataset `s3.buckets`) its ACL, policy, Block Public Access
 * and server access logging, read in the bucket's region with the storage section's reads
 * (`aws/s3-bucket-reads.ts`); for a bucket of another account (central logging) nothing is read
 * (`inAccount` false). Calls: 4 per trail bucket of this account, none per other bucket.
 */
export const trailBuckets = defineDataset({
  name: "cloudtrail.trailBuckets",
  scope: "account",
  title: "the CloudTrail trails' S3 buckets (ACL, policy, Block Public Access, access logging)",
  actions: ["s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock", "s3:GetBucketLogging"],
  dependsOn: ["cloudtrail.trails", "s3.buckets"],
  stored: "datasets",
  schema: (z): zod.ZodType<readonly TrailBucket[]> =>
    z
      .array(
        z.looseObject({
          bucket: z.string(),
          /** The distinct trails that deliver to it (their ARNs, sorted). */
          trailArns: z.array(z.string().min(1, TRAIL_ARN_EMPTY)).readonly(),
          /** True when the bucket is in this account's bucket list (ListBuckets). */
          inAccount: z.boolean(),
          /** The bucket's region (from `s3.buckets`), or null (another account's, or not readable). */
          region: z.string().nullable(),
          /** GetBucketAcl: the owner and grants. */
          acl: bucketReadSchema(
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
            }),
          ),
          /** GetBucketPolicy: the policy's JSON text, or null (no policy). */
          policy: bucketReadSchema(z, z.looseObject({ policy: z.string().nullable() })),
          /** The bucket's own GetPublicAccessBlock, `configuration` null when it has none. */
          publicAccessBlock: bucketReadSchema(
            z,
            z.looseObject({ configuration: publicAccessFlags(z).nullable() }),
          ),
          /** GetBucketLogging: the target bucket and prefix, both null when access logging is off. */
          logging: bucketReadSchema(
            z,
            z.looseObject({ targetBucket: z.string().nullable(), targetPrefix: z.string().nullable() }),
          ),
        }),
      )
      .readonly() as unknown as zod.ZodType<readonly TrailBucket[]>,
});

/** One trail bucket and what was read of it (null: not read, for another account's bucket). */
export interface TrailBucket {
  readonly bucket: string;
  /** The distinct trails that deliver to it (their ARNs, sorted). */
  readonly trailArns: readonly string[];
  /** True when the bucket is in this account's bucket list (ListBuckets). */
  readonly inAccount: boolean;
  /** The bucket's region (from `s3.buckets`), or null. */
  readonly region: string | null;
  readonly acl: BucketRead<BucketAcl> | null;
  readonly policy: BucketRead<BucketPolicy> | null;
  readonly publicAccessBlock: BucketRead<BucketPublicAccessBlock> | null;
  readonly logging: BucketRead<BucketLogging> | null;
}
