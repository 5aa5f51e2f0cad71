/**
 * The runner: collects exactly the datasets a scan needs (the selected rules' `requires` and
 * `optional`, with their dependencies), each through its collector, dependencies first, account-wide
 * datasets in parallel and regional ones in every enabled region with a concurrency limit. It keeps the
 * record of collection (what was collected, what failed and why) in the snapshot. Nothing else reads
 * from AWS for a scan.
 */
import pLimit from "p-limit";
import { AwsApiError, awsErrorReason, CredentialReportFormatError, TimeoutError } from "../model/errors.js";
import type { AnyRule } from "../rules/types.js";
import {
  type DatasetName,
  datasetDefinition,
  datasetPosition,
  withDependencies,
} from "../snapshot/datasets/index.js";
import { narrowToRegions } from "../snapshot/regional-values.js";
import type { CollectionError, RegionalDatasets, Snapshot } from "../snapshot/types.js";
import type { AwsClients } from "./clients.js";
import { COLLECTORS } from "./collectors/index.js";
import {
  type AccountCollector,
  ClientUnavailableError,
  type CollectContext,
  type RegionalCollector,
  type SnapshotDraft,
} from "./collectors/types.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** Regions read at the same time, per account, by default. */
export const DEFAULT_REGION_CONCURRENCY = 8;

/** Options of {@link collectDatasets}. */
export interface RunnerOptions {
  /** The datasets to collect (their dependencies are added). */
  readonly datasets: readonly DatasetName[];
  /** The rules the scan runs (collectors may ask them what to read more closely). */
  readonly rules?: readonly AnyRule[];
  /** Rule parameters by rule id. */
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Scan start (UTC). */
  readonly collectedAt: Date;
  /**
   * Read only these regions (`--regions`): the enabled regions are narrowed to them; a named region that
   * is not enabled gets a warning. Default: every enabled region.
   */
  readonly regions?: readonly string[];
  /** Regions read at the same time. Default {@link DEFAULT_REGION_CONCURRENCY}. */
  readonly regionConcurrency?: number;
  /** Credential report wait limit and first poll, in milliseconds; progress callback. */
  readonly report?: CollectContext["report"];
  /** Re-read at most this many users through the IAM API. */
  readonly verifyMaxUsers?: number;
}

/** What {@link collectDatasets} gives back. */
export interface Collection {
  readonly snapshot: Snapshot;
  /** Things the user should know that are not failures (users not re-checked, regions not enabled). */
  readonly warnings: readonly string[];
}

/** The AWS API (as an IAM action, `ec2:GetEbsEncryptionByDefault`) a failed SDK call was, when known. */
export function failedApi(error: unknown): string | undefined {
  const api = (error as { cloudpatrolApi?: unknown } | null)?.cloudpatrolApi;
  return typeof api === "string" ? api : undefined;
}

/**
 * The one error mapper: what a collector threw, as a collection error naming the API, the account, the
 * region (regional datasets) and, for access errors, the missing permission.
 */
export function collectionErrorOf(
  dataset: DatasetName,
  accountId: string,
  region: string | undefined,
  error: unknown,
): CollectionError {
  const definition = datasetDefinition(dataset);
  const where = region ? { region } : {};
  if (error instanceof AwsApiError) {
    return {
      dataset,
      api: error.api,
      code: error.code,
      message: error.message,
      ...(error.missingPermission ? { missingPermission: error.missingPermission } : {}),
      ...where,
    };
  }
  if (error instanceof ClientUnavailableError)
    return {
      dataset,
      api: definition.actions[0] ?? dataset,
      code: error.code,
      message: error.message,
      ...where,
    };
  if (error instanceof TimeoutError)
    return {
      dataset,
      api: definition.actions[0] ?? dataset,
      code: "Timeout",
      message: error.message,
      ...where,
    };
  if (error instanceof CredentialReportFormatError)
    return {
      dataset,
      api: definition.actions.at(-1) ?? dataset,
      code: "InvalidReport",
      message: error.message,
      ...where,
    };
  const api = failedApi(error) ?? definition.actions[0] ?? dataset;
  const code = awsErrorCode(error);
  if (code === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return { dataset, api, code: "Error", message, ...where };
  }
  const sentence = awsErrorReason(code, describeAwsError(error));
  const denied = isAccessDenied(error);
  const inRegion = region ? ` in ${region}` : "";
  return {
    dataset,
    api,
    code,
    message: `${api} failed${inRegion} for account ${accountId}: ${sentence}${denied ? ` The caller lacks the IAM permission ${api}${inRegion}.` : ""}`,
    ...(denied ? { missingPermission: api } : {}),
    ...where,
  };
}

