/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.14 (Level 1, Automated):
 * "Ensure access keys are rotated every 90 days or less".
 *
 * Audit: every active access key of an IAM user (root excluded) must have been created (`last_rotated`)
 * no more than `maxAgeDays` days before the scan. Inactive keys do not fail. One finding per key; a user
 * with no key gets one PASS.
 */
import type { Finding, Verdict } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  days,
  daysBetween,
  finder,
  type KeyView,
  keyPhrase,
  keyVerdict,
  type UserView,
  unreadUserFindings,
  userVerdict,
  userViews,
} from "./iam-common.js";

/** Parameters of {@link rule}. */
export interface Params {
  /** An active key older than this many days fails. Default 90. */
  readonly maxAgeDays: number;
}

/** The 1.14 rule. */
export const rule: Rule<Params> = {
  id: "iam_user_access_key_rotated",
  title: "Ensure access keys are rotated every 90 days or less",
  severity: "medium",
  resourceTypes: ["AWS::IAM::AccessKey"],
  description: "Finds active access keys created more than 90 days ago, one finding per key.",
  rationale:
    "Rotating keys limits how long a leaked key stays useful; an old key has had more chances to be copied into scripts, laptops and logs.",
  remediation: {
    console: [
      "Open the IAM console, choose Users and the user named in the finding.",
      "On the Security credentials tab, choose Create access key and give the new key to the application.",
      "Once the old key's Last used stops changing, choose Actions → Deactivate on it, then Delete.",
    ],
    cli: [
      "aws iam create-access-key --user-name <user>",
      "aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive",
      "aws iam delete-access-key --user-name <user> --access-key-id <old-key-id>",
    ],
    iac: {
      cloudformation:
        "# Detect old keys with the AWS Config managed rule:\nKeyRotation:\n  Type: AWS::Config::ConfigRule\n  Properties:\n    Source:\n      Owner: AWS\n      SourceIdentifier: ACCESS_KEYS_ROTATED\n    InputParameters:\n      maxAccessKeyAge: '90'",
      terraform:
        'resource "aws_config_config_rule" "key_rotation" {\n  name = "access-keys-rotated"\n  source {\n    owner             = "AWS"\n    source_identifier = "ACCESS_KEYS_ROTATED"\n  }\n  input_parameters = jsonencode({ maxAccessKeyAge = "90" })\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#Using_RotateAccessKey",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.userCredentials"],
  cloudTrailEvents: ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  defaults: { maxAgeDays: 90 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    const make = finder(rule, snapshot);
    const findings: Finding[] = [];
    for (const user of userViews(snapshot)) {
      if (user.keys.length === 0) {
        findings.push(make(userVerdict(snapshot, user, "PASS", `${user.userName} has no access key.`)));
      }
      for (const key of user.keys) findings.push(make(keyAgeVerdict(snapshot, user, key, params)));
    }
    for (const finding of unreadUserFindings(rule, snapshot)) findings.push(finding);
    return findings;
  },
};

/** The verdict on one key's age: an inactive key passes; an active one older than `maxAgeDays` fails. */
function keyAgeVerdict(snapshot: Snapshot, user: UserView, key: KeyView, params: Params): Verdict {
  const age = key.createdAt ? daysBetween(key.createdAt, snapshot.collectedAt) : null;
  const evidence = { ageDays: age, maxAgeDays: params.maxAgeDays };
  const phrase = `${user.userName}'s ${keyPhrase(key)}`;
  if (!key.active) {
    return keyVerdict(
      snapshot,
      user,
      key,
      "PASS",
      `${phrase} is inactive${age === null ? "" : ` (created ${days(age)} ago)`}.`,
      evidence,
    );
  }
  if (age === null) {
    return keyVerdict(
      snapshot,
      user,
      key,
      "MANUAL",
      `${phrase} is active with no recorded creation time: check it with aws iam list-access-keys.`,
      evidence,
    );
  }
  return age > params.maxAgeDays
    ? keyVerdict(
        snapshot,
        user,
        key,
        "FAIL",
        `${phrase} is active and was created ${days(age)} ago, more than ${params.maxAgeDays} days: rotate it.`,
        evidence,
      )
    : keyVerdict(
        snapshot,
        user,
        key,
        "PASS",
        `${phrase} is active and was created ${days(age)} ago.`,
        evidence,
      );
}
