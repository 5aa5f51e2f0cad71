/**
 * In-memory IAM state of one account: the root user and IAM users with their login profiles, MFA flag,
 * access keys and tags. Tests seed it; IAM actions read and change it.
 *
 * Seeding mistakes (unknown user, duplicate name, a third access key) throw a plain `Error` — they are
 * bugs in the test, not AWS behaviour to simulate.
 */
import { IamAccountState } from "./iam-account-state.js";
import { AuthorizationState } from "./iam-authorization-state.js";
import { type DateInput, toDate } from "./time.js";

/** Status of an access key, as IAM spells it. */
export type AccessKeyStatus = "Active" | "Inactive";

/** When, where and with which service an access key was last used. */
export interface SeedKeyUsage {
  date: DateInput;
  serviceName: string;
  region: string;
}

/** An access key to seed. */
export interface SeedAccessKey {
  /** Default: a generated, account-unique id `AKIAFAKE` + 12 digits. */
  accessKeyId?: string;
  /** Default `"Active"`. */
  status?: AccessKeyStatus;
  createDate: DateInput;
  /** Omit for a key that was never used. */
  lastUsed?: SeedKeyUsage;
}

/** A console password (IAM "login profile"). */
export interface SeedLoginProfile {
  createDate: DateInput;
  /** Omit for a password that was never used (`no_information` in the credential report). */
  passwordLastUsed?: DateInput;
}

/** An IAM user to seed. */
export interface SeedUser {
  userName: string;
  createDate: DateInput;
  /** Default: a generated, account-unique id `AIDAFAKE` + 13 digits. */
  userId?: string;
  /** Default `"/"`. Must start and end with `/`. */
  path?: string;
  tags?: readonly { Key: string; Value: string }[];
  /** Omit for a user without console password. */
  loginProfile?: SeedLoginProfile;
  /** Default `false`. An active user gets one virtual MFA device. */
  mfaActive?: boolean;
  /** At most two; they fill credential-report slots 1 and 2 in this order. */
  accessKeys?: readonly SeedAccessKey[];
}

/**
 * A console user created 2024-01-02T03:04:05Z whose one active access key was made 5 seconds later,
 * at setup, and never used: the FAIL of CIS v1.5.0 1.11 (`iam_user_no_access_key_at_setup`).
 */
export function setupKeyUser(userName: string): SeedUser {
  return {
    userName,
    createDate: "2024-01-02T03:04:05Z",
    loginProfile: { createDate: "2024-01-02T03:04:05Z" },
    accessKeys: [{ createDate: "2024-01-02T03:04:10Z" }],
  };
}

/** The root user to seed; every field has a default. */
export interface SeedRoot {
  /** Default `2020-01-01T00:00:00Z`. */
  createDate?: DateInput;
  /** Omit for `no_information`. */
  passwordLastUsed?: DateInput;
  /** Default `false`. */
  mfaActive?: boolean;
  /** Default none; at most two. */
  accessKeys?: readonly SeedAccessKey[];
}

/** Stored form of an access key. */
export interface AccessKeyRecord {
  readonly accessKeyId: string;
  /** Owning user's name; `undefined` for a root key. */
  readonly userName: string | undefined;
  status: AccessKeyStatus;
  readonly createDate: Date;
  lastUsed: { date: Date; serviceName: string; region: string } | undefined;
}

/** Stored form of an IAM user. */
export interface UserRecord {
  readonly userName: string;
  readonly userId: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  readonly tags: { Key: string; Value: string }[];
  loginProfile: { createDate: Date; passwordLastUsed: Date | undefined } | undefined;
  mfaActive: boolean;
  /** Report slot order: index 0 is `access_key_1`. */
  readonly accessKeys: AccessKeyRecord[];
}

/** Stored form of the root user. */
export interface RootRecord {
  readonly arn: string;
  createDate: Date;
  passwordLastUsed: Date | undefined;
  mfaActive: boolean;
  accessKeys: AccessKeyRecord[];
}

