/**
 * Credentials for a member account: STS AssumeRole
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html) into
 * `arn:<partition>:iam::<account>:role/<role name>`.
 */
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { AwsApiError } from "../model/errors.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** The role name `--role-name` defaults to. */
export const DEFAULT_ROLE_NAME = "CloudPatrolAudit";
/** The session name `--role-session-name` defaults to (shows in the member's CloudTrail). */
export const DEFAULT_ROLE_SESSION_NAME = "cloudpatrol";

/** The role ARN in `partition` (`aws`, `aws-us-gov`, `aws-cn`). A name may carry a path (`audit/CloudPatrol`). */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, "")}`;
}

/** Options of {@link assumeRole}. */
export interface AssumeRoleOptions {
  readonly roleArn: string;
  /** The account the role is in, for error messages. */
  readonly accountId: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  /** Default 3600 (the role's maximum may be lower or higher). */
  readonly durationSeconds?: number;
}

/**
 * Calls sts:AssumeRole with the caller's credentials.
 * @throws {@link AwsApiError} naming `sts:AssumeRole`, the account and the reason.
 */
export async function assumeRole(sts: STSClient, options: AssumeRoleOptions): Promise<AwsCredentialIdentity> {
  try {
    const output = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName ?? DEFAULT_ROLE_SESSION_NAME,
        DurationSeconds: options.durationSeconds ?? 3600,
        ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
      }),
    );
    const credentials = output.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey)
      throw new Error("AssumeRole returned no credentials");
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
      ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
    };
  } catch (error) {
    const code = awsErrorCode(error) ?? (error instanceof Error ? error.name : "Error");
    throw new AwsApiError(
      `sts:AssumeRole`,
      options.accountId,
      code,
      `${describeAwsError(error)} (role ${options.roleArn})`,
      {
        cause: error,
        ...(isAccessDenied(error) ? { missingPermission: `sts:AssumeRole on ${options.roleArn}` } : {}),
      },
    );
  }
}
