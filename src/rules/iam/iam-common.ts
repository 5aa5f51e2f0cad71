/**
 * What several IAM rules read the same way: the root user's credentials (from the credential report
 * row and GetAccountSummary), each IAM user's password and keys (the API's fresh view where the scan
 * verified a user, else the report), ages in days against the scan time, and account-level findings.
 */

import type {
  AccessKeySlot,
  CredentialReportRow,
  ReportText,
  ReportTime,
} from "../../credential-report/types.js";
import { isToken } from "../../credential-report/types.js";
import { cellEvidence } from "../../credential-report/values.js";
import {
  accountArn,
  accountResource,
  buildFinding,
  type Finding,
  type FindingRuleInfo,
  type Verdict,
} from "../../model/finding.js";
import { flatText } from "../../model/flat-text.js";
import { isoTime } from "../../model/time.js";
import { accountWideFailures, collectionErrorVerdict } from "../../snapshot/collection-errors.js";
import type { IamUser, UserCredentials } from "../../snapshot/iam.js";
import type { CollectionError, Snapshot } from "../../snapshot/types.js";
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
    resourceArn: accountArn(snapshot),
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
    ...accountResource(snapshot),
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
  /** Summary `AccountAccessKeysPresent` alone: null when missing or neither 0 nor 1. */
  readonly summaryKeysPresent: boolean | null;
  /** Root holds any key (active or not): report slots, or summary `AccountAccessKeysPresent`; null when neither tells. */
  readonly keysPresent: boolean | null;
  /**
   * True when root has no password, no access key, no signing certificate and no MFA: it cannot sign in
   * or call AWS at all (an Organizations member account whose root credentials were removed or never set).
   */
  readonly noCredentials: boolean;
  readonly evidence: Record<string, unknown>;
}

/**
 * A GetAccountSummary root flag: `1` true, `0` false; null (unknown) when the entry is missing or holds
 * any other value (AWS documents only 0 and 1), so a malformed map never decides a verdict.
 */
