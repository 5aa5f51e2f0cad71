/**
 * Builds a {@link UserExplanation} from one user's data and the findings of a scan. Pure: no I/O, no
 * clock (times come in), so every explanation is reproducible in a test.
 */
import type { UserDetails } from "../../aws/user-details.js";
import type { CredentialReportRow, ReportText, ReportTime } from "../../credential-report/types.js";
import { isEmailAddress } from "../../model/email.js";
import type { Finding, Status } from "../../model/finding.js";
import { fillCommand } from "../../model/shell.js";
import { humanDuration, isoTime } from "../../model/time.js";
import { RULES } from "../../rules/index.js";
import { type AnyRule, cliCommandsFor } from "../../rules/types.js";
import {
  EXPLANATION_SCHEMA_VERSION,
  type ExplainedAccessKey,
  type ExplainedFinding,
  type ExplainedTag,
  type UserExplanation,
} from "./types.js";

/** What both builders need besides the user's own data. */
export interface ExplainContext {
  readonly accountId: string;
  /** Findings of a scan of the account; those about other users are ignored. */
  readonly findings: readonly Finding[];
  /** `GeneratedTime` of the credential report the findings came from, when known. */
  readonly credentialReportGeneratedAt?: Date | null;
  /** Rules for titles and remediation. Default: all rules. */
  readonly rules?: readonly AnyRule[];
}

/** Tag keys that name whom to ask about a user. */
const CONTACT_KEY = /owner|e-?mail|contact|manager|maintainer|responsible|team|created[-_ ]?by|requester/i;

const STATUS_ORDER: readonly Status[] = ["FAIL", "ERROR", "MANUAL", "PASS"];

const INSPECT_USER = [
  "aws iam get-user --user-name <user>",
  "aws iam get-login-profile --user-name <user>",
  "aws iam list-mfa-devices --user-name <user>",
  "aws iam list-access-keys --user-name <user>",
];
const INSPECT_KEY = "aws iam get-access-key-last-used --access-key-id <access-key-id>";
const INSPECT_TAGS = "aws iam list-user-tags --user-name <user>";

/** Tags a person would ask: owner/email/contact-like keys, or values that are email addresses. */
export function contactTags(tags: readonly ExplainedTag[]): ExplainedTag[] {
  return tags.filter((tag) => CONTACT_KEY.test(tag.key) || isEmailAddress(tag.value.trim()));
}

/** `1 second after the user`, `2 days before the user`; null when unknown. */
function relativeToUser(seconds: number | null): string | null {
  if (seconds === null) return null;
  return `${humanDuration(seconds)} ${seconds < 0 ? "before" : "after"} the user`;
}

function secondsBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? Math.round((to.getTime() - from.getTime()) / 1000) : null;
}

/** ISO time at whole seconds: the moment data was read, as people read it. */
function isoSeconds(date: Date): string {
  return isoTime(new Date(Math.floor(date.getTime() / 1000) * 1000));
}

function dateOf(value: ReportTime | null): Date | null {
  return value instanceof Date ? value : null;
}

