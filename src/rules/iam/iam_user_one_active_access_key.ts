/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.13 (Level 1, Automated):
 * "Ensure there is only one active access key available for any single IAM user".
 *
 * Audit: no IAM user (root excluded; 1.4 covers root) may have two active access keys. One finding per
 * user, from the API's view where the scan re-read the user, else from the report.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { finder, keyEvidence, keyPhrase, unreadUserFindings, userVerdict, userViews } from "./iam-common.js";

/** The 1.13 rule. */
export const rule: Rule = {
  id: "iam_user_one_active_access_key",
  title: "Ensure there is only one active access key for any single IAM user",
  severity: "medium",
  resourceTypes: ["AWS::IAM::User"],
  description: "Finds IAM users with two active access keys.",
  rationale:
    "A second active key is only needed for the short moment of a rotation; two keys left active double the secrets " +
    "that can leak and hide which one is really in use.",
  remediation: {
    console: [
      "Open the IAM console, choose Users and the user named in the finding.",
      "On the Security credentials tab, find which key is in use (Last used) and deactivate the other one.",
      "After checking that nothing broke, delete the deactivated key.",
    ],
    cli: [
      "aws iam list-access-keys --user-name <user>",
      "aws iam get-access-key-last-used --access-key-id <access-key-id>",
      "aws iam update-access-key --user-name <user> --access-key-id <unused-key-id> --status Inactive",
      "aws iam delete-access-key --user-name <user> --access-key-id <unused-key-id>",
    ],
    iac: {
      cloudformation:
        "# Declare at most one active AWS::IAM::AccessKey per user:\nUserKey:\n  Type: AWS::IAM::AccessKey\n  Properties:\n    UserName: !Ref User\n    Status: Active",
      terraform:
        '# Declare at most one active key per user:\nresource "aws_iam_access_key" "user" {\n  user   = aws_iam_user.user.name\n  status = "Active"\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.userCredentials"],
  cloudTrailEvents: ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const make = finder(rule, snapshot);
    const findings: Finding[] = userViews(snapshot).map((user) => {
      const active = user.keys.filter((key) => key.active);
      const evidence = { activeAccessKeys: active.length, accessKeys: user.keys.map(keyEvidence) };
      if (active.length > 1) {
        return make(
          userVerdict(
            snapshot,
            user,
            "FAIL",
            `${user.userName} has ${active.length} active access keys (${active.map(keyPhrase).join(", ")}): deactivate the one not in use.`,
            evidence,
          ),
        );
      }
      const sentence =
        active.length === 1
          ? `${user.userName} has one active access key.`
          : `${user.userName} has no active access key.`;
      return make(userVerdict(snapshot, user, "PASS", sentence, evidence));
    });
    for (const finding of unreadUserFindings(rule, snapshot)) findings.push(finding);
    return findings;
  },
};
