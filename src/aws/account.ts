/**
 * Who we are: the account id and partition of the caller, from STS GetCallerIdentity
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). No permission is
 * needed for it, so a failure here means no usable credentials or no route to AWS.
 */
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { AwsApiError } from "../errors.js";
import { awsErrorCode, describeAwsError } from "./errors.js";

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
  try {
    const output = await sts.send(new GetCallerIdentityCommand({}));
    const callerArn = output.Arn ?? "";
    const partition = callerArn.split(":")[1] || "aws";
    return { accountId: output.Account ?? "unknown", partition, callerArn };
  } catch (error) {
    const code = awsErrorCode(error) ?? (error instanceof Error ? error.name : "Error");
    throw new AwsApiError("sts:GetCallerIdentity", undefined, code, describeAwsError(error), {
      cause: error,
    });
  }
}
