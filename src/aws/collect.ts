/**
 * Collects a snapshot of one live account. Reading only: no call here changes anything.
 */
import type { CredentialReport } from "../credential-report/types.js";
import { AwsApiError, CredentialReportFormatError, TimeoutError } from "../model/errors.js";
import { isRegionalDataset, type RegionalData, type RegionalDataset } from "../snapshot/regional.js";
import type { CollectionError, Dataset, Snapshot } from "../snapshot/types.js";
import { getCallerAccount } from "./account.js";
import { collectAuthorization } from "./authorization.js";
import type { AwsClients } from "./clients.js";
import { type FetchReportOptions, fetchCredentialReport } from "./credential-report.js";
import { collectIamAccount } from "./iam-account.js";
import { collectSecurityContact } from "./security-contact.js";

/** Options of {@link collectAccount}. */
export interface CollectOptions extends Omit<FetchReportOptions, "accountId"> {
  /** Scan start (UTC). Default: now. */
  readonly collectedAt?: Date;
  /**
   * The data sets the rules to run need: only those are read. Default (undefined): every data set
   * except the per-region ones (`regions`, `ec2Instances`, `accessAnalyzers`), which call every enabled
   * region and are read only when named here.
   */
  readonly datasets?: readonly Dataset[];
  /** Regions read at the same time. Default 8. */
  readonly regionConcurrency?: number;
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
 * Builds a snapshot of the caller's account: STS GetCallerIdentity, then the credential report and, in
 * parallel with it, the other data sets the rules need (IAM account settings and authorization details,
 * the security contact, per-region data).
 * A credential report that cannot be had is recorded in `snapshot.errors` (its rules then give ERROR
 * findings) instead of being thrown.
 * @throws {@link AwsApiError} when the account cannot be identified (sts:GetCallerIdentity fails).
 */
export async function collectAccount(clients: AwsClients, options: CollectOptions = {}): Promise<Snapshot> {
  const collectedAt = options.collectedAt ?? new Date();
  const account = await getCallerAccount(clients.sts);
  const regional = collectRegionalData(clients, account.accountId, options); // in parallel with the report
  let credentialReport: CredentialReport | undefined;
  const errors: CollectionError[] = [];
  // Only what the rules to run need (all of it when the caller names no data sets), in parallel with the report.
  const wants = (...names: Dataset[]) =>
    options.datasets === undefined || names.some((name) => options.datasets?.includes(name));
  const authorization = wants("authorizationDetails", "serverCertificates", "identityProviders")
    ? collectAuthorization(clients.iam, account.accountId)
    : Promise.resolve({ authorization: undefined, errors: [] as CollectionError[] });
  const iamAccount = wants("passwordPolicy", "accountSummary", "virtualMfaDevices")
    ? collectIamAccount(clients.iam, account.accountId)
    : Promise.resolve({ data: undefined, errors: [] as CollectionError[] });
  const securityContact = wants("securityContact")
    ? collectSecurityContact(clients.account, account.accountId)
    : Promise.resolve({ data: undefined, errors: [] as CollectionError[] });
  try {
    credentialReport = await fetchCredentialReport(clients.iam, { ...options, accountId: account.accountId });
  } catch (error) {
    errors.push(collectionError(error));
  }
  const { authorization: authorizationData, errors: authorizationErrors } = await authorization;
  errors.push(...authorizationErrors);
  const { data: iamAccountData, errors: iamAccountErrors } = await iamAccount;
  errors.push(...iamAccountErrors);
  const { data: regionalData, errors: regionalErrors } = await regional;
  errors.push(...regionalErrors);
  const { data: securityContactData, errors: securityContactErrors } = await securityContact;
  errors.push(...securityContactErrors);
  return {
    accountId: account.accountId,
    partition: account.partition,
    collectedAt,
    source: "aws",
    ...(credentialReport ? { credentialReport } : {}),
    errors,
    ...(authorizationData ? { authorization: authorizationData } : {}),
    ...(iamAccountData ? { iamAccount: iamAccountData } : {}),
    ...(regionalData ? { regional: regionalData } : {}),
    ...(securityContactData !== undefined ? { securityContact: securityContactData } : {}),
  };
}

/** The per-region data sets `options.datasets` names, or nothing when it names none. */
async function collectRegionalData(
  clients: AwsClients,
  accountId: string,
  options: CollectOptions,
): Promise<{ data: RegionalData | undefined; errors: CollectionError[] }> {
  const wanted = (options.datasets ?? []).filter((dataset): dataset is RegionalDataset =>
    isRegionalDataset(dataset),
  );
  if (wanted.length === 0) return { data: undefined, errors: [] };
  if (!clients.regional) {
    const message = `Per-region data of account ${accountId} was asked for, but these AWS clients make no regional clients.`;
    return {
      data: undefined,
      errors: [{ dataset: "regions", api: "ec2:DescribeRegions", code: "NoRegionalClients", message }],
    };
  }
  // Loaded on demand: the EC2 and Access Analyzer SDK clients are only needed by per-region rules.
  const { collectRegional } = await import("./regions.js");
  return collectRegional(clients.regional, accountId, {
    datasets: wanted,
    ...(options.regionConcurrency !== undefined ? { concurrency: options.regionConcurrency } : {}),
  });
}
