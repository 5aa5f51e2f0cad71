/**
 * IAM account-wide actions of the fake: GetAccountPasswordPolicy (NoSuchEntity when the account has
 * no policy), GetAccountSummary (derived from the state, with overrides) and ListVirtualMFADevices
 * (paginated, `AssignmentStatus` filter). Shapes follow /work/shared/samples/iam-query-xml/.
 */
import type { ActionContext, ActionHandler } from "./iam-actions.js";
import type { IamState } from "./iam-state.js";
import { QueryError, XmlMap, type XmlObject } from "./query-protocol.js";

const DEFAULT_MAX_ITEMS = 100;

/** Quotas as a fresh account reports them. */
const QUOTAS: Readonly<Record<string, number>> = {
  GroupPolicySizeQuota: 5120,
  PolicyVersionsInUseQuota: 10000,
  ServerCertificatesQuota: 20,
  UsersQuota: 5000,
  UserPolicySizeQuota: 2048,
  GroupsPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  VersionsPerPolicyQuota: 5,
  GroupsQuota: 300,
  PolicySizeQuota: 6144,
  AttachedPoliciesPerRoleQuota: 10,
  PoliciesQuota: 1500,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  GlobalEndpointTokenVersion: 1,
};

/** One listed virtual MFA device. */
interface DeviceView {
  readonly serialNumber: string;
  readonly enableDate: Date | undefined;
  readonly user: XmlObject | undefined;
}

/** Every virtual MFA device: seeded ones, then one per user with `mfaActive` and no seeded device. */
export function virtualMfaDevices(state: IamState): DeviceView[] {
  const seeded = state.account.virtualMfaDevices.map((device): DeviceView => {
    let user: XmlObject | undefined;
    if (device.assignedTo === "root") {
      user = { UserId: state.accountId, Arn: state.root.arn, CreateDate: state.root.createDate };
    } else if (device.assignedTo !== undefined) {
      const owner = state.requireUser(device.assignedTo);
      user = {
        Path: owner.path,
        UserName: owner.userName,
        UserId: owner.userId,
        Arn: owner.arn,
        CreateDate: owner.createDate,
      };
    }
    return { serialNumber: device.serialNumber, enableDate: device.enableDate, user };
  });
  const owners = new Set(state.account.virtualMfaDevices.map((device) => device.assignedTo?.toLowerCase()));
  const derived = state
    .listUsers()
    .filter((user) => user.mfaActive && !owners.has(user.userName.toLowerCase()))
    .map(
      (user): DeviceView => ({
        serialNumber: `arn:aws:iam::${state.accountId}:mfa/${user.userName}`,
        enableDate: user.createDate,
        user: {
          Path: user.path,
          UserName: user.userName,
          UserId: user.userId,
          Arn: user.arn,
          CreateDate: user.createDate,
        },
      }),
    );
  return [...seeded, ...derived];
}

function summary(state: IamState): Record<string, number | null> {
  const devices = virtualMfaDevices(state);
  const rootHardware = state.root.mfaActive && !devices.some((device) => device.user?.Arn === state.root.arn);
  const inUse = devices.filter((device) => device.user !== undefined).length + (rootHardware ? 1 : 0);
  return {
    Users: state.listUsers().length,
    Groups: 0,
    Policies: 0,
    PolicyVersionsInUse: 0,
    ServerCertificates: 0,
    MFADevices: devices.length + (rootHardware ? 1 : 0),
    MFADevicesInUse: inUse,
    AccountMFAEnabled: state.root.mfaActive ? 1 : 0,
    AccountAccessKeysPresent: state.root.accessKeys.length > 0 ? 1 : 0,
    AccountPasswordPresent: state.account.rootPasswordPresent ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    ...QUOTAS,
    ...state.account.summaryOverrides,
  };
}

function page<T>(items: readonly T[], params: Readonly<Record<string, string>>) {
  const maxItems = params.MaxItems === undefined ? DEFAULT_MAX_ITEMS : Number(params.MaxItems);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw new QueryError(
      "ValidationError",
      `1 validation error detected: Value '${params.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  let start = 0;
  if (params.Marker !== undefined) {
    const match = /^fake-aws-mfa-marker:(\d+)$/.exec(Buffer.from(params.Marker, "base64").toString("utf8"));
    if (!match?.[1]) throw new QueryError("InvalidInput", "Invalid Marker.");
    start = Number(match[1]);
  }
  const end = start + maxItems;
  const isTruncated = end < items.length;
  return {
    items: items.slice(start, end),
    isTruncated,
    marker: isTruncated ? Buffer.from(`fake-aws-mfa-marker:${end}`, "utf8").toString("base64") : undefined,
  };
}

/** The account-wide IAM actions, merged into `IAM_ACTIONS`. */
export const IAM_ACCOUNT_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  GetAccountPasswordPolicy: (_params, { state }: ActionContext) => {
    const policy = state.account.passwordPolicy;
    if (!policy) {
      throw new QueryError(
        "NoSuchEntity",
        `The Password Policy with domain name ${state.accountId} cannot be found.`,
      );
    }
    return {
      PasswordPolicy: {
        AllowUsersToChangePassword: policy.allowUsersToChangePassword,
        RequireUppercaseCharacters: policy.requireUppercaseCharacters,
        RequireSymbols: policy.requireSymbols,
        ExpirePasswords: policy.maxPasswordAge !== undefined,
        PasswordReusePrevention: policy.passwordReusePrevention,
        RequireLowercaseCharacters: policy.requireLowercaseCharacters,
        MaxPasswordAge: policy.maxPasswordAge,
        HardExpiry: policy.hardExpiry,
        RequireNumbers: policy.requireNumbers,
        MinimumPasswordLength: policy.minimumPasswordLength,
      },
    };
  },

  GetAccountSummary: (_params, { state }: ActionContext) => ({
    SummaryMap: new XmlMap(
      Object.entries(summary(state)).flatMap(([key, value]) =>
        value === null ? [] : [[key, value] as const],
      ),
    ),
  }),

  ListVirtualMFADevices: (params, { state }: ActionContext) => {
    const status = params.AssignmentStatus ?? "Any";
    if (!["Assigned", "Unassigned", "Any"].includes(status)) {
      throw new QueryError(
        "ValidationError",
        `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`,
      );
    }
    const devices = virtualMfaDevices(state).filter((device) =>
      status === "Any" ? true : (device.user !== undefined) === (status === "Assigned"),
    );
    const served = page(devices, params);
    return {
      IsTruncated: served.isTruncated,
      VirtualMFADevices: served.items.map((device) => ({
        SerialNumber: device.serialNumber,
        EnableDate: device.enableDate,
        User: device.user,
      })),
      Marker: served.marker,
    };
  },
};
