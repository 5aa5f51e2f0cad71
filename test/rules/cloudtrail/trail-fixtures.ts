/**
 * Literal CloudTrail data for rule tests: trail listings (as `cloudtrail.trails` holds them) and snapshots
 * made of them. States moto cannot produce are written here: organization trails of another account,
 * CloudWatch Logs delivery times, advanced management selectors, refused per-trail calls.
 */
import type {
  AdvancedEventSelector,
  ClassicEventSelector,
  TrailListing,
} from "../../../src/snapshot/datasets/cloudtrail.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";

export const ACCOUNT = "111122223333";
export const AT = new Date("2026-12-07T09:00:00Z");

/** A classic selector logging all management events (AWS's default selector). */
export const ALL_MANAGEMENT: ClassicEventSelector = {
  readWriteType: "All",
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  dataResources: [],
};

/** An advanced field selector with only `equals` set. */
export function field(
  name: string,
  equals: readonly string[],
  more: Partial<Record<string, readonly string[]>> = {},
) {
  return {
    field: name,
    equals: [...equals],
    startsWith: [...(more.startsWith ?? [])],
    endsWith: [...(more.endsWith ?? [])],
    notEquals: [...(more.notEquals ?? [])],
    notStartsWith: [...(more.notStartsWith ?? [])],
    notEndsWith: [...(more.notEndsWith ?? [])],
  };
}

/** An advanced selector. */
export function advanced(
  name: string | null,
  ...fieldSelectors: ReturnType<typeof field>[]
): AdvancedEventSelector {
  return { name, fieldSelectors };
}

/**
 * The home-region listing of a trail owned by ACCOUNT in us-east-1: multi-region, logging, all
 * management events, validation on, SSE-KMS, CloudWatch Logs delivered an hour before AT.
 */
export function trail(overrides: Partial<TrailListing> = {}): TrailListing {
  const name = overrides.name ?? "main";
  const homeRegion = overrides.homeRegion ?? "us-east-1";
  const owner = overrides.ownerAccountId ?? ACCOUNT;
  return {
    trailArn: `arn:aws:cloudtrail:${homeRegion}:${owner}:trail/${name}`,
    name,
    homeRegion,
    shadow: false,
    ownerAccountId: owner,
    isMultiRegionTrail: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: "trail-logs",
    s3KeyPrefix: null,
    snsTopicArn: null,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${homeRegion}:${owner}:log-group:cloudtrail:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${owner}:role/cloudtrail-to-logs`,
    kmsKeyId: `arn:aws:kms:${homeRegion}:${owner}:key/11111111-2222-3333-4444-555555555555`,
    hasCustomEventSelectors: false,
    status: {
      isLogging: true,
      latestDeliveryTime: new Date("2026-12-07T08:55:00Z"),
      latestDeliveryError: null,
      latestCloudWatchLogsDeliveryTime: new Date("2026-12-07T08:00:00Z"),
      latestCloudWatchLogsDeliveryError: null,
      startLoggingTime: new Date("2025-01-01T00:00:00Z"),
      stopLoggingTime: null,
    },
    statusError: null,
    eventSelectors: { classic: [ALL_MANAGEMENT], advanced: null },
    eventSelectorsError: null,
    ...overrides,
  };
}

/** The shadow copy of `home` as `region` lists it (no status, no selectors). */
export function shadowOf(home: TrailListing): TrailListing {
  return {
    ...home,
    shadow: true,
    status: null,
    statusError: null,
    eventSelectors: null,
    eventSelectorsError: null,
  };
}

/** A live snapshot whose `cloudtrail.trails` holds `byRegion` (the enabled regions are those and the errors' regions). */
export function trailSnapshot(
  byRegion: Record<string, readonly TrailListing[]>,
  errors: CollectionError[] = [],
): Snapshot {
  const regions = [
    ...new Set([
      ...Object.keys(byRegion),
      ...errors.flatMap((error) => (error.region ? [error.region] : [])),
    ]),
  ].sort();
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors,
    regional: {
      regions: regions.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: regions,
    },
    datasets: {
      "cloudtrail.trails": new Map(Object.entries(byRegion).sort(([a], [b]) => a.localeCompare(b))),
    },
    collected: ["ec2.regions", "cloudtrail.trails"],
  };
}

/** DescribeTrails denied in `region`. */
export function deniedTrails(region: string): CollectionError {
  return {
    dataset: "cloudtrail.trails",
    api: "cloudtrail:DescribeTrails",
    code: "AccessDeniedException",
    message: `cloudtrail:DescribeTrails failed in ${region} for account ${ACCOUNT}: AccessDeniedException: denied. The caller lacks the IAM permission cloudtrail:DescribeTrails in ${region}.`,
    missingPermission: "cloudtrail:DescribeTrails",
    region,
  };
}
