/**
 * The regions of one account (dataset `ec2.regions`, EC2 DescribeRegions): every region listed and the
 * enabled ones, which every regional dataset is read in. The regional datasets' values live in the
 * snapshot's `datasets` (see `snapshot/datasets/`).
 */
import type { z as zod } from "zod";

/** One region as DescribeRegions (AllRegions) lists it. */
export interface AwsRegion {
  readonly regionName: string;
  /** `opt-in-not-required`, `opted-in` or `not-opted-in`. */
  readonly optInStatus: string;
}

/** An AWS region name: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** True when `name` has the form of an AWS region name. */
export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name);
}

/** Regions the account can use: enabled by default (`opt-in-not-required`) or opted in (`opted-in`). */
export const ENABLED_OPT_IN_STATUSES: readonly string[] = ["opt-in-not-required", "opted-in"];

/** The names of the regions of `regions` the account can use ({@link ENABLED_OPT_IN_STATUSES}), in their order. */
export function enabledRegions(regions: readonly AwsRegion[]): string[] {
  return regions
    .filter((region) => ENABLED_OPT_IN_STATUSES.includes(region.optInStatus))
    .map((region) => region.regionName);
}

export type { AccessAnalyzer } from "./datasets/accessanalyzer.js";
export type { Ec2Instance } from "./datasets/ec2.js";

/** What the regional collectors read for one account. */
export interface RegionalData {
  /** Every region DescribeRegions listed, opted out ones included (evidence). */
  readonly regions: readonly AwsRegion[];
  /** The regions judged: those with an enabled opt-in status, sorted by name. */
  readonly enabledRegions: readonly string[];
}

/**
 * The zod schema of {@link RegionalData} in a snapshot file (dates already revived to `Date`s; unknown
 * extra fields kept). Built with the `z` the caller loaded: rules import this module on every scan's
 * start-up path, and zod is loaded only to read a snapshot file. Each `satisfies` proves that what the
 * schema accepts is the interface.
 */
export function regionalDataSchema(z: typeof zod) {
  const awsRegion = z.looseObject({
    regionName: z.string(),
    optInStatus: z.string(),
  }) satisfies zod.ZodType<AwsRegion>;
  return z.looseObject({
    regions: z.array(awsRegion),
    enabledRegions: z.array(z.string()),
  }) satisfies zod.ZodType<RegionalData>;
}