function flag(summary: Readonly<Record<string, number>> | undefined, key: string): boolean | null {
  const value = summary && Object.hasOwn(summary, key) ? summary[key] : undefined;
  if (value === 1) return true;
  if (value === 0) return false;
  return null;
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
    summaryKeysPresent: summaryKeys,
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

/** The account-wide failures of the reads that tell about root: the credential report, GetAccountSummary. */
export function rootReadFailures(snapshot: Snapshot): CollectionError[] {
  return accountWideFailures(snapshot, ["iam.credentialReport", "iam.accountSummary"]);
}

/**
 * The finding of a root rule that cannot judge `what` (e.g. `whether root MFA is on`): the credential
 * report holds no `<root_account>` row (moto's has none; AWS always sends it) and GetAccountSummary says
 * nothing that decides it. When GetAccountSummary (or the report) failed: one ERROR finding naming the
 * API, account and missing permission, with the uid the engine gives a failed dataset's ERROR; else one
 * MANUAL finding on the root user saying what to check by hand. Never silence.
 */
export function rootUnknown(
  rule: FindingRuleInfo,
  snapshot: Snapshot,
  what: string,
  evidence: Record<string, unknown>,
): Finding {
  const failed = rootReadFailures(snapshot);
  if (failed.length > 0) {
    // A report that was read but lacks the root row is why the failure matters: said when so.
    const instead = snapshot.credentialReport
      ? ` The credential report holds no <root_account> row to tell ${what} instead.`
      : "";
    return buildFinding(rule, snapshot, collectionErrorVerdict(snapshot, failed, instead));
  }
  const noRow = snapshot.credentialReport?.rows.some((row) => row.isRoot) !== true;
  const why = noRow
    ? snapshot.iamAccount?.accountSummary
      ? "the credential report holds no <root_account> row and GetAccountSummary does not tell it"
      : "the credential report holds no <root_account> row and GetAccountSummary was not read"
    : "neither the credential report nor GetAccountSummary tells it";
  return buildFinding(
    rule,
    snapshot,
    rootVerdict(
      snapshot,
      "MANUAL",
      `Not judged for account ${snapshot.accountId}: ${what} is unknown (${why}); check it as root under Security credentials, or scan again live.`,
      { ...evidence, reason: "root-unknown" },
    ),
  );
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

/**
 * How a key's {@link KeyView.matchedSlot} was found: `read` (the key was read from that report slot),
 * `unique` (one slot fits the API key), `none` (no slot fits), `ambiguous` (two slots fit equally).
 */
export type SlotMatch = "read" | "unique" | "none" | "ambiguous";

/** One access key of a user, from the API (ListAccessKeys, GetAccessKeyLastUsed) or the report. */
export interface KeyView {
  /**
   * Report slot: the slot the key was read from, or for an API key the one slot whose
   * `access_key_N_last_rotated` is within 1 s of its CreateDate (of two such slots, the one whose active
   * flag matches the key's status); null when none or both still match (never a guess).
   */
  readonly slot: 1 | 2 | null;
  /** The same slot, as CIS 1.11's evidence names it (kept apart for its `slotMatch` wording). */
  readonly matchedSlot: 1 | 2 | null;
  readonly slotMatch: SlotMatch;
  readonly accessKeyId: string | null;
  readonly active: boolean;
  /** CreateDate, or the report's `access_key_N_last_rotated`; null when the report cell is a placeholder. */
  readonly createdAt: Date | null;
  /** {@link createdAt} as ISO text ({@link isoTime}), made once for every rule's evidence and uid; null with it. */
  readonly createdAtText: string | null;
  readonly lastUsed: LastUse;
  /** {@link lastUsed} as evidence writes it ({@link lastUseEvidence}): ISO text, `never` or `unknown`. */
  readonly lastUsedText: string;
  /** False when the source has no last-use data at all: a pre-April-2015 16-column report. */
  readonly lastUseRecorded: boolean;
  /**
   * The report's `access_key_N_last_used_date` as written when it holds a placeholder AWS does not
   * document there (`no_information`, `not_supported`; only a time or `N/A` is): the key's use is then
   * unknown (`lastUsed` is `unknown`) and every rule gives MANUAL. Null otherwise.
   */
  readonly lastUseInvalid: string | null;
  /** Service of the last use (GetAccessKeyLastUsed ServiceName, report `..._last_used_service`); null when none. */
  readonly lastUsedService: string | null;
  /** AWS region of the last use (GetAccessKeyLastUsed Region, report `..._last_used_region`); null when none. */
  readonly lastUsedRegion: string | null;
  /** The report cells the key was read from, placeholders kept; null for a key read through the API. */
  readonly reportSlot: AccessKeySlot | null;
  /** How a finding names the key: its id when known, else `<user> access key <slot>`. */
  readonly name: string;
  /**
   * The key's uid identity, the same as 1.11's ({@link accessKeyIdentity}: the user's ARN and the key's
   * creation time, and the key's id or slot when another key of the user was created in the same second).
   */
  readonly identity: readonly string[];
  /** The key as a finding's evidence lists it ({@link keyEvidence}); shared by every finding, read-only. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** One IAM user's console password and keys, as the scan knows them. */
export interface UserView {
  readonly userName: string;
  readonly arn: string;
  /** IAM UserId (ListUsers); null for a view read from the report, which has no id. */
  readonly userId: string | null;
  /** User CreateDate, or the report's `user_creation_time`; null when the report cell is a placeholder. */
  readonly createdAt: Date | null;
  readonly source: "credential-report" | "api";
  readonly credentialReportLine: number | null;
  /** The report row the view was read from, cells as written (placeholders, empty slots); null for an API view. */
  readonly reportRow: CredentialReportRow | null;
  /** When the API view was read (the scan's re-check of the user); null for a view read from the report. */
  readonly verifiedAt: Date | null;
  /** null when the report says neither true nor false. */
  readonly hasPassword: boolean | null;
  /** null when unknown (a user created after the report). */
  readonly mfaActive: boolean | null;
  readonly passwordLastUsed: LastUse;
  /** {@link passwordLastUsed} as evidence writes it ({@link lastUseEvidence}). */
  readonly passwordLastUsedText: string;
  /** When the current password was set (report `password_last_changed`, else the login profile's CreateDate). */
  readonly passwordLastChanged: Date | null;
  /** {@link passwordLastChanged} as ISO text; null with it. */
  readonly passwordLastChangedText: string | null;
  /** The login profile's CreateDate (GetLoginProfile); null without one or for a view read from the report. */
  readonly passwordCreatedAt: Date | null;
  readonly keys: readonly KeyView[];
}

type ApiKey = UserCredentials["accessKeys"][number];

function lastUse(value: ReportTime | null): LastUse {
  if (value instanceof Date) return value;
  if (value === null) return "unknown";
  return isToken(value, "N/A") || isToken(value, "no_information") ? "never" : "unknown";
}

/** A key's last use: a time, `never` (`N/A` only: the documented value for a never-used key), else unknown. */
function keyLastUse(value: ReportTime | null): LastUse {
  if (value instanceof Date) return value;
  return value !== null && isToken(value, "N/A") ? "never" : "unknown";
}

/** The raw `last_used_date` cell when it is a placeholder AWS does not document there; else null. */
function invalidLastUse(value: ReportTime | null): string | null {
  if (value === null || value instanceof Date) return null;
  return value.token === "N/A" ? null : value.token;
}

/**
 * Why a key's last use is unknown, for a sentence: the report's undocumented placeholder. The same words
 * in every rule that reads a key's last use.
 */
export function invalidLastUseSentence(key: KeyView): string {
  return `the report says access_key_${key.slot ?? "?"}_last_used_date=${key.lastUseInvalid}, a value AWS does not document for it`;
}

function dateOf(value: ReportTime): Date | null {
  return value instanceof Date ? value : null;
}

function textOfTime(value: Date | null): string | null {
  return value ? isoTime(value) : null;
}

/** {@link KeyView.name}: the access key id when known, else the report slot. */
function nameOfKey(userName: string, accessKeyId: string | null, slot: 1 | 2 | null): string {
  return accessKeyId ?? flatText(`${userName} access key ${slot ?? "?"}`);
}

function textOf(value: ReportText | null): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * The uid identity of the user's key at `index` ({@link accessKeyIdentity}), from the creation texts of
 * all the user's keys.
 */
function identityOf(
  userArn: string,
  createdAtTexts: readonly (string | null)[],
  index: number,
  disambiguator: string,
): readonly string[] {
  const others = createdAtTexts.filter((_, other) => other !== index);
  return accessKeyIdentity(userArn, createdAtTexts[index] ?? null, others, disambiguator);
}

/** {@link KeyView.evidence}: what {@link keyEvidence} returns. */
function evidenceOf(
  accessKeyId: string | null,
  slot: 1 | 2 | null,
  active: boolean,
  createdAtText: string | null,
  lastUsedText: string,
  lastUsedService: string | null,
): Readonly<Record<string, unknown>> {
  return {
    accessKeyId,
    accessKeySlot: slot,
    active,
    createdAt: createdAtText,
    lastUsedDate: lastUsedText,
    lastUsedService,
  };
}

function fromReportSlot(
  row: CredentialReportRow,
  key: AccessKeySlot,
  createdAtTexts: readonly (string | null)[],
  index: number,
): KeyView {
  const createdAt = dateOf(key.lastRotated);
  const createdAtText = createdAtTexts[index] ?? null;
  const lastUsed = keyLastUse(key.lastUsedDate);
  const lastUsedText = lastUseEvidence(lastUsed);
  const lastUsedService = textOf(key.lastUsedService);
  return {
    slot: key.slot,
    matchedSlot: key.slot,
    slotMatch: "read",
    accessKeyId: null,
    active: key.active,
    createdAt,
    createdAtText,
    lastUsed,
    lastUsedText,
    lastUseRecorded: key.lastUsedDate !== null,
    lastUseInvalid: invalidLastUse(key.lastUsedDate),
    lastUsedService,
    lastUsedRegion: textOf(key.lastUsedRegion),
    reportSlot: key,
    name: nameOfKey(row.user, null, key.slot),
    identity: identityOf(row.arn, createdAtTexts, index, `slot-${key.slot}`),
    evidence: evidenceOf(null, key.slot, key.active, createdAtText, lastUsedText, lastUsedService),
  };
}

function fromReport(row: CredentialReportRow): UserView {
  const held = row.accessKeys.filter(holdsKey);
  const createdAtTexts = held.map((slot) => textOfTime(dateOf(slot.lastRotated)));
  const passwordLastUsed = lastUse(row.passwordLastUsed);
  const passwordLastChanged = dateOf(row.passwordLastChanged);
  return {
    userName: row.user,
    arn: row.arn,
    userId: null,
    createdAt: dateOf(row.userCreationTime),
    source: "credential-report",
    credentialReportLine: row.line,
    reportRow: row,
    verifiedAt: null,
    hasPassword: typeof row.passwordEnabled === "boolean" ? row.passwordEnabled : null,
    mfaActive: row.mfaActive,
    passwordLastUsed,
    passwordLastUsedText: lastUseEvidence(passwordLastUsed),
    passwordLastChanged,
    passwordLastChangedText: textOfTime(passwordLastChanged),
    passwordCreatedAt: null,
    keys: held.map((slot, index) => fromReportSlot(row, slot, createdAtTexts, index)),
  };
}

/** The report slots whose `last_rotated` is within 1 s of an API key's CreateDate (the report keeps seconds). */
function sameSecondSlots(row: CredentialReportRow | undefined, key: ApiKey): AccessKeySlot[] {
  return (row?.accessKeys ?? []).filter(
    (slot) =>
      slot.lastRotated instanceof Date &&
      Math.abs(slot.lastRotated.getTime() - key.createDate.getTime()) < 1000,
  );
}

function fromApiKey(
  listed: IamUser,
  row: CredentialReportRow | undefined,
  key: ApiKey,
  createdAtTexts: readonly (string | null)[],
  index: number,
): KeyView {
  const active = key.status === "Active";
  const sameTime = sameSecondSlots(row, key);
  const candidates = sameTime.length > 1 ? sameTime.filter((slot) => slot.active === active) : sameTime;
  const unique = candidates.length === 1 ? (candidates[0] as AccessKeySlot) : undefined;
  const lastUsed = key.lastUsed.date ?? "never";
  const createdAtText = createdAtTexts[index] ?? null;
  const lastUsedText = lastUseEvidence(lastUsed);
  const slot = unique?.slot ?? null;
  return {
    slot,
    matchedSlot: slot,
    slotMatch: unique ? "unique" : candidates.length === 0 ? "none" : "ambiguous",
    accessKeyId: key.accessKeyId,
    active,
    createdAt: key.createDate,
    createdAtText,
    lastUsed,
    lastUsedText,
    lastUseRecorded: true,
    lastUseInvalid: null,
    lastUsedService: key.lastUsed.serviceName,
    lastUsedRegion: key.lastUsed.region,
    reportSlot: null,
    name: nameOfKey(listed.userName, key.accessKeyId, slot),
    identity: identityOf(listed.arn, createdAtTexts, index, key.accessKeyId),
    evidence: evidenceOf(
      key.accessKeyId,
      slot,
      active,
      createdAtText,
      lastUsedText,
      key.lastUsed.serviceName,
    ),
  };
}

/**
 * The API view of a user the scan re-read: a removed login profile means no password, whatever
 * `PasswordLastUsed` still says. `row` is the user's report row, absent for a user created after it;
 * `listed` is the user as ListUsers returned it.
 */
function fromApi(
  credentials: UserCredentials,
  row: CredentialReportRow | undefined,
  listed: IamUser,
): UserView {
  const profile = credentials.loginProfile;
  const reportChanged =
    row?.passwordEnabled === true && row.passwordLastChanged instanceof Date ? row.passwordLastChanged : null;
  const passwordLastUsed: LastUse = profile ? (listed.passwordLastUsed ?? "never") : "never";
  const passwordLastChanged = profile ? (reportChanged ?? profile.createDate) : null;
  const createdAtTexts = credentials.accessKeys.map((key) => isoTime(key.createDate));
  return {
    userName: listed.userName,
    arn: listed.arn,
    userId: credentials.user.userId,
    createdAt: credentials.user.createDate,
    source: "api",
    credentialReportLine: row?.line ?? null,
    reportRow: null,
    verifiedAt: credentials.checkedAt,
    hasPassword: profile !== null,
    mfaActive: row ? row.mfaActive : null,
    passwordLastUsed,
    passwordLastUsedText: lastUseEvidence(passwordLastUsed),
    passwordLastChanged,
    passwordLastChangedText: textOfTime(passwordLastChanged),
    passwordCreatedAt: profile ? profile.createDate : null,
    keys: credentials.accessKeys.map((key, index) => fromApiKey(listed, row, key, createdAtTexts, index)),
  };
}

/** The views {@link userViews} built, per snapshot, with the data they were built from. */
const viewsOf = new WeakMap<
  Snapshot,
  {
    readonly report: Snapshot["credentialReport"];
    readonly iamUsers: Snapshot["iamUsers"];
    readonly userCredentials: Snapshot["userCredentials"];
    readonly views: readonly UserView[];
  }
>();

/**
 * Every IAM user (not root), one view each: the API's fresh view for users the scan re-read
 * (`snapshot.userCredentials`), else the report row. Users deleted since the report (absent from
 * `snapshot.iamUsers`) are left out; users created since it come from the API, after the report's users.
 * Built once per snapshot (while its report, users and re-read credentials stay the same objects) and
 * shared by every rule: the array and the views are read-only.
 */
export function userViews(snapshot: Snapshot): readonly UserView[] {
  const known = viewsOf.get(snapshot);
  if (
    known &&
    known.report === snapshot.credentialReport &&
    known.iamUsers === snapshot.iamUsers &&
    known.userCredentials === snapshot.userCredentials
  )
    return known.views;
  const views = buildUserViews(snapshot);
  viewsOf.set(snapshot, {
    report: snapshot.credentialReport,
    iamUsers: snapshot.iamUsers,
    userCredentials: snapshot.userCredentials,
    views,
  });
  return views;
}

function buildUserViews(snapshot: Snapshot): UserView[] {
  const report = snapshot.credentialReport;
  if (!report) return [];
  const listed = snapshot.iamUsers ? new Set(snapshot.iamUsers.map((user) => user.arn)) : undefined;
  const fresh: ReadonlyMap<string, UserCredentials> = snapshot.userCredentials ?? new Map();
  const rows = report.rows.filter((row) => !row.isRoot && (listed === undefined || listed.has(row.arn)));
  const views = rows.map((row) => {
    const credentials = fresh.get(row.user);
    return credentials ? fromApi(credentials, row, credentials.user) : fromReport(row);
  });
  const inReport = new Set(rows.map((row) => row.arn));
  for (const user of snapshot.iamUsers ?? []) {
    const credentials = fresh.get(user.userName);
    if (!inReport.has(user.arn) && credentials) views.push(fromApi(credentials, undefined, user));
  }
  return views;
}

/**
 * Users created after the credential report that the scan listed (ListUsers) but did not read through
 * the IAM API (more than `--verify-max-users` users to read): neither the report nor the API says
 * anything of their credentials.
 */
export function unreadUsers(snapshot: Snapshot): IamUser[] {
  const report = snapshot.credentialReport;
  if (!report || !snapshot.iamUsers) return [];
  const inReport = new Set(report.rows.map((row) => row.arn));
  const fresh: ReadonlyMap<string, UserCredentials> = snapshot.userCredentials ?? new Map();
  return snapshot.iamUsers.filter((user) => !inReport.has(user.arn) && !fresh.has(user.userName));
}

/**
 * One MANUAL finding per {@link unreadUsers} user for a per-user rule: every user the scan knows of gets
 * a finding, never silence (issue: users beyond `--verify-max-users` vanished from the results).
 */
export function unreadUserFindings(rule: FindingRuleInfo, snapshot: Snapshot): Finding[] {
  return unreadUsers(snapshot).map((user) =>
    buildFinding(rule, snapshot, {
      status: "MANUAL",
      resourceType: "AWS::IAM::User",
      resourceArn: user.arn,
      resourceName: user.userName,
      identity: [user.arn],
      statusExtended: `${user.userName} was created after the credential report (${isoTime(user.createDate)}) and was not read through the IAM API: not judged. Raise --verify-max-users, or scan again once AWS has a newer report.`,
      evidence: {
        reason: "not-read",
        userName: user.userName,
        userArn: user.arn,
        userCreationTime: isoTime(user.createDate),
        credentialReportGeneratedAt: snapshot.credentialReport?.generatedAt
          ? isoTime(snapshot.credentialReport.generatedAt)
          : null,
        source: "api",
      },
    }),
  );
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

/** Evidence of one key ({@link KeyView.evidence}): shared by every finding that lists it (read-only). */
export function keyEvidence(key: KeyView): Readonly<Record<string, unknown>> {
  return key.evidence;
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
    // Object.assign: the same keys in the same order as spreading both, without the spread's cost.
    evidence: Object.assign(userEvidence(snapshot, user), evidence),
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
    resourceName: key.name,
    identity: key.identity,
    statusExtended,
    evidence: Object.assign(userKeyEvidence(snapshot, user, key), evidence),
  };
}

/**
 * {@link userEvidence} followed by {@link keyEvidence}: the same keys in the same order, written as one
 * object literal so that V8 keeps all eleven fields inside the object (merging the two objects spilled
 * them into a separate, grown property array per finding).
 */
function userKeyEvidence(snapshot: Snapshot, user: UserView, key: KeyView): Record<string, unknown> {
  return {
    userName: user.userName,
    userArn: user.arn,
    source: user.source,
    credentialReportLine: user.credentialReportLine,
    credentialReportGeneratedAt: snapshot.credentialReport?.generatedAt
      ? isoTime(snapshot.credentialReport.generatedAt)
      : null,
    accessKeyId: key.accessKeyId,
    accessKeySlot: key.slot,
    active: key.active,
    createdAt: key.createdAtText,
    lastUsedDate: key.lastUsedText,
    lastUsedService: key.lastUsedService,
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
