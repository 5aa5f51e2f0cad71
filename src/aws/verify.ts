/**
 * Fresh verdicts: the credential report can be up to 4 hours old, so before a live scan reports a FAIL
 * it re-reads the flagged users through the IAM API, and it reads users created after the report
 * (which the report does not have) and notices users deleted since (which it still lists).
 *
 * Calls: ListUsers (every page of up to 1,000 users) once, then per user to check GetLoginProfile,
 * ListAccessKeys and GetAccessKeyLastUsed per key, for at most `maxUsers` users. Read-only.
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import type { IamUser, UserCredentials } from "../snapshot/iam.js";
import type { Snapshot } from "../snapshot/types.js";
import { getAccessKeyLastUsed, getLoginProfile, listAccessKeys, listUsers } from "./iam-users.js";
import { DEFAULT_VERIFY_MAX_USERS } from "./verify-limit.js";

/** Reads one user's console password and access keys (with last use) through the API. */
export async function readUserCredentials(
  iam: IAMClient,
  user: IamUser,
  accountId?: string,
  now: () => Date = () => new Date(),
): Promise<UserCredentials> {
  const loginProfile = await getLoginProfile(iam, user.userName, accountId);
  const keys = await listAccessKeys(iam, user.userName, accountId);
  const accessKeys = [];
  for (const key of keys)
    accessKeys.push({ ...key, lastUsed: await getAccessKeyLastUsed(iam, key.accessKeyId, accountId) });
  return { user, loginProfile, accessKeys, checkedAt: now() };
}

/** Options of {@link verifySnapshot}. */
export interface VerifyOptions {
  /**
   * Re-read at most this many users (flagged users first, then users created after the report); the
   * rest keep their report-based verdict and a warning says how many. Default
   * {@link DEFAULT_VERIFY_MAX_USERS}.
   */
  readonly maxUsers?: number;
}

/** The result of {@link verifySnapshot}. */
export interface Verification {
  /** The snapshot with `iamUsers` and `userCredentials` added (unchanged when ListUsers failed). */
  readonly snapshot: Snapshot;
  /** Deleted users, users that could not be read, and API errors, one sentence each. */
  readonly warnings: readonly string[];
}

/**
 * Adds the API's current view to a live snapshot.
 * @param flaggedUsers - user names the report-based verdict flagged (FAIL or MANUAL): re-read each,
 *   up to `options.maxUsers` users in all.
 * @returns never throws for AWS errors: they become warnings and the report-based verdict stands.
 */
export async function verifySnapshot(
  iam: IAMClient,
  snapshot: Snapshot,
  flaggedUsers: ReadonlySet<string>,
  options: VerifyOptions = {},
): Promise<Verification> {
  const maxUsers = options.maxUsers ?? DEFAULT_VERIFY_MAX_USERS;
  const report = snapshot.credentialReport;
  if (!report) return { snapshot, warnings: [] };
  const warnings: string[] = [];
  let users: IamUser[];
  try {
    users = await listUsers(iam, snapshot.accountId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      snapshot,
      warnings: [
        `Could not verify the credential report through the API; verdicts come from the report alone: ${message}`,
      ],
    };
  }
  const reported = new Set(report.rows.filter((row) => !row.isRoot).map((row) => row.arn));
  const existing = new Set(users.map((user) => user.arn));
  for (const row of report.rows) {
    if (!row.isRoot && !existing.has(row.arn)) {
      warnings.push(
        `${row.user} is in the credential report but was deleted since it was generated: not judged.`,
      );
    }
  }
  const flagged = users.filter((user) => reported.has(user.arn) && flaggedUsers.has(user.userName));
  const created = users.filter((user) => !reported.has(user.arn));
  const targets = [...flagged, ...created].slice(0, maxUsers);
  const flaggedRead = Math.min(flagged.length, maxUsers);
  const leftFlagged = flagged.length - flaggedRead;
  const leftCreated = created.length - (targets.length - flaggedRead);
  if (leftFlagged > 0)
    warnings.push(
      `${leftFlagged} of ${flagged.length} flagged users were not re-checked through the API (limit ${maxUsers} users, --verify-max-users): their verdicts come from the credential report.`,
    );
  if (leftCreated > 0)
    warnings.push(
      `${leftCreated} of ${created.length} users created after the credential report were not read (limit ${maxUsers} users, --verify-max-users): each gets a MANUAL finding per user rule, not a verdict.`,
    );
  const userCredentials = new Map<string, UserCredentials>();
  for (const user of targets) {
    try {
      userCredentials.set(user.userName, await readUserCredentials(iam, user, snapshot.accountId));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      warnings.push(
        `Could not re-check ${user.userName} through the API; its verdict comes from the report: ${message}`,
      );
    }
  }
  return { snapshot: { ...snapshot, iamUsers: users, userCredentials }, warnings };
}
