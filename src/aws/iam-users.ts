/**
 * Reads IAM users and their credentials through the IAM API, as plain typed data. Every list is
 * followed through all its pages (`IsTruncated`/`Marker`) with the SDK's paginators. Errors become
 * {@link AwsApiError}s naming the IAM action, the account and, on AccessDenied, the missing permission.
 *
 * Sources: IAM API Reference — ListUsers, GetUser, GetLoginProfile, ListAccessKeys,
 * GetAccessKeyLastUsed, ListUserTags, ListMFADevices.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListUsers,
  paginateListUserTags,
} from "@aws-sdk/client-iam";
import type { AccessKey, AccessKeyLastUsed, IamUser, LoginProfile } from "../snapshot/iam.js";
import { awsErrorCode, callAws } from "./errors.js";

export type { AccessKey, AccessKeyLastUsed, IamUser, LoginProfile } from "../snapshot/iam.js";

/** An MFA device assigned to a user. */
export interface MfaDevice {
  readonly serialNumber: string;
  readonly enableDate: Date | null;
}

/** A user tag. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

function toUser(user: {
  UserName?: string;
  UserId?: string;
  Arn?: string;
  Path?: string;
  CreateDate?: Date;
  PasswordLastUsed?: Date;
}): IamUser {
  return {
    userName: user.UserName ?? "",
    userId: user.UserId ?? "",
    arn: user.Arn ?? "",
    path: user.Path ?? "/",
    createDate: user.CreateDate ?? new Date(0),
    ...(user.PasswordLastUsed ? { passwordLastUsed: user.PasswordLastUsed } : {}),
  };
}

/** iam:ListUsers, every page, 1,000 users per page (the API's largest `MaxItems`). */
export async function listUsers(iam: IAMClient, accountId?: string): Promise<IamUser[]> {
  return callAws("iam:ListUsers", accountId, async () => {
    const users: IamUser[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, {})) {
      for (const user of page.Users ?? []) users.push(toUser(user));
    }
    return users;
  });
}

/** iam:GetUser; null when the user does not exist (NoSuchEntity). */
export async function getUser(iam: IAMClient, userName: string, accountId?: string): Promise<IamUser | null> {
  return callAws("iam:GetUser", accountId, async () => {
    try {
      const output = await iam.send(new GetUserCommand({ UserName: userName }));
      return output.User ? toUser(output.User) : null;
    } catch (error) {
      if (awsErrorCode(error) === "NoSuchEntity") return null;
      throw error;
    }
  });
}

/** iam:GetLoginProfile; null when the user has no console password (NoSuchEntity). */
export async function getLoginProfile(
  iam: IAMClient,
  userName: string,
  accountId?: string,
): Promise<LoginProfile | null> {
  return callAws("iam:GetLoginProfile", accountId, async () => {
    try {
      const output = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
      const profile = output.LoginProfile;
      return profile
        ? {
            createDate: profile.CreateDate ?? new Date(0),
            passwordResetRequired: profile.PasswordResetRequired ?? false,
          }
        : null;
    } catch (error) {
      if (awsErrorCode(error) === "NoSuchEntity") return null;
      throw error;
    }
  });
}

/** iam:ListAccessKeys for one user, every page. */
export async function listAccessKeys(
  iam: IAMClient,
  userName: string,
  accountId?: string,
): Promise<AccessKey[]> {
  return callAws("iam:ListAccessKeys", accountId, async () => {
    const keys: AccessKey[] = [];
    for await (const page of paginateListAccessKeys({ client: iam }, { UserName: userName })) {
      for (const key of page.AccessKeyMetadata ?? []) {
        keys.push({
          accessKeyId: key.AccessKeyId ?? "",
          userName: key.UserName ?? userName,
          status: key.Status === "Active" ? "Active" : "Inactive",
          createDate: key.CreateDate ?? new Date(0),
        });
      }
    }
    return keys;
  });
}

/** iam:GetAccessKeyLastUsed. A never-used key has no date and service/region `N/A` (returned as null). */
export async function getAccessKeyLastUsed(
  iam: IAMClient,
  accessKeyId: string,
  accountId?: string,
): Promise<AccessKeyLastUsed> {
  return callAws("iam:GetAccessKeyLastUsed", accountId, async () => {
    const output = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
    const used = output.AccessKeyLastUsed;
    const text = (value: string | undefined) => (value && value !== "N/A" ? value : null);
    return {
      date: used?.LastUsedDate ?? null,
      serviceName: text(used?.ServiceName),
      region: text(used?.Region),
    };
  });
}

/** iam:ListUserTags, every page. */
export async function listUserTags(iam: IAMClient, userName: string, accountId?: string): Promise<Tag[]> {
  return callAws("iam:ListUserTags", accountId, async () => {
    const tags: Tag[] = [];
    for await (const page of paginateListUserTags({ client: iam }, { UserName: userName })) {
      for (const tag of page.Tags ?? []) tags.push({ key: tag.Key ?? "", value: tag.Value ?? "" });
    }
    return tags;
  });
}

/** iam:ListMFADevices for one user, every page. */
export async function listMfaDevices(
  iam: IAMClient,
  userName: string,
  accountId?: string,
): Promise<MfaDevice[]> {
  return callAws("iam:ListMFADevices", accountId, async () => {
    const devices: MfaDevice[] = [];
    for await (const page of paginateListMFADevices({ client: iam }, { UserName: userName })) {
      for (const device of page.MFADevices ?? [])
        devices.push({ serialNumber: device.SerialNumber ?? "", enableDate: device.EnableDate ?? null });
    }
    return devices;
  });
}
