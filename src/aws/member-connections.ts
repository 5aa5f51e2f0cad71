/**
 * Connections for the accounts of a multi-account run after the scan (sending each account's findings
 * to its own Security Hub): the caller's own account keeps the caller's connection; every other account
 * gets credentials from STS AssumeRole into the run's role, as the scan did (assume-role.ts).
 */
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { type CallerAccount, getCallerAccount } from "./account.js";
import { assumeRole, DEFAULT_ROLE_NAME, DEFAULT_ROLE_SESSION_NAME, roleArn } from "./assume-role.js";
import { type AwsConnection, makeClient } from "./clients.js";

/**
 * `connection` with assumed-role credentials in place of its own: the profile is dropped, since a
 * profile's own credentials would win over explicit ones.
 */
function assumedConnection(connection: AwsConnection, credentials: AwsCredentialIdentity): AwsConnection {
  const { profile: _profile, ...withoutProfile } = connection;
  return { ...withoutProfile, credentials };
}

/**
 * `connection` for the member account `member.accountId` (in the caller's `member.partition`): the
 * credentials of sts:AssumeRole, through `sts`, into `role` there, as {@link assumedConnection} puts them.
 * @throws {@link AwsApiError} naming `sts:AssumeRole`, the account and the missing permission.
 */
export async function memberConnection(
  sts: STSClient,
  connection: AwsConnection,
  member: { readonly partition: string; readonly accountId: string },
  role: MemberRole,
): Promise<AwsConnection> {
  const credentials = await assumeRole(sts, {
    roleArn: roleArn(member.partition, member.accountId, role.roleName ?? DEFAULT_ROLE_NAME),
    accountId: member.accountId,
    sessionName: role.sessionName ?? DEFAULT_ROLE_SESSION_NAME,
    ...(role.externalId !== undefined ? { externalId: role.externalId } : {}),
  });
  return assumedConnection(connection, credentials);
}

/** The role of a multi-account run (`--role-name`, `--external-id`, `--role-session-name`). */
export interface MemberRole {
  /** Default {@link DEFAULT_ROLE_NAME}. */
  readonly roleName?: string;
  readonly externalId?: string;
  /** Default {@link DEFAULT_ROLE_SESSION_NAME}. */
  readonly sessionName?: string;
}

/** What {@link memberConnections} gives. */
export interface MemberConnections {
  /**
   * The connection for `accountId`: `connection` itself for the caller's account, else one with the
   * credentials of AssumeRole into the role in that account (one AssumeRole per call).
   * @throws {@link AwsApiError} naming `sts:GetCallerIdentity` (the caller is identified once, on first
   *   use) or `sts:AssumeRole`, the account and the missing permission.
   */
  connectionFor(accountId: string): Promise<AwsConnection>;
  /** Closes the STS client. */
  destroy(): void;
}

/** Connections for the accounts of a run made with `connection` and `role` (see the module comment). */
export function memberConnections(connection: AwsConnection, role: MemberRole): MemberConnections {
  let sts: STSClient | undefined;
  let caller: Promise<CallerAccount> | undefined;
  const stsClient = () => {
    sts ??= makeClient(STSClient, "sts", connection);
    return sts;
  };
  return {
    async connectionFor(accountId) {
      caller ??= getCallerAccount(stsClient());
      const { accountId: own, partition } = await caller;
      if (accountId === own) return connection;
      return memberConnection(stsClient(), connection, { partition, accountId }, role);
    },
    destroy() {
      sts?.destroy();
    },
  };
}
