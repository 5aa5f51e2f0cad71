/**
 * What several IAM rules read the same way: the root user's credentials (from the credential report
 * row and GetAccountSummary), each IAM user's password and keys (the API's fresh view where the scan
 * verified a user, else the report), ages in days against the scan time, and account-level findings.
 */

import type { AccessKeySlot, CredentialReportRow, ReportTime } from "../credential-report/types.js";
import { isToken } from "../credential-report/types.js";
import { buildFinding, type Finding, type FindingRuleInfo, type Verdict } from "../engine/finding.js";
import { cellEvidence, isoTime } from "../engine/time.js";
import type { Snapshot } from "../snapshot/types.js";
import { accessKeyIdentity } from "./key-identity.js";

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (floor). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** `1 day`, `41 days`. */
export function days(count: number): string {
  return `${count} day${count === 1 ? "" : "s"}`;
}

/** The account root user's ARN. */
export function rootArn(snapshot: Snapshot): string {
  return `arn:${snapshot.partition}:iam::${snapshot.accountId}:root`;
}

/** A verdict about the account root user. */
export function rootVerdict(
  snapshot: Snapshot,
  status: Verdict["status"],
  statusExtended: string,
  evidence: Record<string, unknown>,
): Verdict {
  return {
    status,
    resourceType: "AWS::::Account",
    resourceArn: rootArn(snapshot),
    resourceName: "<root_account>",
    identity: ["root"],
    statusExtended,
    evidence,
  };
}

/** A verdict about the account as a whole (password policy). */
export function accountVerdict(
  snapshot: Snapshot,
  status: Verdict["status"],
  statusExtended: string,
  evidence: Record<string, unknown>,
): Verdict {
  return {
    status,
    resourceType: "AWS::::Account",
    resourceArn: rootArn(snapshot),
    resourceName: snapshot.accountId,
    identity: ["account"],
    statusExtended,
    evidence,
  };
}

/** A key slot that holds a key: it has a creation time, or says it is active. */
export function holdsKey(key: AccessKeySlot): boolean {
  return key.active || key.lastRotated instanceof Date;
}

/** What the report and GetAccountSummary say about the root user's credentials. */
export interface RootFacts {
  readonly row: CredentialReportRow | undefined;
  readonly summary: Readonly<Record<string, number>> | undefined;
  /** Root has a console password: summary `AccountPasswordPresent`, else the row's `password_enabled`; null when unknown (`not_supported`). */
  readonly passwordPresent: boolean | null;
  /** Root MFA: summary `AccountMFAEnabled` (fresher), else the row's `mfa_active`; null when neither. */
  readonly mfaActive: boolean | null;
  /** Report slots with an active key. */
  readonly activeKeys: readonly AccessKeySlot[];
  /** Root holds any key (active or not): report slots, or summary `AccountAccessKeysPresent`. */
  readonly keysPresent: boolean | null;
  /**
   * True when root has no password, no access key, no signing certificate and no MFA: it cannot sign in
   * or call AWS at all (an Organizations member account whose root credentials were removed or never set).
   */
  readonly noCredentials: boolean;
  readonly evidence: Record<string, unknown>;
}

function flag(summary: Readonly<Record<string, number>> | undefined, key: string): boolean | null {
  const value = summary?.[key];
  return value === undefined ? null : value > 0;
}

/** Reads {@link RootFacts} from the snapshot. */
export function rootFacts(snapshot: Snapshot): RootFacts {
  const row = snapshot.credentialReport?.rows.find((candidate) => candidate.isRoot);
  const summary = snapshot.iamAccount?.accountSummary;
  const rowPassword = row && typeof row.passwordEnabled === "boolean" ? row.passwordEnabled : null;
  const passwordPresent = flag(summary, "AccountPasswordPresent") ?? rowPassword;
  const mfaActive = flag(summary, "AccountMFAEnabled") ?? (row ? row.mfaActive : null);
  const activeKeys = row ? row.accessKeys.filter((key) => key.active) : [];
  const rowKeys = row ? row.accessKeys.some(holdsKey) : null;
  const summaryKeys = flag(summary, "AccountAccessKeysPresent");
  const keysPresent = summaryKeys === null ? rowKeys : summaryKeys || rowKeys === true;
  const certificates =
    flag(summary, "AccountSigningCertificatesPresent") ??
    (row ? row.certificates.some((cert) => cert.active || cert.lastRotated instanceof Date) : null);
  const noCredentials =
    passwordPresent === false &&
    keysPresent === false &&
    activeKeys.length === 0 &&
    certificates !== true &&
    mfaActive === false;
  return {
    row,
    summary,
    passwordPresent,
    mfaActive,
    activeKeys,
    keysPresent,
    noCredentials,
    evidence: {
      credentialReportLine: row?.line ?? null,
      reportPasswordEnabled: row
        ? typeof row.passwordEnabled === "boolean"
          ? row.passwordEnabled
          : row.passwordEnabled.token
        : null,
      reportMfaActive: row?.mfaActive ?? null,
      reportAccessKeys: row
        ? row.accessKeys.map((key) => ({
            accessKeySlot: key.slot,
            active: key.active,
            createdAt: cellEvidence(key.lastRotated),
            lastUsedDate: cellEvidence(key.lastUsedDate),
          }))
        : null,
      accountSummary: summary
        ? {
            AccountMFAEnabled: summary.AccountMFAEnabled ?? null,
            AccountAccessKeysPresent: summary.AccountAccessKeysPresent ?? null,
            AccountPasswordPresent: summary.AccountPasswordPresent ?? null,
            AccountSigningCertificatesPresent: summary.AccountSigningCertificatesPresent ?? null,
          }
        : null,
      credentialReportGeneratedAt: snapshot.credentialReport?.generatedAt
        ? isoTime(snapshot.credentialReport.generatedAt)
        : null,
    },
  };
}

