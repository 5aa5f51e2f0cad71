/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.12 (Level 1, Automated):
 * "Ensure credentials unused for 45 days or greater are disabled".
 *
 * Audit, per credential of every IAM user (root excluded):
 * - a console password not used for `unusedDays` or more fails; a never-used password is aged from
 *   `password_last_changed` (when it was set);
 * - each active access key not used for `unusedDays` or more fails; a never-used key is aged from
 *   `last_rotated` (when it was created). Inactive keys are already disabled and are not judged.
 * A removed password is not a password, even when IAM still reports its `PasswordLastUsed`.
 * Ages count whole days up to the scan time (`snapshot.collectedAt`).
 */
import type { Finding, Verdict } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  days,
  daysBetween,
  finder,
  invalidLastUseSentence,
  type KeyView,
  keyPhrase,
  keyVerdict,
  lastUseEvidence,
  type UserView,
  unreadUserFindings,
  userEvidence,
  userVerdict,
  userViews,
} from "./iam-common.js";

/** Parameters of {@link rule}. */
export interface Params {
  /** A credential unused for this many days or more fails. Default 45 (CIS v1.4.0 onwards; v1.2.0/v1.3.0 say 90). */
  readonly unusedDays: number;
}

/** The 1.12 rule. */
export const rule: Rule<Params> = {
  id: "iam_user_unused_credentials_disabled",
  title: "Ensure credentials unused for 45 days or greater are disabled",
  severity: "medium",
  resourceTypes: ["AWS::IAM::User", "AWS::IAM::AccessKey"],
  description:
    "Finds console passwords and active access keys that have not been used for 45 days or more (never-used ones " +
    "counted from when they were set or created), one finding per credential.",
  rationale:
    "A credential nobody uses is a credential nobody would notice being abused. Disabling unused passwords and keys " +
    "shrinks what an attacker can steal.",
  remediation: {
    console: [
      "Open the IAM console, choose Users and the user named in the finding.",
      "For a password: on the Security credentials tab choose Manage console access → Disable.",
      "For an access key: choose Actions → Deactivate on the key named in the finding; delete it once nothing needs it.",
    ],
    cli: [
      "aws iam delete-login-profile --user-name <user>",
      "aws iam update-access-key --user-name <user> --access-key-id <access-key-id> --status Inactive",
    ],
    cliByResourceType: {
      "AWS::IAM::User": ["aws iam delete-login-profile --user-name <user>"],
      "AWS::IAM::AccessKey": [
        "aws iam update-access-key --user-name <user> --access-key-id <access-key-id> --status Inactive",
      ],
    },
    iac: {
      cloudformation:
        "# Detect unused credentials with the AWS Config managed rule:\nUnusedCredentials:\n  Type: AWS::Config::ConfigRule\n  Properties:\n    Source:\n      Owner: AWS\n      SourceIdentifier: IAM_USER_UNUSED_CREDENTIALS_CHECK\n    InputParameters:\n      maxCredentialUsageAge: '45'",
      terraform:
        'resource "aws_config_config_rule" "unused_credentials" {\n  name = "iam-user-unused-credentials-check"\n  source {\n    owner             = "AWS"\n    source_identifier = "IAM_USER_UNUSED_CREDENTIALS_CHECK"\n  }\n  input_parameters = jsonencode({ maxCredentialUsageAge = "45" })\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.userCredentials"],
  cloudTrailEvents: [
    "CreateLoginProfile",
    "DeleteLoginProfile",
    "CreateAccessKey",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "ConsoleLogin",
  ],
  defaults: { unusedDays: 45 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    const make = finder(rule, snapshot);
    const judged = userViews(snapshot).flatMap((user) => {
      const verdicts: Verdict[] = [];
      if (user.hasPassword === null) {
        verdicts.push(
          userVerdict(
            snapshot,
            user,
            "ERROR",
            `${user.userName} is an IAM user but the report does not say whether it has a console password; cannot judge.`,
          ),
        );
      } else if (user.hasPassword) {
        verdicts.push(passwordVerdict(snapshot, user, params));
      }
      for (const key of user.keys.filter((candidate) => candidate.active)) {
        verdicts.push(accessKeyVerdict(snapshot, user, key, params));
      }
      if (verdicts.length === 0) {
        verdicts.push(
          userVerdict(
            snapshot,
            user,
            "PASS",
            `${user.userName} has no console password and no active access key.`,
          ),
        );
      }
      return verdicts.map(make);
    });
    return [...judged, ...unreadUserFindings(rule, snapshot)];
  },
};

function passwordVerdict(snapshot: Snapshot, user: UserView, params: Params): Verdict {
  const used = user.passwordLastUsed instanceof Date ? user.passwordLastUsed : null;
  const since = used ?? (user.passwordLastUsed === "never" ? user.passwordLastChanged : null);
  const age = since ? daysBetween(since, snapshot.collectedAt) : null;
  const base: Verdict = {
    status: "PASS",
    resourceType: "AWS::IAM::User",
    resourceArn: user.arn,
    resourceName: `${user.userName} console password`,
    identity: [user.arn, "password"],
    statusExtended: "",
    evidence: {
      ...userEvidence(snapshot, user),
      credential: "password",
      passwordLastUsed: lastUseEvidence(user.passwordLastUsed),
      passwordLastChanged: user.passwordLastChanged ? isoTime(user.passwordLastChanged) : null,
      agedFrom: used ? "password_last_used" : since ? "password_last_changed" : null,
      daysUnused: age,
      unusedDays: params.unusedDays,
    },
  };
  if (age === null) {
    return {
      ...base,
      status: "MANUAL",
      statusExtended: `${user.userName} has a console password with no recorded use or change time: check it in the IAM console.`,
    };
  }
  const what = used
    ? `was last used ${days(age)} ago (${isoTime(used)})`
    : `was never used since it was set ${days(age)} ago (${isoTime(since as Date)})`;
  return age >= params.unusedDays
    ? {
        ...base,
        status: "FAIL",
        statusExtended: `${user.userName}'s console password ${what}, ${params.unusedDays} days or more: disable it.`,
      }
    : { ...base, statusExtended: `${user.userName}'s console password ${what}.` };
}

function accessKeyVerdict(snapshot: Snapshot, user: UserView, key: KeyView, params: Params): Verdict {
  const used = key.lastUsed instanceof Date ? key.lastUsed : null;
  const since = used ?? (key.lastUsed === "never" ? key.createdAt : null);
  const age = since ? daysBetween(since, snapshot.collectedAt) : null;
  const evidence = {
    credential: "access-key",
    agedFrom: used ? "last_used_date" : since ? "last_rotated" : null,
    daysUnused: age,
    unusedDays: params.unusedDays,
    ...(key.lastUseInvalid !== null ? { lastUseUnknown: key.lastUseInvalid } : {}),
  };
  const phrase = `${user.userName}'s active ${keyPhrase(key)}`;
  if (key.lastUseInvalid !== null) {
    return keyVerdict(
      snapshot,
      user,
      key,
      "MANUAL",
      `${phrase} has an unknown last use: ${invalidLastUseSentence(key)}: check it with aws iam get-access-key-last-used.`,
      evidence,
    );
  }
  if (age === null) {
    return keyVerdict(
      snapshot,
      user,
      key,
      "MANUAL",
      `${phrase} has no recorded last use (a report without last-used columns): check it with aws iam get-access-key-last-used.`,
      evidence,
    );
  }
  const what = used
    ? `was last used ${days(age)} ago (${isoTime(used)})`
    : `was never used since it was created ${days(age)} ago (${isoTime(since as Date)})`;
  return age >= params.unusedDays
    ? keyVerdict(
        snapshot,
        user,
        key,
        "FAIL",
        `${phrase} ${what}, ${params.unusedDays} days or more: deactivate it.`,
        evidence,
      )
    : keyVerdict(snapshot, user, key, "PASS", `${phrase} ${what}.`, evidence);
}
