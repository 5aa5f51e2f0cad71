/**
 * Reads AWS SDK v3 errors by their error code (never by HTTP status) and names the permission a
 * caller lacks.
 */

import { AwsApiError } from "../model/errors.js";

/**
 * The SDK's modeled exception names whose wire error code differs (IAM API Reference, "Errors" of
 * GetCredentialReport): the SDK names `ReportInProgress` CredentialReportNotReadyException, and so on.
 */
const WIRE_CODES: Readonly<Record<string, string>> = {
  CredentialReportNotReadyException: "ReportInProgress",
  CredentialReportNotPresentException: "ReportNotPresent",
  CredentialReportExpiredException: "ReportExpired",
  NoSuchEntityException: "NoSuchEntity",
  LimitExceededException: "LimitExceeded",
  ServiceFailureException: "ServiceFailure",
};

/**
 * The AWS wire error code of an SDK v3 exception (`ReportInProgress`, `AccessDenied`, `Throttling`),
 * or undefined for errors that did not come from an AWS response.
 */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const candidate = error as { name?: unknown; Code?: unknown; $metadata?: unknown };
  if (typeof candidate.Code === "string") return candidate.Code;
  if (candidate.$metadata !== undefined && typeof candidate.name === "string") {
    return WIRE_CODES[candidate.name] ?? candidate.name;
  }
  return undefined;
}

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
  // SNS names a missing permission this way.
  "AuthorizationError",
]);

/** True for errors that mean the caller is not allowed to call the API. */
export function isAccessDenied(error: unknown): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && ACCESS_DENIED.has(code);
}

/** A readable one-line message for any error thrown by an SDK call. */
export function describeAwsError(error: unknown): string {
  if (error instanceof Error) {
    const code = awsErrorCode(error);
    const message = error.message.replace(/\s+/g, " ").trim();
    return code && !message.startsWith(code) ? `${code}: ${message}` : message || error.name;
  }
  return String(error);
}

/**
 * An error from an AWS call as an {@link AwsApiError} naming the action (`iam:ListUsers`), the account
 * and, when access was denied, the missing permission (the action itself). An {@link AwsApiError}
 * passes through unchanged.
 */
export function toAwsApiError(api: string, accountId: string | undefined, error: unknown): AwsApiError {
  if (error instanceof AwsApiError) return error;
  return new AwsApiError(api, accountId, awsErrorCode(error) ?? "Error", describeAwsError(error), {
    cause: error,
    ...(isAccessDenied(error) ? { missingPermission: api } : {}),
  });
}

/** Runs one AWS read or write; any error it throws becomes {@link toAwsApiError}'s. */
export async function callAws<T>(
  api: string,
  accountId: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAwsApiError(api, accountId, error);
  }
}
