/**
 * Collects a snapshot of one live account. Reading only: no call here changes anything.
 */
import type { CredentialReport } from "../credential-report/types.js";
import { AwsApiError, CredentialReportFormatError, TimeoutError } from "../errors.js";
import type { CollectionError, Snapshot } from "../snapshot/types.js";
import { getCallerAccount } from "./account.js";
import { collectAuthorization } from "./authorization.js";
import type { AwsClients } from "./clients.js";
import { type FetchReportOptions, fetchCredentialReport } from "./credential-report.js";

/** Options of {@link collectAccount}. */
export interface CollectOptions extends Omit<FetchReportOptions, "accountId"> {
  /** Scan start (UTC). Default: now. */
  readonly collectedAt?: Date;
}

function collectionError(error: unknown): CollectionError {
  if (error instanceof AwsApiError) {
    return {
      dataset: "credentialReport",
      api: error.api,
      code: error.code,
      message: error.message,
      ...(error.missingPermission ? { missingPermission: error.missingPermission } : {}),
    };
  }
  if (error instanceof TimeoutError) {
    return {
      dataset: "credentialReport",
      api: "iam:GenerateCredentialReport",
      code: "Timeout",
      message: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof CredentialReportFormatError ? "InvalidReport" : "Error";
  return { dataset: "credentialReport", api: "iam:GetCredentialReport", code, message };
}

/**
 * Builds a snapshot of the caller's account: STS GetCallerIdentity, then the credential report.
 * A credential report that cannot be had is recorded in `snapshot.errors` (its rules then give ERROR
 * findings) instead of being thrown.
 * @throws {@link AwsApiError} when the account cannot be identified (sts:GetCallerIdentity fails).
 */
export async function collectAccount(clients: AwsClients, options: CollectOptions = {}): Promise<Snapshot> {
  const collectedAt = options.collectedAt ?? new Date();
  const account = await getCallerAccount(clients.sts);
  let credentialReport: CredentialReport | undefined;
  const errors: CollectionError[] = [];
  const authorization = collectAuthorization(clients.iam, account.accountId); // in parallel with the report
  try {
    credentialReport = await fetchCredentialReport(clients.iam, { ...options, accountId: account.accountId });
  } catch (error) {
    errors.push(collectionError(error));
  }
  const { authorization: authorizationData, errors: authorizationErrors } = await authorization;
  errors.push(...authorizationErrors);
  return {
    accountId: account.accountId,
    partition: account.partition,
    collectedAt,
    source: "aws",
    ...(credentialReport ? { credentialReport } : {}),
    errors,
    authorization: authorizationData,
  };
}
