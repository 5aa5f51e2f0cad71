/**
 * Per-region collection: EC2 DescribeRegions (all regions with their opt-in status) once, then in every
 * enabled region (`opt-in-not-required`, `opted-in`), in parallel with a concurrency limit, the regional
 * data sets the selected rules need (EC2 DescribeInstances, IAM Access Analyzer ListAnalyzers). A call
 * that fails in one region becomes a {@link CollectionError} with that `region`: only that region's
 * verdicts become ERROR findings. A DescribeRegions failure is account-wide (no region).
 *
 * Source: Amazon EC2 API Reference, DescribeRegions (`AllRegions`, `OptInStatus`).
 */
import { DescribeRegionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import pLimit from "p-limit";
import {
  type AccessAnalyzer,
  type AwsRegion,
  type Ec2Instance,
  ENABLED_OPT_IN_STATUSES,
  type RegionalData,
  type RegionalDataset,
} from "../snapshot/regional.js";
import type { CollectionError } from "../snapshot/types.js";
import { listAnalyzers } from "./access-analyzer.js";
import type { RegionalClients } from "./clients.js";
import { describeInstances } from "./ec2.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** Regions in parallel by default. */
export const DEFAULT_REGION_CONCURRENCY = 8;

/** Options of {@link collectRegional}. */
export interface RegionalOptions {
  /** The data sets to read in every enabled region (`regions` alone reads only DescribeRegions). */
  readonly datasets: readonly RegionalDataset[];
  /** Regions read at the same time. Default {@link DEFAULT_REGION_CONCURRENCY}. */
  readonly concurrency?: number;
}

/** What {@link collectRegional} read, and what it could not. */
export interface RegionalResult {
  /** Undefined when the regions themselves could not be listed. */
  readonly data: RegionalData | undefined;
  readonly errors: CollectionError[];
}

/**
 * A collection error for one failed call: the API as an IAM action, the AWS error code, one sentence
 * naming the account, the region and (for access errors) the missing permission.
 */
export function regionalCollectionError(
  dataset: RegionalDataset,
  api: string,
  accountId: string,
  region: string | undefined,
  error: unknown,
): CollectionError {
  const code = awsErrorCode(error) ?? "Error";
  const detail = describeAwsError(error);
  const reason = detail.startsWith(`${code}:`) ? detail : `${code}: ${detail}`;
  const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  const denied = isAccessDenied(error);
  const where = region ? ` in ${region}` : "";
  return {
    dataset,
    api,
    code,
    message: `${api} failed${where} for account ${accountId}: ${sentence}${denied ? ` The caller lacks the IAM permission ${api}${where}.` : ""}`,
    ...(denied ? { missingPermission: api } : {}),
    ...(region ? { region } : {}),
  };
}

/** ec2:DescribeRegions with AllRegions: every region and its opt-in status, sorted by name. */
export async function describeRegions(ec2: EC2Client): Promise<AwsRegion[]> {
  const { Regions } = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  return (Regions ?? [])
    .filter((region) => region.RegionName)
    .map((region) => ({
      regionName: region.RegionName as string,
      optInStatus: region.OptInStatus ?? "opt-in-not-required",
    }))
    .sort((a, b) => a.regionName.localeCompare(b.regionName));
}

/** The regions the account can use, sorted by name. */
export function enabledRegions(regions: readonly AwsRegion[]): string[] {
  return regions
    .filter((region) => ENABLED_OPT_IN_STATUSES.includes(region.optInStatus))
    .map((region) => region.regionName);
}

/** Reads the regional data sets of one account; never throws for AWS errors. */
export async function collectRegional(
  clients: RegionalClients,
  accountId: string,
  options: RegionalOptions,
): Promise<RegionalResult> {
  const errors: CollectionError[] = [];
  let regions: AwsRegion[];
  try {
    regions = await describeRegions(await clients.ec2());
  } catch (error) {
    errors.push(regionalCollectionError("regions", "ec2:DescribeRegions", accountId, undefined, error));
    return { data: undefined, errors };
  }
  const enabled = enabledRegions(regions);
  const wantInstances = options.datasets.includes("ec2Instances");
  const wantAnalyzers = options.datasets.includes("accessAnalyzers");
  const instances: Record<string, readonly Ec2Instance[]> = {};
  const analyzers: Record<string, readonly AccessAnalyzer[]> = {};
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_REGION_CONCURRENCY));
  const tasks: Promise<void>[] = [];
  for (const region of enabled) {
    if (wantInstances) {
      tasks.push(
        limit(async () => {
          try {
            instances[region] = await describeInstances(await clients.ec2(region));
          } catch (error) {
            errors.push(
              regionalCollectionError("ec2Instances", "ec2:DescribeInstances", accountId, region, error),
            );
          }
        }),
      );
    }
    if (wantAnalyzers) {
      tasks.push(
        limit(async () => {
          try {
            analyzers[region] = await listAnalyzers(await clients.accessAnalyzer(region));
          } catch (error) {
            errors.push(
              regionalCollectionError(
                "accessAnalyzers",
                "access-analyzer:ListAnalyzers",
                accountId,
                region,
                error,
              ),
            );
          }
        }),
      );
    }
  }
  await Promise.all(tasks);
  // Completion order varies with the network: sort, so snapshots and findings are reproducible.
  errors.sort((a, b) => `${a.region} ${a.dataset}`.localeCompare(`${b.region} ${b.dataset}`));
  return {
    data: {
      regions,
      enabledRegions: enabled,
      ...(wantInstances ? { ec2Instances: sortedByKey(instances) } : {}),
      ...(wantAnalyzers ? { accessAnalyzers: sortedByKey(analyzers) } : {}),
    },
    errors,
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
