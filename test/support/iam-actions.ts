/**
 * IAM actions (API 2010-05-08): each handler takes the decoded form parameters and returns the content
 * of `<{Action}Result>` (or `undefined` for output-less operations), or throws a {@link QueryError}.
 */
import { IAM_ACCOUNT_ACTIONS } from "./iam-actions-account.js";
import { AUTHORIZATION_ACTIONS } from "./iam-actions-authorization.js";
import type { AccessKeyRecord, IamState, UserRecord } from "./iam-state.js";
import { QueryError, type XmlObject } from "./query-protocol.js";
import type { CredentialReportMachine } from "./report-control.js";

/** What an action handler can see. */
export interface ActionContext {
  readonly state: IamState;
  readonly report: CredentialReportMachine;
  /** The calling IAM user: the seeded user of that name if any, else a synthetic one. */
  readonly caller: () => UserRecord;
}

/** One Query-protocol action. */
export type ActionHandler = (
  params: Readonly<Record<string, string>>,
  context: ActionContext,
) => XmlObject | undefined;

const DEFAULT_MAX_ITEMS = 100;

/** IAM actions by name. */
export const IAM_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  GenerateCredentialReport: (_params, { report }) => ({ ...report.generate() }),

  GetCredentialReport: (_params, { report }) => ({ ...report.get() }),

  ListUsers: (params, { state }) => {
    const prefix = params.PathPrefix ?? "/";
    const users = state.listUsers().filter((user) => user.path.startsWith(prefix));
    const served = state.listUsersPageSizes.shift();
    const page = paginate(users, served === undefined ? params : { ...params, MaxItems: String(served) });
    return { Users: page.items.map(userXml), IsTruncated: page.isTruncated, Marker: page.marker };
  },

  GetUser: (params, context) => {
    const user = params.UserName === undefined ? context.caller() : findUser(context.state, params.UserName);
    return { User: { ...userXml(user), Tags: user.tags.length > 0 ? user.tags : undefined } };
  },

  GetLoginProfile: (params, { state }) => {
    const user = findUser(state, required(params, "UserName"));
    if (!user.loginProfile) {
      throw new QueryError("NoSuchEntity", `Login Profile for User ${user.userName} cannot be found.`);
    }
    return {
      LoginProfile: {
        UserName: user.userName,
        CreateDate: user.loginProfile.createDate,
        PasswordResetRequired: false,
      },
    };
  },

  ListAccessKeys: (params, context) => {
    const user = userOrCaller(params, context);
    return {
      AccessKeyMetadata: user.accessKeys.map((key) => ({
        UserName: user.userName,
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        CreateDate: key.createDate,
      })),
      IsTruncated: false,
    };
  },

  GetAccessKeyLastUsed: (params, { state }) => {
    const accessKeyId = required(params, "AccessKeyId");
    const found = state.findAccessKey(accessKeyId);
    if (!found) throw noSuchAccessKey(accessKeyId);
    const used = found.key.lastUsed;
    return {
      UserName: found.user?.userName,
      AccessKeyLastUsed: {
        LastUsedDate: used?.date,
        ServiceName: used?.serviceName ?? "N/A",
        Region: used?.region ?? "N/A",
      },
    };
  },

  UpdateAccessKey: (params, context) => {
    const status = required(params, "Status");
    if (status !== "Active" && status !== "Inactive") {
      throw validationError(
        `Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
      );
    }
    ownKey(params, context).status = status;
    return undefined;
  },

  DeleteAccessKey: (params, context) => {
    context.state.removeAccessKey(ownKey(params, context).accessKeyId);
    return undefined;
  },

  ListUserTags: (params, { state }) => {
    const user = findUser(state, required(params, "UserName"));
    return { Tags: user.tags, IsTruncated: false };
  },

  ListMFADevices: (params, context) => {
    const user = userOrCaller(params, context);
    const devices = user.mfaActive
      ? [
          {
            UserName: user.userName,
            SerialNumber: `arn:aws:iam::${context.state.accountId}:mfa/${user.userName}`,
            EnableDate: user.createDate,
          },
        ]
      : [];
    return { MFADevices: devices, IsTruncated: false };
  },

  ...AUTHORIZATION_ACTIONS,

  ...IAM_ACCOUNT_ACTIONS,
};

function userXml(user: UserRecord): XmlObject {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PasswordLastUsed: user.loginProfile?.passwordLastUsed,
  };
}

function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw validationError(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function validationError(detail: string): QueryError {
  return new QueryError("ValidationError", `1 validation error detected: ${detail}`);
}

function findUser(state: IamState, userName: string): UserRecord {
  const user = state.findUser(userName);
  if (!user) throw new QueryError("NoSuchEntity", `The user with name ${userName} cannot be found.`);
  return user;
}

function userOrCaller(params: Readonly<Record<string, string>>, context: ActionContext): UserRecord {
  return params.UserName === undefined ? context.caller() : findUser(context.state, params.UserName);
}

function noSuchAccessKey(accessKeyId: string): QueryError {
  return new QueryError("NoSuchEntity", `The Access Key with id ${accessKeyId} cannot be found.`);
}

/** The key named by `AccessKeyId`, which must belong to `UserName` (default: the caller). */
function ownKey(params: Readonly<Record<string, string>>, context: ActionContext): AccessKeyRecord {
  const accessKeyId = required(params, "AccessKeyId");
  const user = userOrCaller(params, context);
  const key = user.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key) throw noSuchAccessKey(accessKeyId);
  return key;
}

/** One page of `items` per `MaxItems` (1–1000, default 100) and the opaque `Marker` of the previous page. */
function paginate<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
): { items: T[]; isTruncated: boolean; marker: string | undefined } {
  const maxItems = params.MaxItems === undefined ? DEFAULT_MAX_ITEMS : Number(params.MaxItems);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw validationError(
      `Value '${params.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  const start = params.Marker === undefined ? 0 : decodeMarker(params.Marker);
  const end = start + maxItems;
  const isTruncated = end < items.length;
  return { items: items.slice(start, end), isTruncated, marker: isTruncated ? encodeMarker(end) : undefined };
}

function encodeMarker(offset: number): string {
  return Buffer.from(`fake-aws-marker:${offset}`, "utf8").toString("base64");
}

function decodeMarker(marker: string): number {
  const match = Buffer.from(marker, "base64")
    .toString("utf8")
    .match(/^fake-aws-marker:(\d+)$/);
  if (!match?.[1]) throw new QueryError("InvalidInput", "Invalid Marker.");
  return Number(match[1]);
}