/** A report text cell's value; null for a placeholder token or a missing column. */
function textOf(value: ReportText | null): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * The findings about this user (by `evidence.userName`, or the user's ARN), plus account-level ERROR
 * findings (the account could not be judged, so neither could this user), FAIL first.
 */
export function findingsForUser(
  findings: readonly Finding[],
  userName: string,
  userArn: string | null,
): Finding[] {
  const mine = findings.filter(
    (finding) =>
      finding.evidence.userName === userName ||
      (userArn !== null && finding.resourceArn === userArn && finding.resourceType !== "AWS::::Account") ||
      (finding.resourceType === "AWS::::Account" && finding.status === "ERROR"),
  );
  return mine.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

/**
 * The key a finding is about: `evidence.accessKeyId` when the finding carries it, else the one key of
 * the user created at exactly `evidence.createdAt` (creation times identify keys; slot order does not).
 * Null when there is no unique match.
 */
function keyIdOf(finding: Finding, keys: readonly ExplainedAccessKey[]): string | null {
  const id = finding.evidence.accessKeyId;
  if (typeof id === "string" && id !== "") return id;
  const createdAt = finding.evidence.createdAt;
  if (typeof createdAt !== "string") return null;
  const matches = keys.filter((key) => key.accessKeyId !== null && key.createdAt === createdAt);
  return matches.length === 1 ? (matches[0]?.accessKeyId ?? null) : null;
}

function explainFindings(
  findings: readonly Finding[],
  userName: string,
  keys: readonly ExplainedAccessKey[],
  rules: readonly AnyRule[],
  notes: string[],
  live: boolean,
): ExplainedFinding[] {
  return findings.map((finding) => {
    const rule = rules.find((candidate) => candidate.id === finding.ruleId);
    const slot = typeof finding.evidence.accessKeySlot === "number" ? finding.evidence.accessKeySlot : null;
    const aboutKey = finding.resourceType === "AWS::IAM::AccessKey";
    const accessKeyId = aboutKey ? keyIdOf(finding, keys) : null;
    const createdAt = typeof finding.evidence.createdAt === "string" ? finding.evidence.createdAt : null;
    const fixable = rule !== undefined && (finding.status === "FAIL" || finding.status === "MANUAL");
    if (fixable && aboutKey && accessKeyId === null) {
      const which = `access key ${slot ?? "?"}${createdAt ? ` (created ${createdAt})` : ""}`;
      const note = live
        ? `No current access key of ${userName} matches ${which} of the credential report: it may have been deleted or replaced since the report was generated. Check with aws iam list-access-keys before changing anything.`
        : `The credential report has no access key ids: find the id of ${which} with aws iam list-access-keys (same creation time), or run cloudpatrol explain against the account.`;
      // Several findings (1.11, 1.12, 1.14) can name the same key: one note per key.
      if (!notes.includes(note)) notes.push(note);
    }
    const values = { user: userName, ...(accessKeyId !== null ? { accessKeyId } : {}) };
    return {
      uid: finding.uid,
      ruleId: finding.ruleId,
      title: rule?.title ?? finding.ruleId,
      status: finding.status,
      muted: finding.muted,
      severity: finding.severity,
      resourceName: finding.resourceName,
      statusExtended: finding.statusExtended,
      accessKeySlot: slot,
      accessKeyId,
      fix:
        fixable && rule
          ? {
              cli: cliCommandsFor(rule.remediation, finding.resourceType).map((template) =>
                fillCommand(template, values),
              ),
              console: [...rule.remediation.console],
            }
          : null,
    };
  });
}

function inspectCommands(userName: string, keys: readonly ExplainedAccessKey[]): string[] {
  const keyCommands = keys.flatMap((key) =>
    key.accessKeyId === null ? [] : [fillCommand(INSPECT_KEY, { accessKeyId: key.accessKeyId })],
  );
  return [
    ...INSPECT_USER.map((template) => fillCommand(template, { user: userName })),
    ...keyCommands,
    fillCommand(INSPECT_TAGS, { user: userName }),
  ];
}

/** Explains a user read through the IAM API ({@link getUserDetails}), with the findings of a live scan. */
export function explainFromApi(details: UserDetails, context: ExplainContext): UserExplanation {
  const { user } = details;
  const userName = user.userName;
  const accessKeys: ExplainedAccessKey[] = [...details.accessKeys]
    .sort((a, b) => a.createDate.getTime() - b.createDate.getTime())
    .map((key) => {
      const seconds = secondsBetween(user.createDate, key.createDate);
      return {
        accessKeyId: key.accessKeyId,
        slot: null,
        status: key.status,
        createdAt: isoTime(key.createDate),
        secondsAfterUserCreation: seconds,
        createdAfterUser: relativeToUser(seconds),
        usageKnown: true,
        lastUsedAt: key.lastUsed.date ? isoTime(key.lastUsed.date) : null,
        lastUsedService: key.lastUsed.serviceName,
        lastUsedRegion: key.lastUsed.region,
      };
    });
  const tags = details.tags.map((tag) => ({ key: tag.key, value: tag.value }));
  const notes: string[] = [];
  const findings = explainFindings(
    findingsForUser(context.findings, userName, user.arn || null),
    userName,
    accessKeys,
    context.rules ?? RULES,
    notes,
    true,
  );
  const profile = details.loginProfile;
  const generatedAt = context.credentialReportGeneratedAt;
  return {
    schemaVersion: EXPLANATION_SCHEMA_VERSION,
    source: "aws",
    accountId: context.accountId,
    userName,
    userArn: user.arn || null,
    userId: user.userId || null,
    path: user.path,
    createdAt: isoTime(user.createDate),
    checkedAt: isoSeconds(details.checkedAt),
    credentialReportGeneratedAt: generatedAt ? isoTime(generatedAt) : null,
    consolePassword: {
      enabled: profile !== null,
      createdAt: profile ? isoTime(profile.createDate) : null,
      secondsAfterUserCreation: profile ? secondsBetween(user.createDate, profile.createDate) : null,
      lastChangedAt: null,
      lastUsedAt: user.passwordLastUsed ? isoTime(user.passwordLastUsed) : null,
    },
    mfa: {
      active: details.mfaDevices.length > 0,
      devices: details.mfaDevices.map((device) => device.serialNumber),
    },
    accessKeys,
    tags,
    contacts: contactTags(tags),
    findings,
    inspect: inspectCommands(userName, accessKeys),
    notes,
  };
}

/** Explains a user from its credential report row, with the findings of the same report's scan. */
export function explainFromReport(
  row: CredentialReportRow,
  context: ExplainContext & { readonly checkedAt: Date },
): UserExplanation {
  const userCreated = dateOf(row.userCreationTime);
  const accessKeys: ExplainedAccessKey[] = row.accessKeys
    .filter((key) => key.active || key.lastRotated instanceof Date)
    .map((key) => {
      const created = dateOf(key.lastRotated);
      const seconds = secondsBetween(userCreated, created);
      const lastUsed = dateOf(key.lastUsedDate);
      return {
        accessKeyId: null,
        slot: key.slot,
        status: key.active ? "Active" : "Inactive",
        createdAt: created ? isoTime(created) : null,
        secondsAfterUserCreation: seconds,
        createdAfterUser: relativeToUser(seconds),
        usageKnown: key.lastUsedDate !== null,
        lastUsedAt: lastUsed ? isoTime(lastUsed) : null,
        lastUsedService: lastUsed ? textOf(key.lastUsedService) : null,
        lastUsedRegion: lastUsed ? textOf(key.lastUsedRegion) : null,
      };
    });
  const notes = [
    "Read from a credential report file: it has no access key ids, tags or MFA devices. Run cloudpatrol explain without --credential-report for the account's current state.",
  ];
  const findings = explainFindings(
    findingsForUser(context.findings, row.user, row.arn || null),
    row.user,
    accessKeys,
    context.rules ?? RULES,
    notes,
    false,
  );
  const passwordLastUsed = dateOf(row.passwordLastUsed);
  const passwordChanged = dateOf(row.passwordLastChanged);
  const generatedAt = context.credentialReportGeneratedAt;
  return {
    schemaVersion: EXPLANATION_SCHEMA_VERSION,
    source: "credential-report-file",
    accountId: context.accountId,
    userName: row.user,
    userArn: row.arn || null,
    userId: null,
    path: null,
    createdAt: userCreated ? isoTime(userCreated) : null,
    checkedAt: isoSeconds(context.checkedAt),
    credentialReportGeneratedAt: generatedAt ? isoTime(generatedAt) : null,
    consolePassword: {
      enabled: typeof row.passwordEnabled === "boolean" ? row.passwordEnabled : null,
      createdAt: null,
      secondsAfterUserCreation: null,
      lastChangedAt: passwordChanged ? isoTime(passwordChanged) : null,
      lastUsedAt: passwordLastUsed ? isoTime(passwordLastUsed) : null,
    },
    mfa: { active: row.mfaActive, devices: null },
    accessKeys,
    tags: null,
    contacts: [],
    findings,
    inspect: inspectCommands(row.user, accessKeys),
    notes,
  };
}
