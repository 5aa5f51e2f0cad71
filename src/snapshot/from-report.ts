/**
 * Builds a snapshot from a credential report file, for offline scans.
 */
import type { CredentialReport } from "../credential-report/types.js";
import type { Snapshot } from "./types.js";

const ARN = /^arn:([a-z0-9-]+):iam::(\d{12}):/;

/** The partition and 12-digit account id of an IAM ARN (`arn:aws:iam::111122223333:user/x`), or null. */
export function accountOfArn(arn: string): { accountId: string; partition: string } | null {
  const match = ARN.exec(arn);
  return match ? { partition: match[1] as string, accountId: match[2] as string } : null;
}

/** Account id and partition named by the report's ARNs (root row first), or `unknown`/`aws`. */
export function accountOfReport(report: CredentialReport): { accountId: string; partition: string } {
  const rows = [...report.rows].sort((a, b) => Number(b.isRoot) - Number(a.isRoot));
  for (const row of rows) {
    const account = accountOfArn(row.arn);
    if (account) return account;
  }
  return { accountId: "unknown", partition: "aws" };
}

/**
 * A snapshot holding only a credential report read from a file.
 * @param collectedAt - the scan's start time (UTC).
 */
export function snapshotFromReport(report: CredentialReport, collectedAt: Date): Snapshot {
  return {
    ...accountOfReport(report),
    collectedAt,
    source: "credential-report-file",
    credentialReport: report,
    errors: [],
    collected: ["iam.credentialReport"],
  };
}