const MAX_KEYS = 2;
const DEFAULT_ROOT_CREATE_DATE = "2020-01-01T00:00:00Z";

/** Sort key of IAM names: case-insensitive, as the credential report orders users. */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The account's IAM state. */
export class IamState {
  readonly accountId: string;
  root: RootRecord;
  /** Password policy, summary overrides, seeded virtual MFA devices. */
  readonly account = new IamAccountState();
  /** Keyed by lower-cased user name: IAM names are unique case-insensitively. */
  private readonly users = new Map<string, UserRecord>();
  /**
   * Page sizes ListUsers serves next, one per page, whatever MaxItems asks (real IAM may return fewer
   * items than MaxItems with IsTruncated=true). Empty: honour MaxItems.
   */
  listUsersPageSizes: number[] = [];
  /** Groups, roles, policies, attachments, server certificates, identity providers. */
  readonly authorization: AuthorizationState = new AuthorizationState(this);
  private nextKeyNumber = 1;
  private nextUserNumber = 1;

  constructor(accountId: string) {
    this.accountId = accountId;
    this.root = {
      arn: `arn:aws:iam::${accountId}:root`,
      createDate: toDate(DEFAULT_ROOT_CREATE_DATE, "root createDate"),
      passwordLastUsed: undefined,
      mfaActive: false,
      accessKeys: [],
    };
  }

  /** ARN of a user name under a path, e.g. `arn:aws:iam::123456789012:user/ops/alice`. */
  userArn(userName: string, path = "/"): string {
    return `arn:aws:iam::${this.accountId}:user${path}${userName}`;
  }

  addUser(seed: SeedUser): UserRecord {
    if (this.findUser(seed.userName)) throw new Error(`fake-aws: user ${seed.userName} already exists`);
    const path = seed.path ?? "/";
    if (!path.startsWith("/") || !path.endsWith("/")) {
      throw new Error(`fake-aws: path must start and end with "/": ${path}`);
    }
    const user: UserRecord = {
      userName: seed.userName,
      userId: seed.userId ?? `AIDAFAKE${String(this.nextUserNumber++).padStart(13, "0")}`,
      path,
      arn: this.userArn(seed.userName, path),
      createDate: toDate(seed.createDate, `createDate of user ${seed.userName}`),
      tags: (seed.tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
      loginProfile: undefined,
      mfaActive: seed.mfaActive ?? false,
      accessKeys: [],
    };
    this.users.set(seed.userName.toLowerCase(), user);
    if (seed.loginProfile) this.setLoginProfile(seed.userName, seed.loginProfile);
    for (const key of seed.accessKeys ?? []) this.addAccessKey(seed.userName, key);
    return user;
  }

  /** The user, looked up case-insensitively, or `undefined`. */
  findUser(userName: string): UserRecord | undefined {
    return this.users.get(userName.toLowerCase());
  }

  /** The user, or throws (for seeding helpers). */
  requireUser(userName: string): UserRecord {
    const user = this.findUser(userName);
    if (!user) throw new Error(`fake-aws: no user ${userName}`);
    return user;
  }

  /** All users, sorted case-insensitively by name. */
  listUsers(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => compareNames(a.userName, b.userName));
  }

  removeUser(userName: string): void {
    this.requireUser(userName);
    this.users.delete(userName.toLowerCase());
  }

  setLoginProfile(userName: string, profile: SeedLoginProfile): void {
    this.requireUser(userName).loginProfile = {
      createDate: toDate(profile.createDate, `loginProfile.createDate of ${userName}`),
      passwordLastUsed:
        profile.passwordLastUsed === undefined
          ? undefined
          : toDate(profile.passwordLastUsed, `loginProfile.passwordLastUsed of ${userName}`),
    };
  }

  removeLoginProfile(userName: string): void {
    this.requireUser(userName).loginProfile = undefined;
  }

