/**
 * Account-wide IAM settings read through the API, as plain types. Times are UTC.
 * Sources: IAM API Reference — GetAccountPasswordPolicy, GetAccountSummary, ListVirtualMFADevices.
 */
import type { z as zod } from "zod";

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

/**
 * The zod schema of {@link IamAccountData} in a snapshot file (dates already revived to `Date`s; unknown
 * extra fields kept). Built with the `z` the caller loaded: rules import this module on every scan's
 * start-up path, and zod (about 0.1 s to load) is loaded only to read a snapshot file. Each `satisfies`
 * proves that what the schema accepts is the interface.
 */
export function iamAccountDataSchema(z: typeof zod) {
  const passwordPolicy = z.looseObject({
    minimumPasswordLength: z.number().nullable(),
    passwordReusePrevention: z.number().nullable(),
    requireSymbols: z.boolean(),
    requireNumbers: z.boolean(),
    requireUppercaseCharacters: z.boolean(),
    requireLowercaseCharacters: z.boolean(),
    allowUsersToChangePassword: z.boolean(),
    expirePasswords: z.boolean(),
    maxPasswordAge: z.number().nullable(),
    hardExpiry: z.boolean().nullable(),
  }) satisfies zod.ZodType<PasswordPolicy>;
  const mfaDeviceUser = z.looseObject({
    arn: z.string(),
    userName: z.string().nullable(),
    userId: z.string().nullable(),
  }) satisfies zod.ZodType<MfaDeviceUser>;
  const virtualMfaDevice = z.looseObject({
    serialNumber: z.string(),
    enableDate: z.date().nullable(),
    user: mfaDeviceUser.nullable(),
  }) satisfies zod.ZodType<VirtualMfaDevice>;
  return z.looseObject({
    passwordPolicy: passwordPolicy.nullable().optional(),
    accountSummary: z.record(z.string(), z.number()).optional(),
    virtualMfaDevices: z.array(virtualMfaDevice).optional(),
  }) satisfies zod.ZodType<IamAccountData>;
}

/** True when a virtual MFA device is assigned to the account root user (by the user ARN, never the serial). */
export function isRootDevice(device: VirtualMfaDevice): boolean {
  return device.user !== null && /^arn:[^:]+:iam::\d{12}:root$/.test(device.user.arn);
}
