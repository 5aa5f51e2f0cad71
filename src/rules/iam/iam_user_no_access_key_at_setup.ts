/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.11 (Level 1, Automated):
 * "Do not setup access keys during initial user setup for all IAM users that have a console password".
 *
 * Audit, as the benchmark describes it: in the credential report, for every IAM user (not root) whose
 * `password_enabled` is `true`, an access key that is active and whose `access_key_N_last_used_date` is
 * `N/A` was created without need. Each such key is one FAIL. Both key slots are judged; an inactive key
 * does not fail. Data: IAM GenerateCredentialReport / GetCredentialReport; where the scan re-read a user
 * through the API (GetLoginProfile, ListAccessKeys, GetAccessKeyLastUsed), that fresher view, merged with
 * the report by `userViews` in iam-common.ts like every per-user rule.
 */
import type { AccessKeySlot, CredentialReport, CredentialReportRow } from "../../credential-report/types.js";
import { isToken } from "../../credential-report/types.js";
import { cellEvidence } from "../../credential-report/values.js";
import type { Finding, Verdict } from "../../model/finding.js";
import { humanDuration, isoTime } from "../../model/time.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  finder,
  invalidLastUseSentence,
  type KeyView,
  keyPhrase,
  type UserView,
  unreadUserFindings,
  userViews,
} from "./iam-common.js";
import { accessKeyIdentity } from "./key-identity.js";

/** Parameters of {@link rule}. */
export interface Params {
  /**
   * A key created at most this many seconds after its user counts as created at initial setup
   * (evidence only; it does not change the verdict). Console-created users show 0–1 s. Default 60.
   */
  readonly setupWindowSeconds: number;
}

const ID = "iam_user_no_access_key_at_setup";

