/**
 * The small, typed family of errors cloudpatrol throws. The CLI maps each class to an exit code in one
 * place (`src/cli/exit.ts`): {@link InputError} → 2, everything else → 1.
 */

/** Base class of every error cloudpatrol throws on purpose. `cause` keeps the underlying error. */
export class CloudPatrolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user gave us something we cannot use: a malformed file, a bad option value. Exit code 2. */
export class InputError extends CloudPatrolError {}

/**
 * A malformed credential report. `line` and `column` are 1-based and point into the CSV text
 * (the decoded CSV when the input was `aws iam get-credential-report` JSON).
 */
export class CredentialReportFormatError extends InputError {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    const where = [
      source,
      line === undefined ? undefined : `line ${line}`,
      column === undefined ? undefined : `column ${column}`,
    ]
      .filter((part) => part !== undefined)
      .join(", ");
    super(`${where}: ${problem}`, options);
  }
}

/**
 * The error code of an AWS call whose HTTP answer was no AWS error response (a proxy's HTML page, an
 * empty 5xx): its message says the HTTP status and quotes the body instead of a code (`HTTP 500 from the
 * endpoint, not an AWS error response (body: "<html>boom</html>")`), and is never prefixed with this code.
 */
export const NOT_AN_AWS_RESPONSE = "NotAnAwsResponse";

/**
 * The reason part of an AWS error message: `Code: detail`, the code said once (`detail` that starts
 * with it, or describes an answer that had no code: {@link NOT_AN_AWS_RESPONSE}, stays as it is), ending
 * with one full stop.
 */
export function awsErrorReason(code: string, detail: string): string {
  const reason =
    code === NOT_AN_AWS_RESPONSE || detail.startsWith(`${code}:`) ? detail : `${code}: ${detail}`;
  // AWS messages often end with a full stop already ("... is invalid."): end the sentence once.
  return /[.!?]$/.test(reason) ? reason : `${reason}.`;
}

/**
 * An AWS call failed in a way the user can act on: it names the API (`iam:GenerateCredentialReport`),
 * the account, the AWS error code and, for access errors, the IAM permission that is missing.
 */
export class AwsApiError extends CloudPatrolError {
  constructor(
    readonly api: string,
    readonly accountId: string | undefined,
    readonly code: string,
    readonly detail: string,
    options?: { cause?: unknown; missingPermission?: string },
  ) {
    const account = accountId ? ` in account ${accountId}` : "";
    const permission = options?.missingPermission
      ? ` The caller lacks the IAM permission ${options.missingPermission}.`
      : "";
    // `detail` usually comes from describeAwsError, which already starts with the code: said once.
    super(`${api} failed${account}: ${awsErrorReason(code, detail)}${permission}`, options);
    this.missingPermission = options?.missingPermission;
  }
  readonly missingPermission: string | undefined;
}

/** A file could not be written (a report, `--output-dir`). Exit code 1: an I/O error, not bad input. */
export class OutputError extends CloudPatrolError {}

/** Waiting for something in AWS took longer than allowed (e.g. `--report-timeout`). Exit code 1. */
export class TimeoutError extends CloudPatrolError {}
