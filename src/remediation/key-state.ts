/**
 * Re-reads one access key right before cloudpatrol changes it (and when reconciling the journal):
 * does it still exist under that user, what is its status, was it ever used. Read-only.
 * Calls: iam:ListAccessKeys, iam:GetAccessKeyLastUsed.
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import { getAccessKeyLastUsed, listAccessKeys } from "../aws/iam-users.js";
import { AwsApiError } from "../model/errors.js";
import type { AccessKeyLastUsed } from "../snapshot/iam.js";

/** A key's real state now. */
export type KeyState =
  | { readonly exists: false; readonly reason: string }
  | {
      readonly exists: true;
      readonly status: "Active" | "Inactive";
      readonly createDate: Date;
      /** null when not read (`withLastUsed: false`). */
      readonly lastUsed: AccessKeyLastUsed | null;
    };

/**
 * Reads the key `accessKeyId` of `userName`.
 * @param withLastUsed - also call GetAccessKeyLastUsed (default true).
 * @throws {@link AwsApiError} for any failure other than "user or key does not exist".
 */
export async function readKeyState(
  iam: IAMClient,
  userName: string,
  accessKeyId: string,
  accountId: string,
  withLastUsed = true,
): Promise<KeyState> {
  let keys: Awaited<ReturnType<typeof listAccessKeys>>;
  try {
    keys = await listAccessKeys(iam, userName, accountId);
  } catch (error) {
    if (error instanceof AwsApiError && error.code === "NoSuchEntity") {
      return { exists: false, reason: `user ${userName} no longer exists` };
    }
    throw error;
  }
  const key = keys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key) return { exists: false, reason: `access key ${accessKeyId} no longer exists` };
  const lastUsed = withLastUsed ? await getAccessKeyLastUsed(iam, accessKeyId, accountId) : null;
  return { exists: true, status: key.status, createDate: key.createDate, lastUsed };
}

/** "2025-01-02T03:04:05Z (s3, us-east-1)" for a used key. */
export function describeUse(lastUsed: AccessKeyLastUsed): string {
  const date = lastUsed.date ? lastUsed.date.toISOString().replace(/\.000Z$/, "Z") : "an unknown time";
  const where = [lastUsed.serviceName, lastUsed.region].filter((part) => part !== null).join(", ");
  return where ? `${date} (${where})` : date;
}
