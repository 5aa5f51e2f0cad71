/**
 * Per-region data of one account: the regions the account has enabled (EC2 DescribeRegions), and in
 * each of them the EC2 instances (DescribeInstances) and the IAM Access Analyzer analyzers
 * (ListAnalyzers). A region whose call failed is absent from that data set's map and named by a
 * {@link CollectionError} with its `region`, so the rules judge the other regions.
 */
import type { z as zod } from "zod";

/** The regional data sets (names in the snapshot's `Dataset` union). */
export type RegionalDataset = "regions" | "ec2Instances" | "accessAnalyzers";

/** Every regional data set. A rule that requires one of them calls every enabled region. */
export const REGIONAL_DATASETS: readonly RegionalDataset[] = ["regions", "ec2Instances", "accessAnalyzers"];

/** True when `dataset` is collected per region. */
export function isRegionalDataset(dataset: string): dataset is RegionalDataset {
  return (REGIONAL_DATASETS as readonly string[]).includes(dataset);
}

/** One region as DescribeRegions (AllRegions) lists it. */
export interface AwsRegion {
  readonly regionName: string;
  /** `opt-in-not-required`, `opted-in` or `not-opted-in`. */
  readonly optInStatus: string;
}

/** Regions the account can use: enabled by default (`opt-in-not-required`) or opted in (`opted-in`). */
export const ENABLED_OPT_IN_STATUSES: readonly string[] = ["opt-in-not-required", "opted-in"];

/** One EC2 instance, as DescribeInstances shows it. */
export interface Ec2Instance {
  readonly instanceId: string;
  /** `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`. */
  readonly state: string;
  /** The instance profile's ARN, or null when the instance has none. */
  readonly instanceProfileArn: string | null;
  readonly instanceType: string | null;
  readonly launchTime: Date | null;
  /** The `Name` tag, or null. */
  readonly name: string | null;
  readonly tags: Readonly<Record<string, string>>;
}

/** One IAM Access Analyzer analyzer, as ListAnalyzers shows it. */
export interface AccessAnalyzer {
  readonly name: string;
  readonly arn: string;
  /** `ACCOUNT`, `ORGANIZATION` (external access) or an unused-access type. */
  readonly type: string;
  /** `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`. */
  readonly status: string;
  /** Why the analyzer is not active (`statusReason.code`), or null. */
  readonly statusReason: string | null;
  readonly createdAt: Date | null;
}

/** What the regional collectors read for one account. */
export interface RegionalData {
  /** Every region DescribeRegions listed, opted out ones included (evidence). */
  readonly regions: readonly AwsRegion[];
  /** The regions judged: those with an enabled opt-in status, sorted by name. */
  readonly enabledRegions: readonly string[];
  /** Instances by region; a region missing here could not be read (see the snapshot's errors). */
  readonly ec2Instances?: Readonly<Record<string, readonly Ec2Instance[]>>;
  /** Analyzers by region; a region missing here could not be read (see the snapshot's errors). */
  readonly accessAnalyzers?: Readonly<Record<string, readonly AccessAnalyzer[]>>;
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
  const ec2Instance = z.looseObject({
    instanceId: z.string(),
    state: z.string(),
    instanceProfileArn: z.string().nullable(),
    instanceType: z.string().nullable(),
    launchTime: z.date().nullable(),
    name: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
  }) satisfies zod.ZodType<Ec2Instance>;
  const accessAnalyzer = z.looseObject({
    name: z.string(),
    arn: z.string(),
    type: z.string(),
    status: z.string(),
    statusReason: z.string().nullable(),
    createdAt: z.date().nullable(),
  }) satisfies zod.ZodType<AccessAnalyzer>;
  return z.looseObject({
    regions: z.array(awsRegion),
    enabledRegions: z.array(z.string()),
    ec2Instances: z.record(z.string(), z.array(ec2Instance)).optional(),
    accessAnalyzers: z.record(z.string(), z.array(accessAnalyzer)).optional(),
  }) satisfies zod.ZodType<RegionalData>;
}
