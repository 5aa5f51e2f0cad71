/**
 * Who we are: the account id and partition of the caller, from STS GetCallerIdentity
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). No permission is
 * needed for it, so a failure here means no usable credentials or no route to AWS.
 */
import {
  GetCallerIdentityCommand,
  type GetCallerIdentityCommandOutput,
  type STSClient,
} from "@aws-sdk/client-sts";
import { AwsApiError, CloudPatrolError } from "../model/errors.js";
import { escapeTerminal, quoteExcerpt } from "../model/escape.js";
import { awsErrorCode, describeAwsError, UNREADABLE_RESPONSE } from "./errors.js";

/** The caller's account. */
export interface CallerAccount {
  readonly accountId: string;
  /** `aws`, `aws-us-gov`, `aws-cn`, from the caller ARN. */
  readonly partition: string;
  readonly callerArn: string;
}

/**
 * Calls sts:GetCallerIdentity.
 * @throws {@link AwsApiError} naming `sts:GetCallerIdentity` and the reason (no credentials, expired token, network).
 */
export async function getCallerAccount(sts: STSClient): Promise<CallerAccount> {
  let output: GetCallerIdentityCommandOutput;
  try {
    output = await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    const code = awsErrorCode(error) ?? (error instanceof Error ? error.name : "Error");
    const hint = code === "CredentialsProviderError" ? credentialsHint(sts) : "";
    throw new AwsApiError(
      "sts:GetCallerIdentity",
      undefined,
      code,
      `${describeAwsError(error).replace(/([^.])$/, "$1.")}${hint}`,
      {
        cause: error,
      },
    );
  }
  // STS always names the 12-digit account: an answer without one (a login page the SDK read as an empty
  // answer) is no caller to judge, never "account unknown".
  const account = output.Account ?? "";
  if (!/^\d{12}$/.test(account))
    throw new AwsApiError(
      "sts:GetCallerIdentity",
      undefined,
      UNREADABLE_RESPONSE,
      `${UNREADABLE_RESPONSE}: the answer names no 12-digit account (${account === "" ? "none" : escapeTerminal(quoteExcerpt(account))}): is the endpoint STS?`,
    );
  const callerArn = output.Arn ?? "";
  const partition = callerArn.split(":")[1] || "aws";
  return { accountId: account, partition, callerArn };
}

/**
 * The credentials of a role assumed in one account turned out to be another account's (GetCallerIdentity
 * names another account): nothing read with them may be reported under the account asked for.
 */
export class AccountMismatchError extends CloudPatrolError {
  constructor(
    /** The account whose role was assumed. */
    readonly expectedAccountId: string,
    /** The account GetCallerIdentity named with the assumed credentials. */
    readonly actualAccountId: string,
    /** False: the caller's own credentials, first identified as `expectedAccountId`, not a role's. */
    assumed = true,
  ) {
    super(
      assumed
        ? `the credentials of the role assumed in ${expectedAccountId} are account ${actualAccountId}'s: not scanned`
        : `the caller's credentials, first identified as account ${expectedAccountId}'s, are now account ${actualAccountId}'s: not scanned`,
    );
  }
}

/** What to check when the SDK's credential chain found nothing: the profile asked for, or how to give one. */
function credentialsHint(sts: STSClient): string {
  const profile = (sts.config as { profile?: string }).profile ?? process.env.AWS_PROFILE;
  return profile
    ? ` The profile ${JSON.stringify(profile)} gave no credentials: check that it exists in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), and for SSO run aws sso login --profile ${profile}.`
    : " No credentials were found: use --profile (or AWS_PROFILE), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance or container role.";
}