/** The 1.11 rule. */
export const rule: Rule<Params> = {
  id: ID,
  aliases: ["iam_user_no_setup_initial_access_key"],
  title: "Do not set up access keys during initial user setup for IAM users that have a console password",
  severity: "medium",
  resourceTypes: ["AWS::IAM::User", "AWS::IAM::AccessKey"],
  description:
    "Finds IAM users with a console password who hold an active access key that has never been used. " +
    "The IAM console offers to create an access key when it creates a user; a person who signs in to the " +
    "console rarely needs one, and a key nobody uses is a long-lived secret with no owner watching it.",
  rationale:
    "Requiring the user to create their own key when they first need it, after setup, keeps unused " +
    "long-term credentials out of the account and leaves a record of who needed programmatic access.",
  remediation: {
    console: [
      "Open the IAM console and choose Users, then the user named in the finding.",
      "On the Security credentials tab, find the access key named in the finding (created at the time shown, last used: N/A).",
      "Choose Actions → Deactivate, confirm, and check with the owner that nothing broke.",
      "After a quarantine period, choose Actions → Delete for that key.",
    ],
    cli: [
      "aws iam list-access-keys --user-name <user>",
      "aws iam get-access-key-last-used --access-key-id <access-key-id>",
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name <user>",
      "aws iam delete-access-key --access-key-id <access-key-id> --user-name <user>",
    ],
    iac: {
      cloudformation: [
        "UserKey:",
        "  Type: AWS::IAM::AccessKey",
        "  Properties:",
        "    UserName: !Ref User",
        "    Status: Inactive   # then remove the resource once nobody needs it",
      ].join("\n"),
      terraform: [
        'resource "aws_iam_access_key" "user_key" {',
        "  user   = aws_iam_user.user.name",
        '  status = "Inactive" # then remove the resource once nobody needs it',
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.userCredentials"],
  cloudTrailEvents: [
    "CreateAccessKey",
    "CreateLoginProfile",
    "CreateUser",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "DeleteLoginProfile",
  ],
  defaults: { setupWindowSeconds: 60 },
  /**
   * Before a live scan reports them, the users this rule flags (FAIL or MANUAL) are read again through
   * the IAM API: the report may be hours old, and the findings then name the exact access key id that
   * `remediate` and `explain` act on.
   */
  recheckUsers(snapshot: Snapshot, params: Params): string[] {
    return rule
      .evaluate(snapshot, params)
      .filter((finding) => finding.status === "FAIL" || finding.status === "MANUAL")
      .map((finding) => finding.evidence.userName)
      .filter((userName): userName is string => typeof userName === "string");
  },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    const report = snapshot.credentialReport;
    if (!report) return [];
    const make = finder(rule, snapshot);
    // One view per user: the API's fresh view where the scan re-read the user, else the report row;
    // users deleted since the report are left out, users created since it are judged from the API.
    const findings: Finding[] = [];
    for (const user of userViews(snapshot)) {
      for (const verdict of judgeUser(report, user, params)) findings.push(make(verdict));
    }
    for (const finding of unreadUserFindings(rule, snapshot)) findings.push(finding);
    return findings;
  },
};

/** The verdicts for one user: one per active never-used key, else one about the user. */
function judgeUser(report: CredentialReport, user: UserView, params: Params): Verdict[] {
  if (user.hasPassword === false) {
    return [userVerdict(report, user, "PASS", `${user.userName} has no console password.`)];
  }
  if (user.hasPassword === null) {
    const cell = user.reportRow ? passwordEnabledCell(user.reportRow) : "unknown";
    return [
      userVerdict(
        report,
        user,
        "ERROR",
        `${user.userName} is an IAM user but the report says password_enabled=${cell}; cannot judge.`,
      ),
    ];
  }
  const flagged = user.keys.filter(
    (key) => key.active && (neverUsed(key) || !key.lastUseRecorded || key.lastUseInvalid !== null),
  );
  if (flagged.length > 0) return flagged.map((key) => keyVerdict(report, user, key, params));
  const sentence = `${user.userName} has a console password and ${describeKeys(user)}.`;
  return [userVerdict(report, user, "PASS", sentence)];
}

/** A key's times and last use as 1.11's evidence writes them: ISO time, text, a placeholder token, or null. */
interface KeyCells {
  readonly createdAt: string | null;
  readonly lastUsedDate: string | null;
  readonly lastUsedService: string | null;
  readonly lastUsedRegion: string | null;
}

/** A report slot as a user-level finding lists it: its number, active flag and cells as written. */
interface SlotEvidence extends KeyCells {
  readonly accessKeySlot: 1 | 2;
  readonly active: boolean;
}

/** A report slot's evidence, cells as written (null where a 16-column report has no last-used columns). */
function slotEvidence(slot: AccessKeySlot): SlotEvidence {
  return {
    accessKeySlot: slot.slot,
    active: slot.active,
    createdAt: cellEvidence(slot.lastRotated),
    lastUsedDate: cellEvidence(slot.lastUsedDate),
    lastUsedService: cellEvidence(slot.lastUsedService),
    lastUsedRegion: cellEvidence(slot.lastUsedRegion),
  };
}

/** A key's cells: the report's as written, or for an API key the same with `N/A` where it has no last use. */
function keyCells(key: KeyView): KeyCells {
  if (key.reportSlot) return slotEvidence(key.reportSlot);
  return {
    createdAt: key.createdAtText,
    lastUsedDate: key.lastUsed instanceof Date ? key.lastUsedText : "N/A",
    lastUsedService: key.lastUsedService ?? "N/A",
    lastUsedRegion: key.lastUsedRegion ?? "N/A",
  };
}

/** Never used, as CIS 1.11 reads it: `last_used_date` is `N/A` (not `no_information`), or the API has no date. */
function neverUsed(key: KeyView): boolean {
  // What keyCells(key).lastUsedDate === "N/A" says, without building the cells.
  return key.reportSlot ? isToken(key.reportSlot.lastUsedDate, "N/A") : !(key.lastUsed instanceof Date);
}

/** The report's `password_enabled` cell: `true`, `false` or its placeholder token. */
function passwordEnabledCell(row: CredentialReportRow): boolean | string {
  return typeof row.passwordEnabled === "boolean" ? row.passwordEnabled : row.passwordEnabled.token;
}

function secondsBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? Math.round((to.getTime() - from.getTime()) / 1000) : null;
}

function whenCreated(seconds: number | null, atSetup: boolean): string {
  if (seconds === null) return "with no recorded creation time";
  const relation = seconds < 0 ? "before" : "after";
  return `created ${humanDuration(seconds)} ${relation} the user${atSetup ? " (at initial setup)" : ""}`;
}

/** The service a sentence names for a key's last use: the report cell unless `N/A`, or the API's ServiceName. */
function lastService(key: KeyView): string | null {
  if (!key.reportSlot) return key.lastUsedService;
  const cell = key.reportSlot.lastUsedService;
  return isToken(cell, "N/A") ? null : cellEvidence(cell);
}

function describeKeys(user: UserView): string {
  const notes = user.keys.map((key) => {
    const phrase = keyPhrase(key);
    if (!key.active) return `${phrase} is inactive${neverUsed(key) ? " and was never used: delete it" : ""}`;
    const service = lastService(key);
    return `${phrase} was last used ${keyCells(key).lastUsedDate}${service ? ` (${service})` : ""}`;
  });
  return notes.length === 0 ? "no access key" : notes.join("; ");
}

/** Who the user is: the first fields of every 1.11 finding's evidence. */
function userHead(user: UserView): Record<string, unknown> {
  return user.reportRow
    ? {
        userName: user.userName,
        userArn: user.arn,
        userCreationTime: cellEvidence(user.reportRow.userCreationTime),
      }
    : {
        userName: user.userName,
        userArn: user.arn,
        userId: user.userId,
        userCreationTime: user.createdAt ? isoTime(user.createdAt) : null,
      };
}

function generatedAtText(report: CredentialReport): string | null {
  return report.generatedAt ? isoTime(report.generatedAt) : null;
}

/** Where the facts come from: the last fields of every 1.11 finding's evidence. */
function sourceTail(report: CredentialReport, user: UserView): Record<string, unknown> {
  const credentialReportGeneratedAt = generatedAtText(report);
  return user.source === "api"
    ? {
        credentialReportGeneratedAt,
        credentialReportLine: user.credentialReportLine,
        verifiedAt: user.verifiedAt ? isoTime(user.verifiedAt) : null,
        source: user.source,
      }
    : { credentialReportGeneratedAt, credentialReportLine: user.credentialReportLine, source: user.source };
}

/** When a key was created relative to its user, as 1.11's evidence and sentence give it. */
interface Creation {
  /** Seconds from the user's creation to the key's; null when either is unknown. */
  readonly seconds: number | null;
  /** Within `setupWindowSeconds` of the user's creation. */
  readonly atSetup: boolean;
}

function creationOf(user: UserView, key: KeyView, params: Params): Creation {
  const seconds = secondsBetween(user.createdAt, key.createdAt);
  return { seconds, atSetup: seconds !== null && Math.abs(seconds) <= params.setupWindowSeconds };
}

/**
 * The evidence of a key finding, in its key order: who the user is ({@link userHead}), the password,
 * the key and its times, `lastUseUnknown` when it is, then {@link sourceTail}. Each part is one object
 * literal merged with Object.assign: spreading the parts into one literal left V8 a slow object per
 * finding (12 µs each).
 */
function keyEvidence(
  report: CredentialReport,
  user: UserView,
  key: KeyView,
  creation: Creation,
  params: Params,
): Record<string, unknown> {
  const cells = keyCells(key);
  const row = user.reportRow;
  const head = row
    ? {
        userName: user.userName,
        userArn: user.arn,
        userCreationTime: cellEvidence(row.userCreationTime),
        passwordEnabled: user.hasPassword,
        passwordLastUsed: cellEvidence(row.passwordLastUsed),
        accessKeySlot: key.slot,
        active: key.active,
        createdAt: cells.createdAt,
        secondsAfterUserCreation: creation.seconds,
        createdAtSetup: creation.atSetup,
        setupWindowSeconds: params.setupWindowSeconds,
        lastUsedDate: cells.lastUsedDate,
        lastUsedService: cells.lastUsedService,
        lastUsedRegion: cells.lastUsedRegion,
      }
    : {
        userName: user.userName,
        userArn: user.arn,
        userId: user.userId,
        userCreationTime: user.createdAt ? isoTime(user.createdAt) : null,
        passwordEnabled: user.hasPassword,
        passwordCreatedAt: user.passwordCreatedAt ? isoTime(user.passwordCreatedAt) : null,
        accessKeyId: key.accessKeyId,
        accessKeySlot: key.matchedSlot,
        accessKeySlotMatch: key.slotMatch,
        active: key.active,
        createdAt: cells.createdAt,
        secondsAfterUserCreation: creation.seconds,
        createdAtSetup: creation.atSetup,
        setupWindowSeconds: params.setupWindowSeconds,
        lastUsedDate: cells.lastUsedDate,
        lastUsedService: cells.lastUsedService,
        lastUsedRegion: cells.lastUsedRegion,
      };
  return Object.assign(
    head,
    key.lastUseInvalid !== null ? { lastUseUnknown: key.lastUseInvalid } : {},
    sourceTail(report, user),
  );
}

/**
 * The key's uid identity (see {@link accessKeyIdentity}). Its creation time is the text the evidence
 * shows, so a report key whose `last_rotated` is a placeholder keeps the uid it always had.
 */
function keyIdentity(user: UserView, key: KeyView): string[] {
  return accessKeyIdentity(
    user.arn,
    keyCells(key).createdAt,
    user.keys.filter((other) => other !== key).map((other) => keyCells(other).createdAt),
    key.accessKeyId ?? `slot-${key.slot}`,
  );
}

function keyVerdict(report: CredentialReport, user: UserView, key: KeyView, params: Params): Verdict {
  const creation = creationOf(user, key, params);
  const created = whenCreated(creation.seconds, creation.atSetup);
  const known = key.lastUseRecorded && key.lastUseInvalid === null;
  return {
    status: known ? "FAIL" : "MANUAL",
    resourceType: "AWS::IAM::AccessKey",
    resourceArn: user.arn,
    resourceName: key.name,
    // The key's creation time identifies it across runs and modes; the slot number does not.
    identity: keyIdentity(user, key),
    statusExtended: known
      ? `${user.userName} has a console password and ${keyPhrase(key)}, ${created}, is active and has never been used.`
      : key.lastUseInvalid !== null
        ? `${user.userName} has a console password and active ${keyPhrase(key)}, ${created}, but its last use is unknown: ${invalidLastUseSentence(key)}: check it with aws iam get-access-key-last-used.`
        : `${user.userName} has a console password and active ${keyPhrase(key)}, ${created}, but this pre-April-2015 report has no last-used columns: check it with aws iam get-access-key-last-used.`,
    evidence: keyEvidence(report, user, key, creation, params),
  };
}

/** The keys as a user-level finding of a user read through the API lists them. */
function apiKeysEvidence(user: UserView): Record<string, unknown>[] {
  return user.keys.map((key) => ({
    accessKeyId: key.accessKeyId,
    accessKeySlot: key.matchedSlot,
    active: key.active,
    ...keyCells(key),
  }));
}

function userVerdict(
  report: CredentialReport,
  user: UserView,
  status: "PASS" | "ERROR",
  sentence: string,
): Verdict {
  return {
    status,
    resourceType: "AWS::IAM::User",
    resourceArn: user.arn,
    resourceName: user.userName,
    identity: [user.arn],
    statusExtended: sentence,
    evidence: user.reportRow
      ? reportUserEvidence(report, user, user.reportRow)
      : Object.assign(
          userHead(user),
          { passwordEnabled: user.hasPassword, accessKeys: apiKeysEvidence(user) },
          sourceTail(report, user),
        ),
  };
}

/**
 * The evidence of a user-level finding about a user read from the report: its cells as written, the
 * fields of {@link userHead}, the password, every key slot and {@link sourceTail}, in one object.
 */
function reportUserEvidence(
  report: CredentialReport,
  user: UserView,
  row: CredentialReportRow,
): Record<string, unknown> {
  return {
    userName: user.userName,
    userArn: user.arn,
    userCreationTime: cellEvidence(row.userCreationTime),
    passwordEnabled: passwordEnabledCell(row),
    accessKeys: row.accessKeys.map(slotEvidence),
    credentialReportGeneratedAt: generatedAtText(report),
    credentialReportLine: user.credentialReportLine,
    source: user.source,
  };
}