/** The sentence for a root user that has no credentials at all. */
export function noCredentialsSentence(snapshot: Snapshot, what: string): string {
  return (
    `The root user of account ${snapshot.accountId} has no password, access key, signing certificate or MFA device, ` +
    `so it cannot sign in (an Organizations member account with root credentials removed or never set): ${what}.`
  );
}

/** When a credential was last used: a time, `never` (report `N/A`/`no_information`), or `unknown`. */
export type LastUse = Date | "never" | "unknown";

/** One access key of a user, from the API or the report. */
export interface KeyView {
  /** Report slot, or null for a key read through the API that matches no slot. */
  readonly slot: 1 | 2 | null;
  readonly accessKeyId: string | null;
  readonly active: boolean;
  readonly createdAt: Date | null;
  readonly lastUsed: LastUse;
  readonly lastUsedService: string | null;
}

/** One IAM user's console password and keys, as the scan knows them. */
export interface UserView {
  readonly userName: string;
  readonly arn: string;
  readonly source: "credential-report" | "api";
  readonly credentialReportLine: number | null;
  /** null when the report says neither true nor false. */
  readonly hasPassword: boolean | null;
  /** null when unknown (a user created after the report). */
  readonly mfaActive: boolean | null;
  readonly passwordLastUsed: LastUse;
  /** When the current password was set (report `password_last_changed`, else the login profile's CreateDate). */
  readonly passwordLastChanged: Date | null;
  readonly keys: readonly KeyView[];
}

function lastUse(value: ReportTime | null): LastUse {
  if (value instanceof Date) return value;
  if (value === null) return "unknown";
  return isToken(value, "N/A") || isToken(value, "no_information") ? "never" : "unknown";
}

function fromReport(row: CredentialReportRow): UserView {
  const hasPassword = typeof row.passwordEnabled === "boolean" ? row.passwordEnabled : null;
  return {
    userName: row.user,
    arn: row.arn,
    source: "credential-report",
    credentialReportLine: row.line,
    hasPassword,
    mfaActive: row.mfaActive,
    passwordLastUsed: lastUse(row.passwordLastUsed),
    passwordLastChanged: row.passwordLastChanged instanceof Date ? row.passwordLastChanged : null,
    keys: row.accessKeys.filter(holdsKey).map((key) => ({
      slot: key.slot,
      accessKeyId: null,
      active: key.active,
      createdAt: key.lastRotated instanceof Date ? key.lastRotated : null,
      lastUsed: lastUse(key.lastUsedDate),
      lastUsedService: typeof key.lastUsedService === "string" ? key.lastUsedService : null,
    })),
  };
}

/**
 * Every IAM user (not root), one view each: the API's fresh view for users the scan re-read (a removed
 * login profile means no password, whatever `PasswordLastUsed` still says), else the report row. Users
 * deleted since the report are left out; users created since it come from the API.
 */
