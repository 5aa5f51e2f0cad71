/**
 * Literal snapshots for the IAM authorization rules (1.15–1.17, 1.19, 1.21): users, groups, roles and
 * policies as GetAccountAuthorizationDetails describes them, documents already decoded.
 */
import type {
  AuthorizationData,
  AuthorizationGroup,
  AuthorizationRole,
  AuthorizationUser,
  ManagedPolicy,
} from "../../../src/snapshot/authorization.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";

export const ACCOUNT = "111122223333";
export const SCAN_TIME = new Date("2026-03-02T12:00:00Z");
const CREATED = new Date("2025-01-01T00:00:00Z");

export function user(userName: string, fields: Partial<AuthorizationUser> = {}): AuthorizationUser {
  return {
    userName,
    userId: `AIDA${userName.toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    path: "/",
    createDate: CREATED,
    groups: [],
    attachedManagedPolicies: [],
    inlinePolicies: [],
    ...fields,
  };
}

export function group(groupName: string, fields: Partial<AuthorizationGroup> = {}): AuthorizationGroup {
  return {
    groupName,
    groupId: `AGPA${groupName.toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:group/${groupName}`,
    path: "/",
    createDate: CREATED,
    attachedManagedPolicies: [],
    inlinePolicies: [],
    ...fields,
  };
}

export function role(roleName: string, fields: Partial<AuthorizationRole> = {}): AuthorizationRole {
  return {
    roleName,
    roleId: `AROA${roleName.toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
    path: "/",
    createDate: CREATED,
    attachedManagedPolicies: [],
    inlinePolicies: [],
    ...fields,
  };
}

/** A managed policy whose versions are v1..vN; `defaultIndex` (0-based) is the default, else the last. */
export function policy(
  policyName: string,
  documents: readonly unknown[],
  options: { awsManaged?: boolean; defaultIndex?: number } = {},
): ManagedPolicy {
  const owner = options.awsManaged ? "aws" : ACCOUNT;
  const defaultIndex = options.defaultIndex ?? documents.length - 1;
  return {
    policyName,
    policyId: `ANPA${policyName.toUpperCase()}`,
    arn: `arn:aws:iam::${owner}:policy/${policyName}`,
    path: "/",
    defaultVersionId: `v${defaultIndex + 1}`,
    attachmentCount: 1,
    awsManaged: options.awsManaged === true,
    versions: documents.map((value, index) => ({
      versionId: `v${index + 1}`,
      isDefaultVersion: index === defaultIndex,
      createDate: CREATED,
      document: { ok: true, value },
    })),
  };
}

export function attachment(managed: ManagedPolicy) {
  return { policyName: managed.policyName, policyArn: managed.arn };
}

export function doc(statement: unknown): unknown {
  return { Version: "2012-10-17", Statement: statement };
}

export function snapshot(authorization: AuthorizationData, errors: CollectionError[] = []): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: SCAN_TIME,
    source: "aws",
    errors,
    authorization,
  };
}

export function details(parts: {
  users?: AuthorizationUser[];
  groups?: AuthorizationGroup[];
  roles?: AuthorizationRole[];
  policies?: ManagedPolicy[];
}): AuthorizationData {
  return {
    details: {
      users: parts.users ?? [],
      groups: parts.groups ?? [],
      roles: parts.roles ?? [],
      policies: parts.policies ?? [],
    },
  };
}