  setMfaActive(userName: string, active: boolean): void {
    this.requireUser(userName).mfaActive = active;
  }

  /** Adds a key to a user (next free report slot); returns its id. */
  addAccessKey(userName: string, seed: SeedAccessKey): string {
    const user = this.requireUser(userName);
    if (user.accessKeys.length >= MAX_KEYS)
      throw new Error(`fake-aws: user ${userName} already has two keys`);
    const key = this.newKey(user.userName, seed, `user ${user.userName}`);
    user.accessKeys.push(key);
    return key.accessKeyId;
  }

  setRoot(seed: SeedRoot): void {
    const keys = seed.accessKeys ?? [];
    if (keys.length > MAX_KEYS) throw new Error("fake-aws: root can have at most two keys");
    this.root.accessKeys = []; // the old root keys' ids become free again
    this.root = {
      arn: this.root.arn,
      createDate: toDate(seed.createDate ?? DEFAULT_ROOT_CREATE_DATE, "root createDate"),
      passwordLastUsed:
        seed.passwordLastUsed === undefined
          ? undefined
          : toDate(seed.passwordLastUsed, "root passwordLastUsed"),
      mfaActive: seed.mfaActive ?? false,
      accessKeys: keys.map((key) => this.newKey(undefined, key, "root")),
    };
  }

  /** The key with this id (users' and root's) and its owner, or `undefined`. */
  findAccessKey(accessKeyId: string): { key: AccessKeyRecord; user: UserRecord | undefined } | undefined {
    for (const key of this.root.accessKeys) {
      if (key.accessKeyId === accessKeyId) return { key, user: undefined };
    }
    for (const user of this.users.values()) {
      for (const key of user.accessKeys) {
        if (key.accessKeyId === accessKeyId) return { key, user };
      }
    }
    return undefined;
  }

  /** The key, or throws (for seeding helpers). */
  requireAccessKey(accessKeyId: string): AccessKeyRecord {
    const found = this.findAccessKey(accessKeyId);
    if (!found) throw new Error(`fake-aws: no access key ${accessKeyId}`);
    return found.key;
  }

  removeAccessKey(accessKeyId: string): void {
    this.requireAccessKey(accessKeyId);
    const owners = [this.root.accessKeys, ...[...this.users.values()].map((user) => user.accessKeys)];
    for (const keys of owners) {
      const index = keys.findIndex((key) => key.accessKeyId === accessKeyId);
      if (index >= 0) keys.splice(index, 1);
    }
  }

  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void {
    this.requireAccessKey(accessKeyId).status = status;
  }

  markAccessKeyUsed(accessKeyId: string, usage: SeedKeyUsage): void {
    this.requireAccessKey(accessKeyId).lastUsed = toUsage(usage, accessKeyId);
  }

  private newKey(userName: string | undefined, seed: SeedAccessKey, owner: string): AccessKeyRecord {
    let accessKeyId = seed.accessKeyId;
    if (accessKeyId === undefined) {
      do {
        accessKeyId = `AKIAFAKE${String(this.nextKeyNumber++).padStart(12, "0")}`;
      } while (this.findAccessKey(accessKeyId));
    } else if (this.findAccessKey(accessKeyId)) {
      throw new Error(`fake-aws: access key ${accessKeyId} already exists`);
    }
    return {
      accessKeyId,
      userName,
      status: seed.status ?? "Active",
      createDate: toDate(seed.createDate, `createDate of a key of ${owner}`),
      lastUsed: seed.lastUsed === undefined ? undefined : toUsage(seed.lastUsed, accessKeyId),
    };
  }
}

function toUsage(usage: SeedKeyUsage, accessKeyId: string): AccessKeyRecord["lastUsed"] {
  return {
    date: toDate(usage.date, `lastUsed.date of ${accessKeyId}`),
    serviceName: usage.serviceName,
    region: usage.region,
  };
}
