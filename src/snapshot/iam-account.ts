/**
 * Account-wide IAM settings read through the API, as plain types. Times are UTC.
 * Sources: IAM API Reference — GetAccountPasswordPolicy, GetAccountSummary, ListVirtualMFADevices.
 */

/** The account password policy (GetAccountPasswordPolicy). Unset numbers are null. */
export interface PasswordPolicy {
  readonly minimumPasswordLength: number | null;
  /** How many previous passwords a user may not reuse; null when reuse is not prevented. */
  readonly passwordReusePrevention: number | null;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  readonly expirePasswords: boolean;
  /** Days a password is valid; null when passwords do not expire. */
  readonly maxPasswordAge: number | null;
  readonly hardExpiry: boolean | null;
}

/** The principal a virtual MFA device is assigned to. The root user has an ARN ending in `:root` and no name. */
export interface MfaDeviceUser {
  readonly arn: string;
  readonly userName: string | null;
  readonly userId: string | null;
}

/** One virtual MFA device (ListVirtualMFADevices). */
export interface VirtualMfaDevice {
  readonly serialNumber: string;
  /** When it was assigned; null for an unassigned device. */
  readonly enableDate: Date | null;
  /** Who it is assigned to; null for an unassigned device. */
  readonly user: MfaDeviceUser | null;
}

/**
 * Account-wide IAM data. Each field is absent when it was not collected (see `Snapshot.errors`).
 */
export interface IamAccountData {
  /** The password policy, or null when the account has none (NoSuchEntity). */
  readonly passwordPolicy?: PasswordPolicy | null;
  /** GetAccountSummary's SummaryMap: `AccountMFAEnabled`, `AccountAccessKeysPresent`, ... → number. */
  readonly accountSummary?: Readonly<Record<string, number>>;
  /** Every virtual MFA device, assigned or not (all pages). */
  readonly virtualMfaDevices?: readonly VirtualMfaDevice[];
}

/** True when a virtual MFA device is assigned to the account root user (by the user ARN, never the serial). */
export function isRootDevice(device: VirtualMfaDevice): boolean {
  return device.user !== null && /^arn:[^:]+:iam::\d{12}:root$/.test(device.user.arn);
}
