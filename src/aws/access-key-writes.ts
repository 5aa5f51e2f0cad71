/**
 * The only code in cloudpatrol that changes an AWS account: set an access key's status, delete an
 * access key. Both act on one exact access key id of one named user; neither reads or returns a
 * secret. Called by `src/remediation/apply.ts` (after a re-check and a journaled intent) and by the
 * enforce mode of `src/lambda/iam-event.ts` (exactly the key id named in the CloudTrail event).
 *
 * Sources: IAM API Reference — UpdateAccessKey, DeleteAccessKey.
 */
import { DeleteAccessKeyCommand, type IAMClient, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { AwsApiError } from "../model/errors.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** One access key of one user. */
export interface AccessKeyRef {
  readonly userName: string;
  readonly accessKeyId: string;
}

async function write(api: string, accountId: string | undefined, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw new AwsApiError(api, accountId, awsErrorCode(error) ?? "Error", describeAwsError(error), {
      cause: error,
      ...(isAccessDenied(error) ? { missingPermission: api } : {}),
    });
  }
}

/**
 * iam:UpdateAccessKey — sets the key's status to `Active` or `Inactive`. Idempotent.
 * @throws {@link AwsApiError} (code `NoSuchEntity` when the key or user is gone; `AccessDenied` names
 *   the missing permission `iam:UpdateAccessKey`).
 */
export async function setAccessKeyStatus(
  iam: IAMClient,
  key: AccessKeyRef,
  status: "Active" | "Inactive",
  accountId?: string,
): Promise<void> {
  await write("iam:UpdateAccessKey", accountId, () =>
    iam.send(
      new UpdateAccessKeyCommand({ UserName: key.userName, AccessKeyId: key.accessKeyId, Status: status }),
    ),
  );
}

/**
 * iam:DeleteAccessKey — deletes the key for good; it cannot be restored.
 * @throws {@link AwsApiError} (code `NoSuchEntity` when the key is already gone).
 */
export async function deleteAccessKey(iam: IAMClient, key: AccessKeyRef, accountId?: string): Promise<void> {
  await write("iam:DeleteAccessKey", accountId, () =>
    iam.send(new DeleteAccessKeyCommand({ UserName: key.userName, AccessKeyId: key.accessKeyId })),
  );
}
