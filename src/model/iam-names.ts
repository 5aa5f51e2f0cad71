/**
 * The forms IAM gives the names it acts on, for values that come from files rather than from IAM.
 */

/** An IAM user name as IAM allows it (CreateUser `UserName`): 1 to 64 of `A-Za-z0-9+=,.@_-`. */
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * An access key id as IAM gives it: `AKIA` (a user's long-term key) or `ASIA` (temporary credentials)
 * and upper-case letters and digits, 16 to 128 characters in all (AccessKeyMetadata `AccessKeyId`'s
 * length). IAM never gives a lower-case one: `akia...` in a file is not a key IAM has.
 */
const ACCESS_KEY_ID = /^A[KS]IA[A-Z0-9]{12,124}$/;

/** Whether `name` is a user name IAM can have. */
export function isIamUserName(name: string): boolean {
  return IAM_USER_NAME.test(name);
}

/** Whether `id` is an access key id IAM can give. */
export function isAccessKeyId(id: string): boolean {
  return ACCESS_KEY_ID.test(id);
}

/** The account and user name an IAM user's ARN names. */
export interface IamUserOfArn {
  readonly accountId: string;
  /** The name after the user's path (`alice` of `user/dev/alice`). */
  readonly userName: string;
}

/**
 * The account and user an IAM user ARN (`arn:<partition>:iam::<account>:user[/<path>]/<name>`) names,
 * or undefined when `arn` is no IAM user ARN.
 */
export function iamUserOfArn(arn: string): IamUserOfArn | undefined {
  const [prefix, partition, service, region, accountId, ...rest] = arn.split(":");
  const resource = rest.join(":");
  if (prefix !== "arn" || !partition || service !== "iam" || region !== "" || !accountId) return undefined;
  if (!resource.startsWith("user/")) return undefined;
  const userName = resource.slice(resource.lastIndexOf("/") + 1);
  return userName === "" ? undefined : { accountId, userName };
}

/** STS AssumeRole `RoleSessionName`: 2 to 64 of `A-Za-z0-9+=,.@_-`. */
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** STS AssumeRole `ExternalId`: 2 to 1,224 of `A-Za-z0-9+=,.@:/_-`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** IAM CreateRole `RoleName`: 1 to 64 of `A-Za-z0-9+=,.@_-`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** IAM CreateRole `Path`: `/` alone, or 1 to 512 characters from `!` to DEL starting and ending with `/`. */
const ROLE_PATH = /^(?:\/|\/[\u0021-\u007f]+\/)$/;

/** The longest role path IAM accepts (CreateRole `Path`). */
const ROLE_PATH_MAX = 512;

/** Whether `name` is a `RoleSessionName` STS AssumeRole accepts. */
export function isRoleSessionName(name: string): boolean {
  return ROLE_SESSION_NAME.test(name);
}

/** Whether `id` is an `ExternalId` STS AssumeRole accepts. */
export function isExternalId(id: string): boolean {
  return EXTERNAL_ID.test(id);
}

/**
 * Whether `name` is a role name IAM can have, optionally after its path without or with the leading
 * slash (`audit/CloudPatrolAudit`, `/audit/CloudPatrolAudit`): what follows `role/` in the role's ARN.
 */
export function isRoleNameWithPath(name: string): boolean {
  const relative = name.replace(/^\/+/, "");
  const slash = relative.lastIndexOf("/");
  const path = `/${relative.slice(0, slash + 1)}`;
  return ROLE_NAME.test(relative.slice(slash + 1)) && path.length <= ROLE_PATH_MAX && ROLE_PATH.test(path);
}
