/**
 * Everything the IAM API says about one user, for `cloudpatrol explain`: GetUser, GetLoginProfile,
 * ListMFADevices, ListAccessKeys with GetAccessKeyLastUsed per key, ListUserTags. Reading only.
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import type { AccessKey, AccessKeyLastUsed, IamUser, LoginProfile } from "../snapshot/iam.js";
import {
  getAccessKeyLastUsed,
  getLoginProfile,
  getUser,
  listAccessKeys,
  listMfaDevices,
  listUserTags,
  type MfaDevice,
  type Tag,
} from "./iam-users.js";

/** The IAM actions {@link getUserDetails} calls (`explain`'s reads), for the least-privilege policy. */
export const USER_DETAILS_ACTIONS: readonly string[] = [
  "iam:GetUser",
  "iam:GetLoginProfile",
  "iam:ListMFADevices",
  "iam:ListAccessKeys",
  "iam:GetAccessKeyLastUsed",
  "iam:ListUserTags",
];

/** One user as the API describes it at `checkedAt`. Never holds a secret access key. */
export interface UserDetails {
  readonly user: IamUser;
  readonly loginProfile: LoginProfile | null;
  readonly mfaDevices: readonly MfaDevice[];
  readonly accessKeys: readonly (AccessKey & { readonly lastUsed: AccessKeyLastUsed })[];
  readonly tags: readonly Tag[];
  /** When the reading finished (UTC). */
  readonly checkedAt: Date;
}

/**
 * Reads one user through the IAM API. GetUser runs first, so an unknown user costs one call.
 * @returns null when the user does not exist (GetUser: NoSuchEntity).
 * @throws {@link AwsApiError} naming the IAM action when a call fails (AccessDenied names the permission).
 */
export async function getUserDetails(
  iam: IAMClient,
  userName: string,
  accountId?: string,
): Promise<UserDetails | null> {
  const user = await getUser(iam, userName, accountId);
  if (!user) return null;
  const name = user.userName || userName;
  const [loginProfile, mfaDevices, keys, tags] = await Promise.all([
    getLoginProfile(iam, name, accountId),
    listMfaDevices(iam, name, accountId),
    listAccessKeys(iam, name, accountId),
    listUserTags(iam, name, accountId),
  ]);
  const accessKeys = await Promise.all(
    keys.map(async (key) => ({
      ...key,
      lastUsed: await getAccessKeyLastUsed(iam, key.accessKeyId, accountId),
    })),
  );
  return { user, loginProfile, mfaDevices, accessKeys, tags, checkedAt: new Date() };
}
