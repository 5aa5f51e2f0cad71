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

/**
 * One segment of a role path as `--role-name` takes it: printable ASCII but `/` (IAM allows `!` to DEL
 * in a path; DEL, a control character, is left out).
 */
const PATH_SEGMENT = /^[\u0021-\u002e\u0030-\u007e]+$/;

/** The longest role path IAM accepts (CreateRole `Path`, both slashes included). */
const ROLE_PATH_MAX = 512;

/** Whether `name` is a `RoleSessionName` STS AssumeRole accepts. */
export function isRoleSessionName(name: string): boolean {
  return ROLE_SESSION_NAME.test(name);
}

/** Whether `id` is an `ExternalId` STS AssumeRole accepts. */
export function isExternalId(id: string): boolean {
  return EXTERNAL_ID.test(id);
}

/** What `--role-name` takes, for its error messages. */
const ROLE_NAME_FORM =
  "--role-name takes an IAM role name, 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -, optionally after a path (audit/CloudPatrolAudit).";

/**
 * Why `value` is not what `--role-name` (the library's `roleName`) takes, or undefined when it is: a
 * role name IAM can have, optionally after its path, written as it follows `role/` in the role's ARN
 * (`audit/CloudPatrolAudit` for `arn:aws:iam::111111111111:role/audit/CloudPatrolAudit`). No leading
 * `/`, no empty, `.` or `..` segment (a role path is matched as written, never resolved), each segment
 * of printable ASCII, the path (`/audit/`) at most 512 characters.
 */
export function roleNameProblem(value: string): string | undefined {
  if (value.startsWith("arn:"))
    return "--role-name takes the role's name (the role is assumed in each account), not an ARN: e.g. CloudPatrolAudit or audit/CloudPatrolAudit.";
  if (value.startsWith("/"))
    return "--role-name takes the path without a leading /, as the role's ARN writes it after role/: audit/CloudPatrolAudit, not /audit/CloudPatrolAudit.";
  const segments = value.split("/");
  const name = segments.pop() as string;
  if (segments.includes(""))
    return "--role-name has an empty path segment (//): write each part of the path once, between single slashes (audit/CloudPatrolAudit).";
  if (segments.some((segment) => segment === "." || segment === ".."))
    return "--role-name has a . or .. path segment: a role's path is matched as written, never resolved; name the path itself (audit/CloudPatrolAudit).";
  const path = `/${segments.map((segment) => `${segment}/`).join("")}`;
  if (!ROLE_NAME.test(name) || !segments.every((segment) => PATH_SEGMENT.test(segment)))
    return ROLE_NAME_FORM;
  if (path.length > ROLE_PATH_MAX)
    return `--role-name has a path of ${path.length} characters, its slashes included; IAM allows at most ${ROLE_PATH_MAX}.`;
  return undefined;
}

/** Why `value` is not a `--role-session-name` (AssumeRole's `RoleSessionName`), or undefined. */
export function roleSessionNameProblem(value: string): string | undefined {
  return isRoleSessionName(value)
    ? undefined
    : "--role-session-name takes 2 to 64 characters of A-Z a-z 0-9 + = , . @ _ - (AssumeRole's RoleSessionName).";
}

/** Why `value` is not an `--external-id` (AssumeRole's `ExternalId`), or undefined. */
export function externalIdProblem(value: string): string | undefined {
  return isExternalId(value)
    ? undefined
    : "--external-id takes 2 to 1224 characters of A-Z a-z 0-9 + = , . @ : / _ - (AssumeRole's ExternalId).";
}
