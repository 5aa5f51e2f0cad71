/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.8 (Level 1, Automated):
 * "Ensure IAM password policy requires minimum length of 14 or greater".
 *
 * Audit: GetAccountPasswordPolicy's `MinimumPasswordLength` must be 14 or more. NoSuchEntity (no policy
 * at all) fails: IAM then accepts passwords of 8 characters.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { judgePolicy } from "./password-policy-common.js";

/** Parameters of {@link rule}. */
export interface Params {
  /** Smallest accepted MinimumPasswordLength. Default 14. */
  readonly minimumLength: number;
}

/** The 1.8 rule. */
export const rule: Rule<Params> = {
  id: "iam_password_policy_min_length_14",
  title: "Ensure the IAM password policy requires a minimum length of 14 or greater",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description: "Checks that the account password policy sets MinimumPasswordLength to 14 or more.",
  rationale:
    "Long passwords resist guessing and brute force far better than short ones; without a policy IAM accepts 8 characters.",
  remediation: {
    console: [
      "Open the IAM console and choose Account settings.",
      "Under Password policy, choose Edit, select Custom, and set Password minimum length to 14 or more.",
      "Keep the other settings your organisation requires and choose Save changes.",
    ],
    cli: [
      "aws iam get-account-password-policy",
      "aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password",
    ],
    iac: {
      cloudformation:
        "# CloudFormation has no password policy resource; set it with the CLI above or a custom resource.",
      terraform:
        'resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length      = 14\n  password_reuse_prevention    = 24\n  require_symbols              = true\n  require_numbers              = true\n  require_uppercase_characters = true\n  require_lowercase_characters = true\n  allow_users_to_change_password = true\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html",
  ],
  requires: ["iam.passwordPolicy"],
  cloudTrailEvents: ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"],
  defaults: { minimumLength: 14 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    return judgePolicy(rule, snapshot, "minimumPasswordLength", params.minimumLength, (value) =>
      value === null
        ? `passwords need only IAM's default 8 characters, not ${params.minimumLength}`
        : value >= params.minimumLength
          ? `requires passwords of at least ${value} characters`
          : `requires passwords of only ${value} characters, fewer than ${params.minimumLength}`,
    );
  },
};
