/**
 * The shape of a collector: the code that fills one declared dataset (`snapshot/datasets/`) from AWS.
 * Collectors only read. They throw on failure; the runner turns what they throw into one collection
 * error naming the API, account, region and missing permission.
 */
import type { CredentialReport } from "../../credential-report/types.js";
import type { AnyRule } from "../../rules/types.js";
import type { DatasetName, RegionalDatasetName, RegionalValue } from "../../snapshot/datasets/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { AwsClients, RegionalClients } from "../clients.js";

/** A snapshot being built: the fields collectors fill. */
export type SnapshotDraft = {
  -readonly [K in keyof Snapshot]: Snapshot[K];
};

/** What every collector is given. */
export interface CollectContext {
  readonly clients: AwsClients;
  readonly accountId: string;
  readonly partition: string;
  /** Scan start (UTC). */
  readonly collectedAt: Date;
  /** The snapshot so far: every dataset this one depends on is in it. */
  readonly draft: Readonly<SnapshotDraft>;
  /** The rules the scan runs (a collector may ask them which resources to read more closely). */
  readonly rules: readonly AnyRule[];
  /** Rule parameters by rule id, as the engine will use them. */
  readonly params: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Credential report: wait limit and first poll in milliseconds, progress callback. */
  readonly report: {
    readonly timeoutMs?: number;
    readonly pollBaseMs?: number;
    readonly onWait?: (ms: number, reason: string) => void;
  };
  /** Re-read at most this many users through the IAM API (`iam.userCredentials`). */
  readonly verifyMaxUsers?: number;
  /** Says something the user should know that is not a failure (a warning line). */
  warn(message: string): void;
}

/** Fills an account-wide dataset. */
export interface AccountCollector<V = unknown> {
  readonly dataset: DatasetName;
  readonly scope: "account";
  /** Reads the value; throws what the AWS call threw. */
  collect(context: CollectContext): Promise<V>;
  /** Puts the value where the snapshot keeps it. */
  store(draft: SnapshotDraft, value: V): void;
}

/** Fills a regional dataset, one enabled region at a time. */
export interface RegionalCollector<N extends RegionalDatasetName = RegionalDatasetName> {
  readonly dataset: N;
  readonly scope: "region";
  /** Reads the value of `region`; throws what the AWS call threw. */
  collect(context: CollectContext, region: string): Promise<RegionalValue<N>>;
}

/** Any collector. */
export type Collector = AccountCollector | RegionalCollector;

/** Declares an account-wide collector (types the value once for `collect` and `store`). */
export function accountCollector<V>(collector: Omit<AccountCollector<V>, "scope">): AccountCollector<V> {
  return { ...collector, scope: "account" };
}

/** Declares a regional collector. */
export function regionalCollector<N extends RegionalDatasetName>(
  collector: Omit<RegionalCollector<N>, "scope">,
): RegionalCollector<N> {
  return { ...collector, scope: "region" };
}

/** The report a collector depends on, or an error saying it is missing (the runner orders dependencies). */
export function reportOf(context: CollectContext): CredentialReport {
  const report = context.draft.credentialReport;
  if (!report) throw new Error("the credential report was not collected");
  return report;
}

/** A client set that cannot make a client a collector needs (hand-made client sets); `code` names which. */
export class ClientUnavailableError extends Error {
  constructor(
    readonly code: "NoAccountClient" | "NoRegionalClients",
    message: string,
  ) {
    super(message);
  }
}

/** The per-region client makers. @throws {@link ClientUnavailableError} when these clients make none. */
export function regionalClients(context: CollectContext): RegionalClients {
  if (!context.clients.regional)
    throw new ClientUnavailableError(
      "NoRegionalClients",
      `Per-region data of account ${context.accountId} was asked for, but these AWS clients make no regional clients.`,
    );
  return context.clients.regional;
}
