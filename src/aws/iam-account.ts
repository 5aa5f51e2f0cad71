/**
 * Reads account-wide IAM settings with three calls (plus pages): GetAccountPasswordPolicy (NoSuchEntity
 * means the account has no policy), GetAccountSummary and ListVirtualMFADevices (every page). Each call
 * fills one dataset (the collectors in `aws/collectors/iam.ts`); one that fails throws an AwsApiError,
 * which the runner records for that dataset only, so the rules that need the others still run.
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
import type { PasswordPolicy, VirtualMfaDevice } from "../snapshot/iam-account.js";
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

/** The form of GetAccountSummary's SummaryMap keys (IAM API Reference: `AccountMFAEnabled`, `Users`, ...). */
const SUMMARY_KEY = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

/**
 * GetAccountSummary's `SummaryMap` as key → number; non-numeric entries and keys not of AWS's form are
 * dropped. Pure.
 */
export function accountSummaryFrom(
  map: Readonly<Record<string, unknown>> | undefined,
): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    // AWS's keys are names such as AccountMFAEnabled: any other key (`__proto__`, text from elsewhere)
    // never becomes a property of the plain object.
    if (typeof value === "number" && SUMMARY_KEY.test(key)) summary[key] = value;
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
