/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.11 (Level 1, Automated):
 * "Do not setup access keys during initial user setup for all IAM users that have a console password".
 *
 * Audit, as the benchmark describes it: in the credential report, for every IAM user (not root) whose
 * `password_enabled` is `true`, an access key that is active and whose `access_key_N_last_used_date` is
 * `N/A` was created without need. Each such key is one FAIL. Both key slots are judged; an inactive key
 * does not fail. Data: IAM GenerateCredentialReport / GetCredentialReport.
 */
import type { AccessKeySlot, CredentialReport, CredentialReportRow } from "../credential-report/types.js";
import { isToken } from "../credential-report/types.js";
import { buildFinding, type Finding, type Verdict } from "../engine/finding.js";
import { cellEvidence, humanDuration, isoTime } from "../engine/time.js";
import type { UserCredentials } from "../snapshot/iam.js";
import type { Snapshot } from "../snapshot/types.js";
import { accessKeyIdentity } from "./key-identity.js";
import type { Rule } from "./types.js";

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
  frameworks: {
    cis_v120: ["1.21"],
    cis_v130: ["1.11"],
    cis_v140: ["1.11"],
    cis_v150: ["1.11"],
    cis_v200: ["1.11"],
    cis_v300: ["1.11"],
    cis_v400: ["1.11"],
    cis_v500: ["1.10"],
    cis_v600: ["2.10"],
  },
  requires: ["credentialReport"],
  apis: ["iam:GenerateCredentialReport", "iam:GetCredentialReport"],
  cloudTrailEvents: [
    "CreateAccessKey",
    "CreateLoginProfile",
    "CreateUser",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "DeleteLoginProfile",
  ],
  defaults: { setupWindowSeconds: 60 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    const report = snapshot.credentialReport;
    if (!report) return [];
    const listed = snapshot.iamUsers ? new Set(snapshot.iamUsers.map((user) => user.arn)) : undefined;
    const fresh = snapshot.userCredentials ?? {};
    const rows = report.rows.filter((row) => !row.isRoot);
    const findings = rows
      // A user deleted after the report was generated is not judged (the scan says so in a warning).
      .filter((row) => listed === undefined || listed.has(row.arn))
      .flatMap((row) => {
        const credentials = fresh[row.user];
        return credentials
          ? judgeFromApi(snapshot, report, row, credentials, params)
          : judgeFromReport(snapshot, report, row, params);
      });
    // Users created after the report was generated are judged from the API alone.
    const inReport = new Set(rows.map((row) => row.arn));
    for (const user of snapshot.iamUsers ?? []) {
      const credentials = fresh[user.userName];
      if (!inReport.has(user.arn) && credentials) {
        findings.push(...judgeFromApi(snapshot, report, undefined, credentials, params));
      }
    }
    return findings;
  },
};

/** A key slot that holds a key: it has a creation time, or says it is active. */
function holdsKey(key: AccessKeySlot): boolean {
  return key.active || key.lastRotated instanceof Date;
}

function neverUsed(key: AccessKeySlot): boolean {
  return isToken(key.lastUsedDate, "N/A");
}

function secondsBetween(from: unknown, to: unknown): number | null {
  return from instanceof Date && to instanceof Date
    ? Math.round((to.getTime() - from.getTime()) / 1000)
    : null;
}

function keyEvidence(report: CredentialReport, row: CredentialReportRow, key: AccessKeySlot, params: Params) {
  const seconds = secondsBetween(row.userCreationTime, key.lastRotated);
  return {
    userName: row.user,
    userArn: row.arn,
    userCreationTime: cellEvidence(row.userCreationTime),
    passwordEnabled: true,
    passwordLastUsed: cellEvidence(row.passwordLastUsed),
    accessKeySlot: key.slot,
    active: key.active,
    createdAt: cellEvidence(key.lastRotated),
    secondsAfterUserCreation: seconds,
    createdAtSetup: seconds !== null && Math.abs(seconds) <= params.setupWindowSeconds,
    setupWindowSeconds: params.setupWindowSeconds,
    lastUsedDate: cellEvidence(key.lastUsedDate),
    lastUsedService: cellEvidence(key.lastUsedService),
    lastUsedRegion: cellEvidence(key.lastUsedRegion),
    credentialReportGeneratedAt: report.generatedAt ? isoTime(report.generatedAt) : null,
    credentialReportLine: row.line,
    source: "credential-report",
  };
}

function whenCreated(seconds: number | null, atSetup: boolean): string {
  if (seconds === null) return "with no recorded creation time";
  const relation = seconds < 0 ? "before" : "after";
  return `created ${humanDuration(seconds)} ${relation} the user${atSetup ? " (at initial setup)" : ""}`;
}

