/**
 * How many users a live scan re-reads through the IAM API by default. Kept apart from verify.ts so the
 * CLI can show it in `--help` without loading the AWS SDK.
 */

/** Users re-read per account by default (about 3 IAM calls each): bounds the calls of a large account. */
export const DEFAULT_VERIFY_MAX_USERS = 100;
