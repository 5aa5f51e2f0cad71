/**
 * CIS AWS Foundations Benchmark v1.2.0, recommendation 1.7 (Level 1, Scored):
 * "Ensure IAM password policy require at least one symbol".
 *
 * Audit (AWS API: IAM GetAccountPasswordPolicy): `RequireSymbols` must be true. No policy at all
 * (NoSuchEntity) fails, and so does a policy whose `RequireSymbols` is false or missing. Later versions dropped
 * this requirement in favour of length (v1.5.0 1.8); the rule still decides the v1.2.0 one.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { judgePolicyFlag } from "./password-policy-common.js";

/** The v1.2.0 1.7 rule. It has no parameters. */
export const rule: Rule = {
  id: "iam_password_policy_symbol",
  title: "Ensure the IAM password policy requires at least one symbol",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description: "Checks that the account password policy sets RequireSymbols to true.",
  rationale:
    "Requiring a symbol widens the set of characters every password draws from, making guessing and brute force harder.",
  remediation: {
    console: [
      "Open the IAM console and choose Account settings.",
      "Under Password policy, choose Edit, select Custom, and check Require at least one non-alphanumeric character.",
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
        'resource "aws_iam_account_password_policy" "strict" {\n  require_symbols = true\n  minimum_password_length = 14\n}',
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
    return judgePolicyFlag(rule, snapshot, "requireSymbols", "a symbol");
  },
};