function keyVerdict(
  report: CredentialReport,
  row: CredentialReportRow,
  key: AccessKeySlot,
  params: Params,
): Verdict {
  const evidence = keyEvidence(report, row, key, params);
  const created = whenCreated(evidence.secondsAfterUserCreation, evidence.createdAtSetup);
  const usageKnown = key.lastUsedDate !== null;
  return {
    status: usageKnown ? "FAIL" : "MANUAL",
    resourceType: "AWS::IAM::AccessKey",
    resourceArn: row.arn,
    resourceName: `${row.user} access key ${key.slot}`,
    // The key's creation time identifies it across runs; the slot number does not (slot order is not creation order).
    identity: accessKeyIdentity(
      row.arn,
      evidence.createdAt,
      row.accessKeys
        .filter((other) => other !== key && holdsKey(other))
        .map((other) => cellEvidence(other.lastRotated)),
      `slot-${key.slot}`,
    ),
    statusExtended: usageKnown
      ? `${row.user} has a console password and access key ${key.slot}, ${created}, is active and has never been used.`
      : `${row.user} has a console password and active access key ${key.slot}, ${created}, but this pre-April-2015 report has no last-used columns: check it with aws iam get-access-key-last-used.`,
    evidence,
  };
}

function describeOtherKeys(row: CredentialReportRow): string {
  const notes = row.accessKeys.filter(holdsKey).map((key) => {
    if (!key.active && neverUsed(key))
      return `access key ${key.slot} is inactive and was never used: delete it`;
    if (!key.active) return `access key ${key.slot} is inactive`;
    const last = cellEvidence(key.lastUsedDate);
    const service = cellEvidence(key.lastUsedService);
    return `access key ${key.slot} was last used ${last}${service && service !== "N/A" ? ` (${service})` : ""}`;
  });
  return notes.length === 0 ? "no access key" : notes.join("; ");
}

function userVerdict(
  report: CredentialReport,
  row: CredentialReportRow,
  status: "PASS" | "ERROR",
  sentence: string,
): Verdict {
  return {
    status,
    resourceType: "AWS::IAM::User",
    resourceArn: row.arn,
    resourceName: row.user,
    identity: [row.arn],
    statusExtended: sentence,
    evidence: {
      userName: row.user,
      userArn: row.arn,
      userCreationTime: cellEvidence(row.userCreationTime),
      passwordEnabled:
        typeof row.passwordEnabled === "boolean" ? row.passwordEnabled : row.passwordEnabled.token,
      accessKeys: row.accessKeys.map((key) => ({
        accessKeySlot: key.slot,
        active: key.active,
        createdAt: cellEvidence(key.lastRotated),
        lastUsedDate: cellEvidence(key.lastUsedDate),
        lastUsedService: cellEvidence(key.lastUsedService),
        lastUsedRegion: cellEvidence(key.lastUsedRegion),
      })),
      credentialReportGeneratedAt: report.generatedAt ? isoTime(report.generatedAt) : null,
      credentialReportLine: row.line,
      source: "credential-report",
    },
  };
}

function judgeFromReport(
  snapshot: Snapshot,
  report: CredentialReport,
  row: CredentialReportRow,
  params: Params,
): Finding[] {
  const make = (verdict: Verdict) => buildFinding(rule, snapshot, verdict);
  if (row.passwordEnabled === false) {
    return [make(userVerdict(report, row, "PASS", `${row.user} has no console password.`))];
  }
  if (row.passwordEnabled !== true) {
    const token = row.passwordEnabled.token;
    return [
      make(
        userVerdict(
          report,
          row,
          "ERROR",
          `${row.user} is an IAM user but the report says password_enabled=${token}; cannot judge.`,
        ),
      ),
    ];
  }
  const flagged = row.accessKeys.filter((key) => key.active && (neverUsed(key) || key.lastUsedDate === null));
  if (flagged.length > 0) return flagged.map((key) => make(keyVerdict(report, row, key, params)));
  return [
    make(
      userVerdict(report, row, "PASS", `${row.user} has a console password and ${describeOtherKeys(row)}.`),
    ),
  ];
}

/**
 * The report slot that holds this API key: the slot whose `last_rotated` is the key's CreateDate (to the
 * second), preferring the one whose active flag matches the key's status. Never by list position.
 */
function matchSlot(
  row: CredentialReportRow | undefined,
  key: ApiKey,
): { slot: 1 | 2 | null; match: "unique" | "none" | "ambiguous" } {
  if (!row) return { slot: null, match: "none" };
  const sameTime = row.accessKeys.filter(
    (slot) =>
      slot.lastRotated instanceof Date &&
      Math.abs(slot.lastRotated.getTime() - key.createDate.getTime()) < 1000,
  );
  const candidates =
    sameTime.length > 1 ? sameTime.filter((slot) => slot.active === (key.status === "Active")) : sameTime;
  if (candidates.length === 1) return { slot: (candidates[0] as AccessKeySlot).slot, match: "unique" };
  return { slot: null, match: candidates.length === 0 ? "none" : "ambiguous" };
}

type ApiKey = UserCredentials["accessKeys"][number];

