/**
 * Sending ASFF findings to AWS Security Hub with BatchImportFindings: at most 100 findings per call,
 * throttling (`TooManyRequestsException`, HTTP 429) retried with exponential backoff, and every finding
 * Security Hub rejects reported back by id.
 *
 * With the default product (`product/<account>/default`), Security Hub imports a finding only from the
 * account it is about: a call whose caller is another account is refused whole with AccessDenied
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html). So no call
 * mixes accounts, each account's findings go with that account's connection, and an account whose
 * findings cannot be sent (no credentials, access denied, retries exhausted) stops only itself.
 */
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";

import { AwsApiError } from "../model/errors.js";
import { type AwsConnection, makeClient } from "./clients.js";

/** BatchImportFindings takes at most 100 findings per call. */
export const SECURITY_HUB_BATCH_SIZE = 100;

/** A finding in the AWS Security Finding Format, as `report/asff` builds it (`Id` is its key). */
export type AsffFindingInput = AwsSecurityFinding;

/** A finding Security Hub did not import. */
export interface RejectedFinding {
  readonly id: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Findings of one account that were not sent, and why (the first error of the account). */
export interface UnsentFindings {
  readonly accountId: string;
  /** How many of the account's findings were not imported because of `error`. */
  readonly findings: number;
  /** What stopped them: the account's connection could not be made, or a whole call failed. */
  readonly error: AwsApiError;
}

/** What {@link sendToSecurityHub} did. */
export interface SecurityHubImport {
  /** Findings to send (every one given). */
  readonly sent: number;
  /** Findings Security Hub imported (created or updated). */
  readonly succeeded: number;
  readonly failed: readonly RejectedFinding[];
  /** Accounts whose findings (some or all) were not sent, in the order met. Empty when all went. */
  readonly unsent: readonly UnsentFindings[];
  /** BatchImportFindings calls made (retries not counted). */
  readonly calls: number;
}

/** Options of {@link sendToSecurityHub}. */
export interface SecurityHubOptions extends AwsConnection {
  /** Findings per call, 1–100. Default 100. */
  readonly batchSize?: number;
  /** Called after each call with the running totals. */
  readonly onBatch?: (done: number, total: number) => void;
  /**
   * The connection that sends the findings of `accountId` (their `AwsAccountId`), asked once for each
   * run of consecutive findings of one account. Default: this connection for every account.
   * @throws {@link AwsApiError} when there is none (an AssumeRole refused): that account's findings are
   *   then not sent, the other accounts' are.
   */
  readonly connectionFor?: (accountId: string) => Promise<AwsConnection>;
}

/**
 * Findings to import: an array, or findings made one at a time as they are sent (a spooled
 * multi-account scan), with their number known beforehand for the progress.
 */
export type AsffFindingsToSend = Iterable<AsffFindingInput> & { readonly length: number };

/**
 * Imports `findings` into Security Hub in the connection's region, one account's findings per call (see
 * the module comment). Re-importing a finding with the same `Id` updates it. Resolves with what was
 * rejected (per finding) and what was not sent (per account) instead of throwing: one account's failure
 * never stops the others'.
 */
export async function sendToSecurityHub(
  findings: AsffFindingsToSend,
  options: SecurityHubOptions = {},
): Promise<SecurityHubImport> {
  const size = Math.min(Math.max(options.batchSize ?? SECURITY_HUB_BATCH_SIZE, 1), SECURITY_HUB_BATCH_SIZE);
  const baseMs = options.retryBaseMs ?? 500;
  const failed: RejectedFinding[] = [];
  const unsent: UnsentFindings[] = [];
  let succeeded = 0;
  let calls = 0;
  let done = 0;
  const clientFor = async (accountId: string): Promise<SecurityHubClient> => {
    const connection = options.connectionFor ? await options.connectionFor(accountId) : options;
    return makeClient(SecurityHubClient, "securityhub", {
      ...connection,
      ...(options.region !== undefined ? { region: options.region } : {}),
      retryBaseMs: baseMs,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    });
  };
  for (const run of accountRuns(findings, size)) {
    let client: SecurityHubClient | undefined;
    let error: AwsApiError | undefined;
    let notSent = 0;
    try {
      for (const batch of run.batches) {
        done += batch.length;
        if (error === undefined && client === undefined) {
          try {
            client = await clientFor(run.accountId);
          } catch (cause) {
            if (!(cause instanceof AwsApiError)) throw cause;
            error = cause;
          }
        }
        // After an account's first failure, its other findings are counted, not sent.
        if (error !== undefined || client === undefined) {
          notSent += batch.length;
          continue;
        }
        calls += 1;
        try {
          const output = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
          const rejectedHere = output.FailedFindings ?? [];
          for (const rejected of rejectedHere) {
            failed.push({
              id: rejected.Id ?? "(no id)",
              errorCode: rejected.ErrorCode ?? "Unknown",
              errorMessage: rejected.ErrorMessage ?? "",
            });
          }
          // Every finding sent is imported or rejected by id: an answer that does not say exactly so (fewer
          // or more than were sent) is no proof they went in: those not rejected by id are counted not
          // sent, and the account stops, as for any failed call.
          const accounted = (output.SuccessCount ?? 0) + rejectedHere.length;
          if (accounted === batch.length) succeeded += output.SuccessCount ?? 0;
          else {
            error = new AwsApiError(
              "securityhub:BatchImportFindings",
              run.accountId,
              "UnreadableResponse",
              `UnreadableResponse: the answer accounts for ${accounted} of the ${batch.length} findings sent (SuccessCount ${output.SuccessCount ?? "absent"}, ${rejectedHere.length} failed findings)`,
            );
            notSent += Math.max(0, batch.length - rejectedHere.length);
          }
        } catch (cause) {
          error = callError(run.accountId, cause);
          notSent += batch.length;
        }
        options.onBatch?.(done, findings.length);
      }
    } finally {
      client?.destroy();
    }
    if (error !== undefined) unsent.push({ accountId: run.accountId, findings: notSent, error });
  }
  return { sent: findings.length, succeeded, failed, unsent, calls };
}

/** A whole BatchImportFindings call's failure as an {@link AwsApiError} naming the account. */
function callError(accountId: string, error: unknown): AwsApiError {
  const name = (error as { name?: string }).name ?? "Error";
  const message = (error as Error).message ?? String(error);
  return new AwsApiError("securityhub:BatchImportFindings", accountId, name, message, {
    cause: error,
    ...(/AccessDenied|NotAuthorized|UnrecognizedClient/i.test(name)
      ? { missingPermission: "securityhub:BatchImportFindings" }
      : {}),
  });
}

/**
 * `findings` as runs of consecutive findings of one account (`AwsAccountId`), each run as batches of at
 * most `size`: a batch never holds two accounts. Lazy: a spooled scan's findings are never all held.
 */
function* accountRuns(
  findings: Iterable<AsffFindingInput>,
  size: number,
): Generator<{ accountId: string; batches: Iterable<AsffFindingInput[]> }> {
  const iterator = findings[Symbol.iterator]();
  let next = iterator.next();
  while (!next.done) {
    const accountId = next.value.AwsAccountId ?? "";
    // The run's batches: read from the shared iterator while the account stays the same.
    function* batchesOfRun(): Generator<AsffFindingInput[]> {
      let batch: AsffFindingInput[] = [];
      while (!next.done && (next.value.AwsAccountId ?? "") === accountId) {
        batch.push(next.value);
        next = iterator.next();
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
    const batches = batchesOfRun();
    yield { accountId, batches };
    // A consumer that stopped early: the rest of the run is skipped, never sent as another account's.
    for (const _ of batches);
  }
}