/** Narrows the enabled regions to `--regions`, with a warning for each named region that is not enabled. */
function narrowRegions(
  draft: SnapshotDraft,
  wanted: readonly string[] | undefined,
  warnings: string[],
): void {
  if (!wanted || !draft.regional) return;
  const enabled = new Set(draft.regional.enabledRegions);
  const unknown = wanted.filter((region) => !enabled.has(region));
  if (unknown.length > 0)
    warnings.push(
      `--regions names ${unknown.join(", ")}, which ${unknown.length === 1 ? "is" : "are"} not enabled in account ${draft.accountId} (EC2 DescribeRegions): not read.`,
    );
  draft.regional = narrowToRegions(draft, wanted).regional;
}

/**
 * Collects the datasets `options.datasets` names (and their dependencies) of one account into a live
 * snapshot. Never throws for AWS errors: each failure becomes a collection error in `snapshot.errors`
 * (per region for regional datasets), and a dataset whose dependency failed is not collected.
 */
export async function collectDatasets(
  clients: AwsClients,
  account: { readonly accountId: string; readonly partition: string },
  options: RunnerOptions,
): Promise<Collection> {
  const order = withDependencies(options.datasets);
  const draft: SnapshotDraft = {
    accountId: account.accountId,
    partition: account.partition,
    collectedAt: options.collectedAt,
    source: "aws",
    errors: [],
  };
  const errors: CollectionError[] = [];
  const warnings: string[] = [];
  const collected = new Set<DatasetName>();
  const regional = new Map<DatasetName, Map<string, unknown>>();
  const limit = pLimit(Math.max(1, options.regionConcurrency ?? DEFAULT_REGION_CONCURRENCY));
  const context: CollectContext = {
    clients,
    accountId: account.accountId,
    partition: account.partition,
    collectedAt: options.collectedAt,
    draft,
    rules: options.rules ?? [],
    params: options.params ?? {},
    report: options.report ?? {},
    ...(options.verifyMaxUsers !== undefined ? { verifyMaxUsers: options.verifyMaxUsers } : {}),
    warn: (message) => warnings.push(message),
  };

  const done = new Map<DatasetName, Promise<boolean>>();
  const run = (name: DatasetName): Promise<boolean> => {
    const existing = done.get(name);
    if (existing) return existing;
    const promise = (async () => {
      const dependencies = datasetDefinition(name).dependsOn as DatasetName[];
      const ready = await Promise.all(dependencies.map(run));
      if (!ready.every(Boolean)) return false; // the dependency's error says why
      const collector = COLLECTORS.get(name);
      if (!collector) throw new Error(`No collector fills the dataset ${name}.`);
      if (collector.scope === "account") return collectAccountDataset(collector);
      return collectRegionalDataset(collector);
    })();
    done.set(name, promise);
    return promise;
  };

  async function collectAccountDataset(collector: AccountCollector): Promise<boolean> {
    try {
      const value = await collector.collect(context);
      collector.store(draft, value);
      if (collector.dataset === "ec2.regions") narrowRegions(draft, options.regions, warnings);
      collected.add(collector.dataset);
      return true;
    } catch (error) {
      errors.push(collectionErrorOf(collector.dataset, account.accountId, undefined, error));
      return false;
    }
  }

  async function collectRegionalDataset(collector: RegionalCollector): Promise<boolean> {
    const values = new Map<string, unknown>();
    regional.set(collector.dataset, values);
    await Promise.all(
      (draft.regional?.enabledRegions ?? []).map((region) =>
        limit(async () => {
          try {
            values.set(region, await collector.collect(context, region));
          } catch (error) {
            errors.push(collectionErrorOf(collector.dataset, account.accountId, region, error));
          }
        }),
      ),
    );
    collected.add(collector.dataset);
    // Readable by the collectors of datasets that depend on this one (they start after it ends): the
    // CloudTrail trail buckets on the trails, the monitoring chain's metric filters on the trails, alarms on
    // the filters, subscriptions on the alarms, RDS public subnets' routes on the instances.
    draft.datasets = { ...draft.datasets, [collector.dataset]: values } as RegionalDatasets;
    return true;
  }

  await Promise.all(order.map(run));

  // Completion order varies with the network: sort, so snapshots and findings are reproducible.
  errors.sort(
    (a, b) =>
      (a.region ?? "").localeCompare(b.region ?? "") ||
      datasetPosition(a.dataset) - datasetPosition(b.dataset),
  );
  const datasets: Record<string, ReadonlyMap<string, unknown>> = {};
  for (const [name, values] of regional)
    datasets[name] = new Map([...values].sort(([a], [b]) => a.localeCompare(b)));
  return {
    snapshot: {
      ...draft,
      errors,
      ...(regional.size > 0 ? { datasets: datasets as RegionalDatasets } : {}),
      collected: order.filter((name) => collected.has(name)),
    },
    warnings,
  };
}
