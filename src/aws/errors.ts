/**
 * Reads AWS SDK v3 errors by their error code (never by HTTP status) and names the permission a
 * caller lacks. An HTTP answer that is no AWS error response (a proxy's HTML page, an empty 5xx) has no
 * error code: it is named by its HTTP status and quoted body instead.
 */

import { AwsApiError, NOT_AN_AWS_RESPONSE } from "../model/errors.js";
import { escapeTerminal, excerpt, quoteExcerpt } from "../model/escape.js";
import { RefusedAnswerError } from "./answer-body.js";
import { errorResponseBody } from "./error-body.js";

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

/** The SDK's placeholders for an error response in which it found no error code or no message. */
const SDK_PLACEHOLDERS = new Set(["Unknown", "UnknownError"]);

/**
 * The HTTP status and body (when kept: see error-body.ts) of an SDK v3 error whose HTTP error answer
 * (status 300 or more) was no AWS error response: a body the SDK could not parse (HTML for a JSON or XML protocol: the SDK's error
 * has no `$fault`), or one in which it found no error code (its placeholder `Unknown`; for a 404,
 * `NotFound` with no message, from a body that is not empty: an empty 404, as S3 answers a HEAD request,
 * is AWS's). Undefined otherwise.
 */
export function nonAwsResponse(error: unknown): { status: number; body: string | undefined } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const response = errorResponseBody(error);
  // A success answer the SDK could not parse is another case: UnreadableResponse (describeAwsError).
  if (!response || response.status < 300) return undefined;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (!("$fault" in error)) return response;
  if (typeof (error as { Code?: unknown }).Code === "string") {
    // The Query protocols copy the code they found to `Code`: undefined when they found none.
    return undefined;
  }
  if (name === "Unknown") return response;
  // The code the SDK gives a 404 without one, with its placeholder message, from a body that is not empty.
  if (name === "NotFound" && typeof message === "string" && SDK_PLACEHOLDERS.has(message) && response.body)
    return response;
  return undefined;
}

/**
 * What an HTTP answer that is no AWS error response was: `HTTP 500 from the endpoint, not an AWS error
 * response (body: "<html>boom</html>")`, the body quoted and cut by {@link quoteExcerpt} (control and
 * bidirectional characters escaped: it is the endpoint's data).
 */
export function describeNonAwsResponse(response: { status: number; body: string | undefined }): string {
  const what = `HTTP ${response.status} from the endpoint, not an AWS error response`;
  if (response.body === undefined) return what;
  return response.body === "" ? `${what} (empty body)` : `${what}${quotedBody(response.body)}`;
}

/** ` (body: "<html>…")`: an answer's body, the endpoint's data, quoted, cut and escaped for a message. */
function quotedBody(body: string): string {
  return ` (body: ${escapeTerminal(quoteExcerpt(body))})`;
}

/** The sentence the SDK adds to an error it threw reading an answer (a 2xx it could not parse). */
const SDK_DESERIALIZATION_HINT =
  "Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.";

/** The error code of an answer the SDK could not read (a 2xx that is not the API's: {@link describeAwsError}). */
export const UNREADABLE_RESPONSE = "UnreadableResponse";

/** Whether `error` is the SDK's failure to read an answer (its own hint in the message, no AWS code). */
function unreadableResponse(error: unknown): error is Error {
  return error instanceof Error && error.message.includes(SDK_DESERIALIZATION_HINT);
}

/**
 * The AWS wire error code of an SDK v3 exception (`ReportInProgress`, `AccessDenied`, `Throttling`),
 * {@link NOT_AN_AWS_RESPONSE} for an HTTP answer that is no AWS error response ({@link nonAwsResponse}),
 * or undefined for errors that did not come from an HTTP response (a refused connection, a timeout).
 */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if (error instanceof RefusedAnswerError) return error.code;
  if (nonAwsResponse(error)) return NOT_AN_AWS_RESPONSE;
  if (unreadableResponse(error)) return UNREADABLE_RESPONSE;
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

/** Characters of an error's message kept in a finding or a terminal message (AWS's are far shorter). */
const MESSAGE_CHARS = 1000;

/**
 * A readable one-line message for any error thrown by an SDK call: `Code: message`, the message cut
 * after {@link MESSAGE_CHARS} characters as {@link excerpt} cuts (`… (5000 characters)`), or for an
 * answer that is no AWS error response, {@link describeNonAwsResponse}'s.
 */
export function describeAwsError(error: unknown): string {
  if (error instanceof RefusedAnswerError) return `${error.code}: ${escapeTerminal(error.message)}`;
  const foreign = nonAwsResponse(error);
  if (foreign) return describeNonAwsResponse(foreign);
  if (unreadableResponse(error)) {
    // The SDK's own words without its hint to developers; the answer's status and body when known.
    const cause = error.message.replace(SDK_DESERIALIZATION_HINT, "").replace(/\s+/g, " ").trim();
    const response = errorResponseBody(error);
    const status = response ? `HTTP ${response.status} ` : "";
    const body = response?.body ? quotedBody(response.body) : "";
    return `${UNREADABLE_RESPONSE}: the ${status}answer is not what the API returns: ${cause}${body}`;
  }
  if (error instanceof Error) {
    const code = awsErrorCode(error);
    const message = excerpt(error.message.replace(/\s+/g, " ").trim(), MESSAGE_CHARS);
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
