/**
 * Snapshots for the root, password-policy and per-credential rule tests: a literal credential report
 * plus the account-wide IAM data (summary, policy, virtual MFA devices) a test gives.
 */
import { parseCredentialReportCsv } from "../../../src/credential-report/index.js";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import type { Finding } from "../../../src/model/finding.js";
import type { AnyRule } from "../../../src/rules/types.js";
import { snapshotFromReport } from "../../../src/snapshot/from-report.js";
import type { IamAccountData } from "../../../src/snapshot/iam-account.js";
import type { Snapshot } from "../../../src/snapshot/types.js";

/** The scan time every test judges against. */
export const SCAN_TIME = new Date("2026-03-01T00:00:00Z");

/** `n` days before {@link SCAN_TIME}, as report text. */
export function daysAgo(n: number): string {
  return new Date(SCAN_TIME.getTime() - n * 86_400_000).toISOString().replace(/\.000Z$/, "Z");
}

/** A live-like snapshot: the report, the account data, source `aws`. */
export function snap(csv: string, iamAccount?: IamAccountData, extra: Partial<Snapshot> = {}): Snapshot {
  // No record of collection: the data present is the record (a hand-built live snapshot).
  const { collected: _fromReport, ...offline } = snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME);
  return {
    ...offline,
    source: "aws",
    ...(iamAccount ? { iamAccount } : {}),
    ...extra,
  };
}

/** Runs a rule through the engine (data presence, the catalogs' numbers) with its defaults (and overrides). */
export function judge(rule: AnyRule, snapshot: Snapshot, params: Record<string, unknown> = {}): Finding[] {
  return evaluateRule(rule, snapshot, { params: { [rule.id]: params } });
}

/** [status, statusExtended] of each finding. */
export function said(findings: readonly Finding[]): [string, string][] {
  return findings.map((finding) => [finding.status, finding.statusExtended]);
}

/** A summary as GetAccountSummary gives it for these flags. */
export function summary(mfa: 0 | 1, keys: 0 | 1, password: 0 | 1 = 1): Record<string, number> {
  return {
    AccountMFAEnabled: mfa,
    AccountAccessKeysPresent: keys,
    AccountPasswordPresent: password,
    AccountSigningCertificatesPresent: 0,
    Users: 1,
  };
}
