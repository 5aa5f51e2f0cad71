/**
 * Sending ASFF findings to AWS Security Hub with BatchImportFindings: at most 100 findings per call,
 * throttling (`TooManyRequestsException`, HTTP 429) retried with exponential backoff, and every finding
 * Security Hub rejects reported back by id.
 */
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
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

/** What {@link sendToSecurityHub} did. */
export interface SecurityHubImport {
  /** Findings sent. */
  readonly sent: number;
  /** Findings Security Hub imported (created or updated). */
  readonly succeeded: number;
  readonly failed: readonly RejectedFinding[];
  /** BatchImportFindings calls made (retries not counted). */
  readonly calls: number;
}

/** Options of {@link sendToSecurityHub}. */
export interface SecurityHubOptions extends AwsConnection {
  /** Findings per call, 1–100. Default 100. */
  readonly batchSize?: number;
  /** Called after each call with the running totals. */
  readonly onBatch?: (done: number, total: number) => void;
}

/** Splits `items` into chunks of `size`, one chunk at a time (the last may be shorter). */
export function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Findings to import: an array, or findings made one at a time as they are sent (a spooled
 * multi-account scan), with their number known beforehand for the progress.
 */
export type AsffFindingsToSend = Iterable<AsffFindingInput> & { readonly length: number };

/**
 * Imports `findings` into Security Hub in the connection's region. Re-importing a finding with the same
 * `Id` updates it. Resolves with what was rejected instead of throwing for per-finding failures.
 * @throws {@link AwsApiError} when a whole call fails (access denied, Security Hub not enabled, retries
 *   exhausted).
 */
export async function sendToSecurityHub(
  findings: AsffFindingsToSend,
  options: SecurityHubOptions = {},
): Promise<SecurityHubImport> {
  const size = Math.min(Math.max(options.batchSize ?? SECURITY_HUB_BATCH_SIZE, 1), SECURITY_HUB_BATCH_SIZE);
  const baseMs = options.retryBaseMs ?? 500;
  const client = makeClient(SecurityHubClient, "securityhub", { ...options, retryBaseMs: baseMs });
  const failed: RejectedFinding[] = [];
  let succeeded = 0;
  let calls = 0;
  try {
    for (const batch of batches(findings, size)) {
      calls += 1;
      let output: BatchImportFindingsCommandOutput;
      try {
        output = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      } catch (error) {
        const name = (error as { name?: string }).name ?? "Error";
        const message = (error as Error).message ?? String(error);
        throw new AwsApiError(
          "securityhub:BatchImportFindings",
          batch[0]?.AwsAccountId as string,
          name,
          message,
          {
            cause: error,
            ...(/AccessDenied|NotAuthorized|UnrecognizedClient/i.test(name)
              ? { missingPermission: "securityhub:BatchImportFindings" }
              : {}),
          },
        );
      }
      succeeded += output.SuccessCount ?? 0;
      for (const rejected of output.FailedFindings ?? []) {
        failed.push({
          id: rejected.Id ?? "(no id)",
          errorCode: rejected.ErrorCode ?? "Unknown",
          errorMessage: rejected.ErrorMessage ?? "",
        });
      }
      options.onBatch?.(Math.min(calls * size, findings.length), findings.length);
    }
  } finally {
    client.destroy();
  }
  return { sent: findings.length, succeeded, failed, calls };
}
