/**
 * CIS AWS Foundations Benchmark v1.2.0, recommendation 1.8 (Level 1, Scored):
 * "Ensure IAM password policy require at least one number".
 *
 * Audit (AWS API: IAM GetAccountPasswordPolicy): `RequireNumbers` must be true. No policy at all
 * (NoSuchEntity) fails, and so does a policy whose `RequireNumbers` is false or missing. Later versions dropped
 * this requirement in favour of length (v1.5.0 1.8); the rule still decides the v1.2.0 one.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { judgePolicyFlag } from "./password-policy-common.js";

/** The v1.2.0 1.8 rule. It has no parameters. */
export const rule: Rule = {
  id: "iam_password_policy_number",
  title: "Ensure the IAM password policy requires at least one number",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description: "Checks that the account password policy sets RequireNumbers to true.",
  rationale:
    "Requiring a number widens the set of characters every password draws from, making guessing and brute force harder.",
  remediation: {
    console: [
      "Open the IAM console and choose Account settings.",
      "Under Password policy, choose Edit, select Custom, and check Require at least one number.",
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
        'resource "aws_iam_account_password_policy" "strict" {\n  require_numbers = true\n  minimum_password_length = 14\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html",
  ],
  requires: ["iam.passwordPolicy"],
  cloudTrailEvents: ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgePolicyFlag(rule, snapshot, "requireNumbers", "a number");
  },
};
