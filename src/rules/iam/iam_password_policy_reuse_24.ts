/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.9 (Level 1, Automated):
 * "Ensure IAM password policy prevents password reuse".
 *
 * Audit: GetAccountPasswordPolicy's `PasswordReusePrevention` must be 24 (the largest value IAM allows).
 * No policy, or a policy without reuse prevention, fails.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { judgePolicy } from "./password-policy-common.js";

/** Parameters of {@link rule}. */
export interface Params {
  /** Smallest accepted PasswordReusePrevention. Default 24. */
  readonly minimumRemembered: number;
}

/** The 1.9 rule. */
export const rule: Rule<Params> = {
  id: "iam_password_policy_reuse_24",
  title: "Ensure the IAM password policy prevents password reuse",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks that the account password policy remembers the last 24 passwords (PasswordReusePrevention).",
  rationale:
    "Preventing reuse stops users from cycling back to an old, possibly leaked password when a change is required.",
  remediation: {
    console: [
      "Open the IAM console and choose Account settings.",
      "Under Password policy, choose Edit, select Custom, and turn on Prevent password reuse with 24 remembered passwords.",
      "Choose Save changes.",
    ],
    cli: [
      "aws iam get-account-password-policy",
      "aws iam update-account-password-policy --password-reuse-prevention 24 --minimum-password-length 14",
    ],
    iac: {
      cloudformation:
        "# CloudFormation has no password policy resource; set it with the CLI above or a custom resource.",
      terraform:
        'resource "aws_iam_account_password_policy" "strict" {\n  password_reuse_prevention = 24\n  minimum_password_length   = 14\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html",
  ],
  requires: ["iam.passwordPolicy"],
  cloudTrailEvents: ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"],
  defaults: { minimumRemembered: 24 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    return judgePolicy(rule, snapshot, "passwordReusePrevention", params.minimumRemembered, (value) =>
      value === null
        ? `users may reuse old passwords (no reuse prevention; ${params.minimumRemembered} required)`
        : value >= params.minimumRemembered
          ? `prevents reuse of the last ${value} passwords`
          : `prevents reuse of only the last ${value} passwords, fewer than ${params.minimumRemembered}`,
    );
  },
};
