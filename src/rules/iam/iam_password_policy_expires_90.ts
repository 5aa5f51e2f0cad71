/**
 * CIS AWS Foundations Benchmark v1.2.0, recommendation 1.11 (Level 1, Scored):
 * "Ensure IAM password policy expires passwords within 90 days or less".
 *
 * Audit (AWS API: IAM GetAccountPasswordPolicy): `MaxPasswordAge` must be set and at most 90 (IAM then
 * also reports `ExpirePasswords` true). No policy at all (NoSuchEntity) fails, and so does a policy with
 * no `MaxPasswordAge` (passwords never expire) or one above the limit. Later versions dropped the
 * requirement; the rule decides the v1.2.0 one.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { judgePolicySetting } from "./password-policy-common.js";

/** Parameters of {@link rule}. */
export interface Params {
  /** Largest accepted MaxPasswordAge, in days. Default 90. */
  readonly maximumAgeDays: number;
}

/** The v1.2.0 1.11 rule. */
export const rule: Rule<Params> = {
  id: "iam_password_policy_expires_90",
  title: "Ensure the IAM password policy expires passwords within 90 days or less",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description: "Checks that the account password policy sets MaxPasswordAge to 90 days or less.",
  rationale: "Passwords that expire limit how long a stolen or guessed password stays useful to an attacker.",
  remediation: {
    console: [
      "Open the IAM console and choose Account settings.",
      "Under Password policy, choose Edit, select Custom, turn on Turn on password expiration and set Expire passwords in 90 days or fewer.",
      "Keep the other settings your organisation requires and choose Save changes.",
    ],
    cli: [
      "aws iam get-account-password-policy",
      "aws iam update-account-password-policy --max-password-age 90 --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password",
    ],
    iac: {
      cloudformation:
        "# CloudFormation has no password policy resource; set it with the CLI above or a custom resource.",
      terraform:
        'resource "aws_iam_account_password_policy" "strict" {\n  max_password_age        = 90\n  minimum_password_length = 14\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html",
  ],
  requires: ["iam.passwordPolicy"],
  cloudTrailEvents: ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"],
  defaults: { maximumAgeDays: 90 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    const limit = params.maximumAgeDays;
    // Passwords expire only when ExpirePasswords is not false and MaxPasswordAge is a whole number of
    // days, 1 or more (IAM's range is 1–1095; 0 or ExpirePasswords false means "never", as some
    // endpoints answer).
    let never = false;
    return judgePolicySetting(
      rule,
      snapshot,
      "maxPasswordAge",
      limit,
      (policy) => {
        const raw: unknown = policy.maxPasswordAge;
        const value = typeof raw === "number" ? raw : null;
        never = value !== null && (policy.expirePasswords === false || !Number.isInteger(value) || value < 1);
        return { value, pass: value !== null && !never && value <= limit };
      },
      (reading) =>
        reading === null
          ? `passwords never expire (at most ${limit} days required)`
          : reading.value === null
            ? `lets passwords live forever (no MaxPasswordAge; at most ${limit} days required)`
            : never
              ? `lets passwords live forever (ExpirePasswords false or MaxPasswordAge ${reading.value} is not a number of days from 1; at most ${limit} days required)`
              : reading.pass
                ? `expires passwords after ${reading.value} days`
                : `expires passwords only after ${reading.value} days, more than ${limit}`,
    );
  },
};
