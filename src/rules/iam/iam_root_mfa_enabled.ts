/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.5 (Level 1, Automated):
 * "Ensure MFA is enabled for the 'root' user account".
 *
 * Audit: GetAccountSummary's `AccountMFAEnabled` (current) and the credential report's root row
 * `mfa_active` (up to 4 hours old); the summary wins when both are present, and both go in the evidence.
 * A root user with no credentials at all (an Organizations member account whose root cannot sign in) is
 * MANUAL, not PASS or FAIL: MFA does not apply to it, and its state is decided in the management account.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { finder, noCredentialsSentence, rootFacts, rootUnknown, rootVerdict } from "./iam-common.js";

/** The 1.5 rule. */
export const rule: Rule = {
  id: "iam_root_mfa_enabled",
  title: "Ensure MFA is enabled for the root user",
  severity: "critical",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks that the account root user has an MFA device, from GetAccountSummary (AccountMFAEnabled) and the " +
    "credential report's root row (mfa_active).",
  rationale:
    "The root user has unrestricted access. With MFA, a stolen or guessed password alone is not enough to sign in as root.",
  remediation: {
    console: [
      "Sign in as the root user and open Security credentials (account menu → Security credentials).",
      "Under Multi-factor authentication (MFA), choose Assign MFA device.",
      "Prefer a hardware device (FIDO security key or hardware TOTP token) and follow the prompts.",
    ],
    cli: [
      "aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'",
      "# Root MFA can only be assigned while signed in as root (console).",
    ],
    iac: {
      cloudformation:
        "# CloudFormation cannot assign root MFA. Detect its absence with the AWS Config managed rule:\n" +
        "RootMfaCheck:\n  Type: AWS::Config::ConfigRule\n  Properties:\n    Source:\n      Owner: AWS\n      SourceIdentifier: ROOT_ACCOUNT_MFA_ENABLED",
      terraform:
        "# Terraform cannot assign root MFA. Detect its absence with the AWS Config managed rule:\n" +
        'resource "aws_config_config_rule" "root_mfa" {\n  name = "root-account-mfa-enabled"\n  source {\n    owner             = "AWS"\n    source_identifier = "ROOT_ACCOUNT_MFA_ENABLED"\n  }\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.accountSummary"],
  cloudTrailEvents: ["EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const facts = rootFacts(snapshot);
    if (facts.mfaActive === null)
      return [rootUnknown(rule, snapshot, "whether root MFA is on", facts.evidence)];
    const make = finder(rule, snapshot);
    if (facts.noCredentials) {
      return [
        make(
          rootVerdict(
            snapshot,
            "MANUAL",
            noCredentialsSentence(
              snapshot,
              "MFA does not apply; confirm in the management account that root access is managed centrally",
            ),
            facts.evidence,
          ),
        ),
      ];
    }
    return [
      make(
        facts.mfaActive
          ? rootVerdict(
              snapshot,
              "PASS",
              `The root user of account ${snapshot.accountId} has MFA enabled.`,
              facts.evidence,
            )
          : rootVerdict(
              snapshot,
              "FAIL",
              `The root user of account ${snapshot.accountId} has no MFA device: assign one, preferably hardware.`,
              facts.evidence,
            ),
      ),
    ];
  },
};