function apiKeyEvidence(
  report: CredentialReport,
  row: CredentialReportRow | undefined,
  credentials: UserCredentials,
  key: ApiKey,
  params: Params,
) {
  const seconds = Math.round((key.createDate.getTime() - credentials.user.createDate.getTime()) / 1000);
  const { slot, match } = matchSlot(row, key);
  return {
    userName: credentials.user.userName,
    userArn: credentials.user.arn,
    userId: credentials.user.userId,
    userCreationTime: isoTime(credentials.user.createDate),
    passwordEnabled: credentials.loginProfile !== null,
    passwordCreatedAt: credentials.loginProfile ? isoTime(credentials.loginProfile.createDate) : null,
    accessKeyId: key.accessKeyId,
    accessKeySlot: slot,
    accessKeySlotMatch: match,
    active: key.status === "Active",
    createdAt: isoTime(key.createDate),
    secondsAfterUserCreation: seconds,
    createdAtSetup: Math.abs(seconds) <= params.setupWindowSeconds,
    setupWindowSeconds: params.setupWindowSeconds,
    lastUsedDate: key.lastUsed.date ? isoTime(key.lastUsed.date) : "N/A",
    lastUsedService: key.lastUsed.serviceName ?? "N/A",
    lastUsedRegion: key.lastUsed.region ?? "N/A",
    credentialReportGeneratedAt: report.generatedAt ? isoTime(report.generatedAt) : null,
    credentialReportLine: row?.line ?? null,
    verifiedAt: isoTime(credentials.checkedAt),
    source: "api",
  };
}

/** Judges one user from the IAM API's current view (ListAccessKeys, GetAccessKeyLastUsed, GetLoginProfile). */
function judgeFromApi(
  snapshot: Snapshot,
  report: CredentialReport,
  row: CredentialReportRow | undefined,
  credentials: UserCredentials,
  params: Params,
): Finding[] {
  const user = credentials.user;
  const make = (verdict: Verdict) => buildFinding(rule, snapshot, verdict);
  const userEvidence = {
    userName: user.userName,
    userArn: user.arn,
    userId: user.userId,
    userCreationTime: isoTime(user.createDate),
    passwordEnabled: credentials.loginProfile !== null,
    accessKeys: credentials.accessKeys
      .map((key) => apiKeyEvidence(report, row, credentials, key, params))
      .map((key) => ({
        accessKeyId: key.accessKeyId,
        accessKeySlot: key.accessKeySlot,
        active: key.active,
        createdAt: key.createdAt,
        lastUsedDate: key.lastUsedDate,
        lastUsedService: key.lastUsedService,
        lastUsedRegion: key.lastUsedRegion,
      })),
    credentialReportGeneratedAt: report.generatedAt ? isoTime(report.generatedAt) : null,
    credentialReportLine: row?.line ?? null,
    verifiedAt: isoTime(credentials.checkedAt),
    source: "api",
  };
  const userVerdictFromApi = (sentence: string): Verdict => ({
    status: "PASS",
    resourceType: "AWS::IAM::User",
    resourceArn: user.arn,
    resourceName: user.userName,
    identity: [user.arn],
    statusExtended: sentence,
    evidence: userEvidence,
  });
  if (!credentials.loginProfile)
    return [make(userVerdictFromApi(`${user.userName} has no console password.`))];
  const failing = credentials.accessKeys.filter(
    (key) => key.status === "Active" && key.lastUsed.date === null,
  );
  if (failing.length === 0) {
    const notes = credentials.accessKeys.map((key) => {
      if (key.status === "Inactive")
        return `access key ${key.accessKeyId} is inactive${key.lastUsed.date ? "" : " and was never used: delete it"}`;
      return `access key ${key.accessKeyId} was last used ${isoTime(key.lastUsed.date as Date)}${key.lastUsed.serviceName ? ` (${key.lastUsed.serviceName})` : ""}`;
    });
    return [
      make(
        userVerdictFromApi(
          `${user.userName} has a console password and ${notes.length === 0 ? "no access key" : notes.join("; ")}.`,
        ),
      ),
    ];
  }
  return failing.map((key) => {
    const evidence = apiKeyEvidence(report, row, credentials, key, params);
    const created = whenCreated(evidence.secondsAfterUserCreation, evidence.createdAtSetup);
    return make({
      status: "FAIL",
      resourceType: "AWS::IAM::AccessKey",
      resourceArn: user.arn,
      resourceName: key.accessKeyId,
      // Same identity as the report-based verdict (user ARN + key creation time), so uids match across modes.
      identity: accessKeyIdentity(
        user.arn,
        evidence.createdAt,
        credentials.accessKeys.filter((other) => other !== key).map((other) => isoTime(other.createDate)),
        key.accessKeyId,
      ),
      statusExtended: `${user.userName} has a console password and access key ${key.accessKeyId}, ${created}, is active and has never been used.`,
      evidence,
    });
  });
}
