/**
 * Reads account-wide IAM settings with three calls (plus pages): GetAccountPasswordPolicy (NoSuchEntity
 * means the account has no policy), GetAccountSummary and ListVirtualMFADevices (every page). The calls
 * run in parallel; each one that fails becomes a {@link CollectionError} for its own dataset only, so the
 * rules that need the others still run.
 *
 * Sources: IAM API Reference — GetAccountPasswordPolicy, GetAccountSummary, ListVirtualMFADevices.
 */
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  type IAMClient,
  paginateListVirtualMFADevices,
  type PasswordPolicy as SdkPasswordPolicy,
  type VirtualMFADevice as SdkVirtualMfaDevice,
} from "@aws-sdk/client-iam";
import type { IamAccountData, PasswordPolicy, VirtualMfaDevice } from "../snapshot/iam-account.js";
import type { CollectionError, Dataset } from "../snapshot/types.js";
import { awsErrorCode, toAwsApiError } from "./errors.js";

/**
 * The SDK's (and the AWS CLI's) `PasswordPolicy` as our {@link PasswordPolicy}. An absent requirement is
 * not met: absent numbers are null, absent flags false (`HardExpiry` stays null: "not set"). Pure.
 */
export function passwordPolicyFrom(policy: SdkPasswordPolicy): PasswordPolicy {
  return {
    minimumPasswordLength: policy.MinimumPasswordLength ?? null,
    passwordReusePrevention: policy.PasswordReusePrevention ?? null,
    requireSymbols: policy.RequireSymbols ?? false,
    requireNumbers: policy.RequireNumbers ?? false,
    requireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
    expirePasswords: policy.ExpirePasswords ?? false,
    maxPasswordAge: policy.MaxPasswordAge ?? null,
    hardExpiry: policy.HardExpiry ?? null,
  };
}

/** GetAccountSummary's `SummaryMap` as key → number; non-numeric entries are dropped. Pure. */
export function accountSummaryFrom(
  map: Readonly<Record<string, unknown>> | undefined,
): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    if (typeof value === "number") summary[key] = value;
  }
  return summary;
}

/**
 * One ListVirtualMFADevices entry as our {@link VirtualMfaDevice}: serial and user ARN trimmed, no user
 * for an unassigned device. Pure.
 */
export function virtualMfaDeviceFrom(device: SdkVirtualMfaDevice): VirtualMfaDevice {
  const user = device.User;
  return {
    serialNumber: (device.SerialNumber ?? "").trim(),
    enableDate: device.EnableDate ?? null,
    user: user?.Arn
      ? { arn: user.Arn.trim(), userName: user.UserName ?? null, userId: user.UserId ?? null }
      : null,
  };
}

/** iam:GetAccountPasswordPolicy; null when the account has no password policy (NoSuchEntity). */
export async function getPasswordPolicy(iam: IAMClient, accountId?: string): Promise<PasswordPolicy | null> {
  try {
    const { PasswordPolicy: policy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    return policy ? passwordPolicyFrom(policy) : null;
  } catch (error) {
    if (awsErrorCode(error) === "NoSuchEntity") return null;
    throw toAwsApiError("iam:GetAccountPasswordPolicy", accountId, error);
  }
}

/** iam:GetAccountSummary: the SummaryMap as key → number. */
export async function getAccountSummary(iam: IAMClient, accountId?: string): Promise<Record<string, number>> {
  try {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    return accountSummaryFrom(SummaryMap);
  } catch (error) {
    throw toAwsApiError("iam:GetAccountSummary", accountId, error);
  }
}

/** iam:ListVirtualMFADevices, every page, assigned and unassigned devices. */
export async function listVirtualMfaDevices(iam: IAMClient, accountId?: string): Promise<VirtualMfaDevice[]> {
  try {
    const devices: VirtualMfaDevice[] = [];
    for await (const page of paginateListVirtualMFADevices({ client: iam }, {})) {
      for (const device of page.VirtualMFADevices ?? []) devices.push(virtualMfaDeviceFrom(device));
    }
    return devices;
  } catch (error) {
    throw toAwsApiError("iam:ListVirtualMFADevices", accountId, error);
  }
}

function collectionError(dataset: Dataset, api: string, error: unknown): CollectionError {
  const failure = toAwsApiError(api, undefined, error);
  return {
    dataset,
    api: failure.api,
    code: failure.code,
    message: failure.message,
    ...(failure.missingPermission ? { missingPermission: failure.missingPermission } : {}),
  };
}

/** What {@link collectIamAccount} read, and the datasets it could not read. */
export interface IamAccountCollection {
  readonly data: IamAccountData;
  readonly errors: readonly CollectionError[];
}

/**
 * Reads the password policy, the account summary and the virtual MFA devices in parallel.
 * Never throws: a failing call becomes a {@link CollectionError} for its dataset.
 */
export async function collectIamAccount(iam: IAMClient, accountId?: string): Promise<IamAccountCollection> {
  const [policy, summary, devices] = await Promise.allSettled([
    getPasswordPolicy(iam, accountId),
    getAccountSummary(iam, accountId),
    listVirtualMfaDevices(iam, accountId),
  ]);
  const errors: CollectionError[] = [];
  const data: {
    passwordPolicy?: PasswordPolicy | null;
    accountSummary?: Record<string, number>;
    virtualMfaDevices?: VirtualMfaDevice[];
  } = {};
  if (policy.status === "fulfilled") data.passwordPolicy = policy.value;
  else errors.push(collectionError("iam.passwordPolicy", "iam:GetAccountPasswordPolicy", policy.reason));
  if (summary.status === "fulfilled") data.accountSummary = summary.value;
  else errors.push(collectionError("iam.accountSummary", "iam:GetAccountSummary", summary.reason));
  if (devices.status === "fulfilled") data.virtualMfaDevices = devices.value;
  else errors.push(collectionError("iam.virtualMfaDevices", "iam:ListVirtualMFADevices", devices.reason));
  return { data, errors };
}
