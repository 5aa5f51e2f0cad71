/**
 * Collects a snapshot of one live account: who the caller is (STS GetCallerIdentity), then, through
 * the runner, exactly the datasets asked for. Reading only: no call here changes anything.
 */
import type { AnyRule } from "../rules/types.js";
import { DATASETS, type DatasetName } from "../snapshot/datasets/index.js";
import type { Dataset } from "../snapshot/types.js";
import { AccountMismatchError, getCallerAccount } from "./account.js";
import type { AwsClients } from "./clients.js";
import type { FetchReportOptions } from "./credential-report.js";
import { type Collection, collectDatasets } from "./runner.js";

/** Options of {@link collectAccount}. */
export interface CollectOptions extends Omit<FetchReportOptions, "accountId" | "maxRegenerations"> {
  /** Scan start (UTC). Default: now. */
  readonly collectedAt?: Date;
  /**
   * The datasets to read (their dependencies too). Default (undefined): every account-wide dataset
   * except `iam.userCredentials`; the regional ones call every enabled region and are read only when
   * named here.
   */
  readonly datasets?: readonly Dataset[];
  /** The rules the scan runs: `iam.userCredentials` asks them which users to re-check. */
  readonly rules?: readonly AnyRule[];
  /** Rule parameters by rule id. */
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Read only these regions (`--regions`). Default: every enabled region. */
  readonly regions?: readonly string[];
  /** Regions read at the same time. Default 8. */
  readonly regionConcurrency?: number;
  /** Re-read at most this many users through the IAM API. Default 100. */
  readonly verifyMaxUsers?: number;
  /**
   * The account whose role gave `clients` their credentials (AssumeRole): when the caller is another
   * account, nothing is read ({@link AccountMismatchError}).
   */
  readonly assumedInAccount?: string;
}

/** Every account-wide dataset but the API re-check of users and the regions: what `collectAccount` reads by default. */
const DEFAULT_DATASETS: readonly DatasetName[] = [...DATASETS.values()]
  .filter((definition) => definition.scope === "account" && definition.name !== "iam.userCredentials")
  .filter((definition) => definition.name !== "ec2.regions")
  .map((definition) => definition.name);

/**
 * Builds a snapshot of the caller's account with the warnings collection raised (users not re-checked,
 * regions named that are not enabled). Failures to read a dataset are in `snapshot.errors`.
 * @throws {@link AwsApiError} when the account cannot be identified (sts:GetCallerIdentity fails);
 *   {@link AccountMismatchError} when it is not `assumedInAccount`.
 */
export async function collectAccount(clients: AwsClients, options: CollectOptions = {}): Promise<Collection> {
  const collectedAt = options.collectedAt ?? new Date();
  const account = await getCallerAccount(clients.sts);
  if (options.assumedInAccount !== undefined && account.accountId !== options.assumedInAccount)
    throw new AccountMismatchError(options.assumedInAccount, account.accountId);
  return collectDatasets(clients, account, {
    datasets: options.datasets ?? DEFAULT_DATASETS,
    collectedAt,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.params ? { params: options.params } : {}),
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.regionConcurrency !== undefined ? { regionConcurrency: options.regionConcurrency } : {}),
    ...(options.verifyMaxUsers !== undefined ? { verifyMaxUsers: options.verifyMaxUsers } : {}),
    report: {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.pollBaseMs !== undefined ? { pollBaseMs: options.pollBaseMs } : {}),
      ...(options.onWait ? { onWait: options.onWait } : {}),
    },
  });
}