export function userViews(snapshot: Snapshot): UserView[] {
  const report = snapshot.credentialReport;
  if (!report) return [];
  const listed = snapshot.iamUsers ? new Set(snapshot.iamUsers.map((user) => user.arn)) : undefined;
  const fresh = snapshot.userCredentials ?? {};
  const rows = report.rows.filter((row) => !row.isRoot && (listed === undefined || listed.has(row.arn)));
  const views = rows.map((row): UserView => {
    const credentials = fresh[row.user];
    if (!credentials) return fromReport(row);
    const profile = credentials.loginProfile;
    const reportChanged =
      row.passwordEnabled === true && row.passwordLastChanged instanceof Date
        ? row.passwordLastChanged
        : null;
    return {
      userName: credentials.user.userName,
      arn: credentials.user.arn,
      source: "api",
      credentialReportLine: row.line,
      hasPassword: profile !== null,
      mfaActive: row.mfaActive,
      passwordLastUsed: profile ? (credentials.user.passwordLastUsed ?? "never") : "never",
      passwordLastChanged: profile ? (reportChanged ?? profile.createDate) : null,
      keys: credentials.accessKeys.map((key) => ({
        slot:
          row.accessKeys.find(
            (slot) =>
              slot.lastRotated instanceof Date &&
              Math.abs(slot.lastRotated.getTime() - key.createDate.getTime()) < 1000,
          )?.slot ?? null,
        accessKeyId: key.accessKeyId,
        active: key.status === "Active",
        createdAt: key.createDate,
        lastUsed: key.lastUsed.date ?? "never",
        lastUsedService: key.lastUsed.serviceName,
      })),
    };
  });
  const inReport = new Set(rows.map((row) => row.arn));
  for (const user of snapshot.iamUsers ?? []) {
    const credentials = fresh[user.userName];
    if (inReport.has(user.arn) || !credentials) continue;
    const profile = credentials.loginProfile;
    views.push({
      userName: user.userName,
      arn: user.arn,
      source: "api",
      credentialReportLine: null,
      hasPassword: profile !== null,
      mfaActive: null,
      passwordLastUsed: profile ? (user.passwordLastUsed ?? "never") : "never",
      passwordLastChanged: profile ? profile.createDate : null,
      keys: credentials.accessKeys.map((key) => ({
        slot: null,
        accessKeyId: key.accessKeyId,
        active: key.status === "Active",
        createdAt: key.createDate,
        lastUsed: key.lastUsed.date ?? "never",
        lastUsedService: key.lastUsed.serviceName,
      })),
    });
  }
  return views;
}

/** How a finding names a key: its id when known, else the report slot. */
export function keyName(user: UserView, key: KeyView): string {
  return key.accessKeyId ?? `${user.userName} access key ${key.slot ?? "?"}`;
}

/** The key's uid identity, the same as 1.11's (see {@link accessKeyIdentity}). */
export function keyIdentity(user: UserView, key: KeyView): string[] {
  const iso = (k: KeyView) => (k.createdAt ? isoTime(k.createdAt) : null);
  const others = user.keys.filter((other) => other !== key).map(iso);
  return accessKeyIdentity(user.arn, iso(key), others, key.accessKeyId ?? `slot-${key.slot ?? "?"}`);
}

/** JSON-safe evidence of a last use. */
export function lastUseEvidence(value: LastUse): string {
  return value instanceof Date ? isoTime(value) : value;
}

/** Evidence common to a user's findings. */
export function userEvidence(snapshot: Snapshot, user: UserView): Record<string, unknown> {
  return {
    userName: user.userName,
    userArn: user.arn,
    source: user.source,
    credentialReportLine: user.credentialReportLine,
    credentialReportGeneratedAt: snapshot.credentialReport?.generatedAt
      ? isoTime(snapshot.credentialReport.generatedAt)
      : null,
  };
}

/** Evidence of one key. */
export function keyEvidence(key: KeyView): Record<string, unknown> {
  return {
    accessKeyId: key.accessKeyId,
    accessKeySlot: key.slot,
    active: key.active,
    createdAt: key.createdAt ? isoTime(key.createdAt) : null,
    lastUsedDate: lastUseEvidence(key.lastUsed),
    lastUsedService: key.lastUsedService,
  };
}

/** A user-level verdict. */
export function userVerdict(
  snapshot: Snapshot,
  user: UserView,
  status: Verdict["status"],
  statusExtended: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return {
    status,
    resourceType: "AWS::IAM::User",
    resourceArn: user.arn,
    resourceName: user.userName,
    identity: [user.arn],
    statusExtended,
    evidence: { ...userEvidence(snapshot, user), ...evidence },
  };
}

/** A key-level verdict. */
export function keyVerdict(
  snapshot: Snapshot,
  user: UserView,
  key: KeyView,
  status: Verdict["status"],
  statusExtended: string,
  evidence: Record<string, unknown> = {},
): Verdict {
  return {
    status,
    resourceType: "AWS::IAM::AccessKey",
    resourceArn: user.arn,
    resourceName: keyName(user, key),
    identity: keyIdentity(user, key),
    statusExtended,
    evidence: { ...userEvidence(snapshot, user), ...keyEvidence(key), ...evidence },
  };
}

/** Builds findings for one rule. */
export function finder(rule: FindingRuleInfo, snapshot: Snapshot): (verdict: Verdict) => Finding {
  return (verdict) => buildFinding(rule, snapshot, verdict);
}

/** How a key is called in a sentence: `access key AKIA...` or `access key 2`. */
export function keyPhrase(key: KeyView): string {
  return key.accessKeyId ? `access key ${key.accessKeyId}` : `access key ${key.slot ?? "?"}`;
}
