/**
 * Gets a fresh IAM credential report: GenerateCredentialReport, poll with growing waits until
 * `COMPLETE`, GetCredentialReport, decode the base64 `Content` exactly once, parse.
 *
 * Sources: IAM API Reference, GenerateCredentialReport and GetCredentialReport
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html). Errors are read
 * by their code, never their HTTP status: `ReportInProgress` (404) → wait and retry;
 * `ReportNotPresent` / `ReportExpired` (410) → generate again, a bounded number of times;
 * `LimitExceeded` → back off and retry. `Throttling` is retried by the SDK's retry strategy.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { requireReportCsv } from "../credential-report/input.js";
import { parseCredentialReportCsv } from "../credential-report/parse.js";
import type { CredentialReport } from "../credential-report/types.js";
import { AwsApiError, TimeoutError } from "../model/errors.js";
import { accountOfArn } from "../snapshot/from-report.js";
import { awsErrorCode, toAwsApiError, UNREADABLE_RESPONSE } from "./errors.js";

/** Options of {@link fetchCredentialReport}. */
export interface FetchReportOptions {
  /** Account id, for error messages. */
  readonly accountId?: string;
  /** Give up after this many milliseconds of waiting. Default 300 000 (`--report-timeout 300`). */
  readonly timeoutMs?: number;
  /** First wait between polls in milliseconds; each wait is 1.5× the previous, capped at 15 s. Default 2 000. */
  readonly pollBaseMs?: number;
  /** How many times a missing or expired report may be generated again. Default 3. */
  readonly maxRegenerations?: number;
  /** Called before each wait, e.g. to show "waiting for credential report". */
  readonly onWait?: (ms: number, reason: string) => void;
}

/** Error codes that mean "generate the report again". */
const REGENERATE = new Set(["ReportNotPresent", "ReportExpired"]);

class Poller {
  private nextWaitMs: number;
  private readonly deadline: number;

  constructor(
    private readonly options: Required<Pick<FetchReportOptions, "timeoutMs" | "pollBaseMs">> &
      FetchReportOptions,
    private readonly api: string,
  ) {
    this.nextWaitMs = options.pollBaseMs;
    this.deadline = Date.now() + options.timeoutMs;
  }

  /** Waits the next, longer interval; throws {@link TimeoutError} when that would pass the deadline. */
  async wait(reason: string): Promise<void> {
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) {
      const seconds = this.options.timeoutMs / 1000;
      throw new TimeoutError(
        `${this.api}: the credential report was not ready within ${seconds} s (--report-timeout) (${reason})`,
      );
    }
    const ms = Math.min(this.nextWaitMs, remaining);
    this.options.onWait?.(ms, reason);
    await sleep(ms);
    this.nextWaitMs = Math.min(this.nextWaitMs * 1.5, 15_000);
  }
}

/**
 * Generates (if needed) and downloads the account's credential report.
 * One Generate/Get sequence per call: with a fresh report AWS answers COMPLETE at once and this makes
 * exactly one GenerateCredentialReport and one GetCredentialReport call.
 *
 * @returns the parsed report with its `GeneratedTime`; rows that cannot be read are skipped, each with a
 *   warning naming its line (`warnings`).
 * @throws {@link AwsApiError} naming the API, account and missing permission (AccessDenied, retries
 *   exhausted, other AWS errors); {@link TimeoutError} after `timeoutMs`; a format error when the
 *   content is not a report (e.g. base64-encoded twice).
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  options: FetchReportOptions = {},
): Promise<CredentialReport> {
  const settings = { timeoutMs: 300_000, pollBaseMs: 2_000, ...options };
  const poller = new Poller(settings, "iam:GenerateCredentialReport");
  const maxRegenerations = options.maxRegenerations ?? 3;
  let regenerations = 0;

  const generate = async (): Promise<string> => {
    for (;;) {
      try {
        const output = await iam.send(new GenerateCredentialReportCommand({}));
        return output.State ?? "COMPLETE";
      } catch (error) {
        if (awsErrorCode(error) !== "LimitExceeded")
          throw toAwsApiError("iam:GenerateCredentialReport", options.accountId, error);
        await poller.wait("GenerateCredentialReport: LimitExceeded");
      }
    }
  };

  let state = await generate();
  for (;;) {
    if (state !== "COMPLETE") await poller.wait(`report ${state}`);
    try {
      const output = await iam.send(new GetCredentialReportCommand({}));
      // The SDK has already decoded the base64 on the wire: this is the one decoding.
      const content = output.Content ? Buffer.from(output.Content).toString("utf8") : "";
      const csv = requireReportCsv(content, "GetCredentialReport Content");
      return parseCredentialReportCsv(csv, {
        source: "GetCredentialReport Content",
        generatedAt: output.GeneratedTime,
        // A row that cannot be read is skipped with a warning: its user is then judged from the IAM API
        // (as a user the report does not list), and every other user keeps its verdict.
        badRows: "skip",
      });
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === "ReportInProgress") {
        await poller.wait("ReportInProgress");
        state = await generate();
      } else if (code !== undefined && REGENERATE.has(code) && regenerations < maxRegenerations) {
        regenerations += 1;
        state = await generate();
      } else if (code !== undefined) {
        throw toAwsApiError("iam:GetCredentialReport", options.accountId, error);
      } else {
        throw error;
      }
    }
  }
}

/**
 * Refuses a report that cannot be the live account's own: one with no row at all (AWS always writes
 * the `<root_account>` row) or with rows whose ARN names another account than the caller's
 * (GetCallerIdentity). Such a report is not judged: its findings would be filed under the wrong account.
 * Offline report files are not checked here (their account is the file's, with a warning).
 *
 * @param report - the report GetCredentialReport returned.
 * @param accountId - the scanned account (the caller's, from GetCallerIdentity or the assumed role).
 * @returns `report` unchanged when it is the account's own.
 * @throws {@link AwsApiError} `UnreadableResponse` naming iam:GetCredentialReport, the account and why.
 */
export function requireOwnReport(report: CredentialReport, accountId: string): CredentialReport {
  const refuse = (why: string): never => {
    throw new AwsApiError("iam:GetCredentialReport", accountId, UNREADABLE_RESPONSE, why);
  };
  if (report.rows.length === 0)
    refuse(
      "the credential report has no row at all, not even the <root_account> row AWS always writes: it is not a real report",
    );
  const others = [
    ...new Set(
      report.rows
        .map((row) => accountOfArn(row.arn)?.accountId)
        .filter((other): other is string => other !== undefined && other !== accountId),
    ),
  ];
  if (others.length > 0)
    refuse(
      `the credential report names ${others.map((other) => `account ${other}'s`).join(", ")} users, not account ${accountId}'s: it is not this account's report`,
    );
  return report;
}
