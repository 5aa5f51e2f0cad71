/**
 * The options of a scan: where the data comes from (a file or a live account, one or many), which rules.
 */
import type { AwsConnection } from "../aws/clients.js";
import type { EvaluateOptions } from "../engine/evaluate.js";
import type { AccountEvent, AccountFindings } from "../engine/result.js";
import type { Framework } from "../frameworks/index.js";
import type { AnyRule } from "../rules/types.js";

/** Options of {@link scan}. */
export interface ScanOptions extends EvaluateOptions {
  /** Read this credential report file (`-` for stdin) instead of calling AWS. */
  readonly credentialReportPath?: string;
  /** Judge this snapshot file (`cloudpatrol collect --out`) instead of calling AWS: the live verdicts, offline. */
  readonly snapshotPath?: string;
  /** How to reach AWS for a live scan. */
  readonly connection?: AwsConnection;
  /** Credential report wait limit in milliseconds (live). Default 300 000. */
  readonly reportTimeoutMs?: number;
  /** First poll wait in milliseconds (live). Default 2 000. */
  readonly reportPollBaseMs?: number;
  /** Rules to run. Default: {@link DEFAULT_RULES} (every rule). */
  readonly rules?: readonly AnyRule[];
  /**
   * Add one MANUAL finding per requirement of this framework that no rule decides (`--framework`
   * without `--rule`). Default: none.
   */
  readonly manualFramework?: Framework;
  /**
   * Re-check the users CIS 1.11 flags, read users created since the report and drop deleted ones
   * through the IAM API before reporting (live scans). Default true; `--no-verify` turns it off.
   */
  readonly verify?: boolean;
  /** Re-read at most this many users per account (about 3 calls each). Default 100. */
  readonly verifyMaxUsers?: number;
  /**
   * Read only these regions (`--regions`) for the per-region rules. Default: every enabled region
   * (EC2 DescribeRegions: `opt-in-not-required` or `opted-in`).
   */
  readonly regions?: readonly string[];
  /** Called while waiting for AWS, for progress messages. */
  readonly onWait?: (ms: number, reason: string) => void;

  /**
   * Scan the ACTIVE accounts of the caller's AWS Organization (Organizations ListAccounts, every page;
   * the management or a delegated-administrator account). With `accountIds`, only those of them.
   */
  readonly organization?: boolean;
  /** Scan these 12-digit account ids (several accounts: each member through `roleName`). */
  readonly accountIds?: readonly string[];
  /** Leave these account ids out. */
  readonly excludeAccountIds?: readonly string[];
  /** Role assumed in each member account (not in the caller's own). Default `CloudPatrolAudit`. */
  readonly roleName?: string;
  /** `ExternalId` for AssumeRole, when the roles' trust policies require one. */
  readonly externalId?: string;
  /** `RoleSessionName` for AssumeRole (shows in the members' CloudTrail). Default `cloudpatrol`. */
  readonly roleSessionName?: string;
  /** Accounts scanned at once. Default 8. */
  readonly concurrency?: number;
  /**
   * Called as each account starts, changes phase and finishes (multi-account scans). A throw, or a
   * returned promise that rejects, fails the scan with that error (accounts not yet started are not
   * scanned); the scan waits for returned promises before it resolves.
   */
  readonly onAccount?: (event: AccountEvent) => void | Promise<void>;
  /**
   * Multi-account scans: a findings sink. Each account's findings are handed to it as the account
   * finishes (accounts in the order they finish; `index` gives the listed order) and are not kept, so
   * the scan's memory does not grow with the number of accounts: the result's `findings` is then empty,
   * and its `summary` still counts every finding. The account's slot (`concurrency`) is held until the
   * returned promise settles; a rejection (or throw) fails the scan with that error, and no account not
   * yet started is scanned (those in flight finish). Default: none (the result holds every finding).
   */
  readonly onAccountFindings?: (batch: AccountFindings) => void | Promise<void>;
}
