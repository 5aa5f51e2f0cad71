/**
 * Account-wide IAM state of the fake: the password policy, GetAccountSummary overrides and seeded
 * virtual MFA devices (root's, unassigned ones). Users with `mfaActive` get their virtual device from
 * {@link IamState} itself; a root with `mfaActive` and no seeded virtual device uses a hardware device.
 */
import { type DateInput, toDate } from "./time.js";

/** A password policy to seed; omitted fields get IAM's defaults (as UpdateAccountPasswordPolicy sets them). */
export interface SeedPasswordPolicy {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  /** Omit: passwords do not expire. */
  maxPasswordAge?: number;
  /** Omit: reuse is not prevented. */
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

/** A virtual MFA device to seed. */
export interface SeedVirtualMfaDevice {
  /** Default `arn:aws:iam::<account>:mfa/<name>`. */
  serialNumber?: string;
  /** The device name in the default serial. Default `device-<n>`. */
  name?: string;
  /** `"root"`, an IAM user name, or omit for an unassigned device. */
  assignedTo?: string;
  /** Default `2024-01-01T00:00:00Z` for an assigned device. */
  enableDate?: DateInput;
}

/** Stored form of the password policy: every boolean set, unset numbers omitted. */
export type StoredPasswordPolicy = Required<
  Omit<SeedPasswordPolicy, "maxPasswordAge" | "passwordReusePrevention">
> &
  Pick<SeedPasswordPolicy, "maxPasswordAge" | "passwordReusePrevention">;

/** Stored form of a seeded virtual MFA device. */
export interface VirtualMfaRecord {
  readonly serialNumber: string;
  readonly assignedTo: string | undefined;
  readonly enableDate: Date | undefined;
}

/** The account's password policy, summary overrides and seeded virtual MFA devices. */
export class IamAccountState {
  /** Undefined: no policy (GetAccountPasswordPolicy → NoSuchEntity). */
  passwordPolicy: StoredPasswordPolicy | undefined;
  /** SummaryMap entries that replace the derived ones; null leaves the entry out of the map. */
  summaryOverrides: Record<string, number | null> = {};
  /** Whether root has a console password (AccountPasswordPresent). Default true. */
  rootPasswordPresent = true;
  readonly virtualMfaDevices: VirtualMfaRecord[] = [];
  private nextDevice = 1;

  setPasswordPolicy(seed: SeedPasswordPolicy | null): void {
    if (seed === null) {
      this.passwordPolicy = undefined;
      return;
    }
    this.passwordPolicy = {
      minimumPasswordLength: seed.minimumPasswordLength ?? 8,
      requireSymbols: seed.requireSymbols ?? false,
      requireNumbers: seed.requireNumbers ?? false,
      requireUppercaseCharacters: seed.requireUppercaseCharacters ?? false,
      requireLowercaseCharacters: seed.requireLowercaseCharacters ?? false,
      allowUsersToChangePassword: seed.allowUsersToChangePassword ?? false,
      hardExpiry: seed.hardExpiry ?? false,
      ...(seed.maxPasswordAge !== undefined ? { maxPasswordAge: seed.maxPasswordAge } : {}),
      ...(seed.passwordReusePrevention !== undefined
        ? { passwordReusePrevention: seed.passwordReusePrevention }
        : {}),
    };
  }

  /** Adds a virtual MFA device; returns its serial number. */
  addVirtualMfaDevice(accountId: string, seed: SeedVirtualMfaDevice): string {
    const name = seed.name ?? `device-${this.nextDevice++}`;
    const serialNumber = seed.serialNumber ?? `arn:aws:iam::${accountId}:mfa/${name}`;
    if (this.virtualMfaDevices.some((device) => device.serialNumber === serialNumber)) {
      throw new Error(`fake-aws: virtual MFA device ${serialNumber} already exists`);
    }
    this.virtualMfaDevices.push({
      serialNumber,
      assignedTo: seed.assignedTo,
      enableDate:
        seed.assignedTo === undefined
          ? undefined
          : toDate(seed.enableDate ?? "2024-01-01T00:00:00Z", `enableDate of ${serialNumber}`),
    });
    return serialNumber;
  }
}
