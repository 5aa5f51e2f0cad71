/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.4 (Level 1, Automated):
 * "Ensure no 'root' user account access key exists".
 *
 * Audit: the `<root_account>` row of the credential report must show no active access key in either
 * slot, and GetAccountSummary's `AccountAccessKeysPresent` tells whether root holds any key now (the
 * report can be up to 4 hours old). Any active root key fails. An inactive key passes with a note to
 * delete it; a key the summary shows but the report does not (created since) fails.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { finder, noCredentialsSentence, rootFacts, rootUnknown, rootVerdict } from "./iam-common.js";

/** The 1.4 rule. */
export const rule: Rule = {
  id: "iam_root_no_access_key",
  title: "Ensure no root user access key exists",
  severity: "critical",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks that the account root user has no active access key, from the credential report's root row and " +
    "GetAccountSummary (AccountAccessKeysPresent).",
  rationale:
    "The root user can do anything in the account and cannot be limited by IAM policies. An access key for it is " +
    "a long-lived secret with unlimited power; removing it forces everyday work onto roles and users with least privilege.",
  remediation: {
    console: [
      "Sign in as the root user and open Security credentials (account menu → Security credentials).",
      "Under Access keys, choose Actions → Deactivate for each key, and check that nothing breaks.",
      "Then choose Actions → Delete for each key.",
    ],
    cli: [
      "aws iam get-account-summary --query 'SummaryMap.AccountAccessKeysPresent'",
      "# Root keys can only be managed while signed in as root (or with its own key):",
      "aws iam list-access-keys   # run with the root user's credentials",
      "aws iam delete-access-key --access-key-id <access-key-id>   # run with the root user's credentials",
    ],
    iac: {
      cloudformation:
        "# CloudFormation cannot manage root access keys. Detect them with the AWS Config managed rule:\n" +
        "RootKeyCheck:\n  Type: AWS::Config::ConfigRule\n  Properties:\n    Source:\n      Owner: AWS\n      SourceIdentifier: IAM_ROOT_ACCESS_KEY_CHECK",
      terraform:
        "# Terraform cannot manage root access keys. Detect them with the AWS Config managed rule:\n" +
        'resource "aws_config_config_rule" "root_key" {\n  name = "iam-root-access-key-check"\n  source {\n    owner             = "AWS"\n    source_identifier = "IAM_ROOT_ACCESS_KEY_CHECK"\n  }\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.accountSummary"],
  cloudTrailEvents: ["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const facts = rootFacts(snapshot);
    // No root row and no usable AccountAccessKeysPresent (missing, or neither 0 nor 1): never a PASS.
    if (facts.keysPresent === null)
      return [rootUnknown(rule, snapshot, "whether root holds an access key", facts.evidence)];
    const make = finder(rule, snapshot);
    const evidence = facts.evidence;
    if (facts.activeKeys.length > 0) {
      const slots = facts.activeKeys.map((key) => key.slot).join(" and ");
      return [
        make(
          rootVerdict(
            snapshot,
            "FAIL",
            `The root user of account ${snapshot.accountId} has an active access key (slot ${slots}): delete it.`,
            evidence,
          ),
        ),
      ];
    }
    const reportHeld = facts.row?.accessKeys.some((key) => key.lastRotated instanceof Date) ?? false;
    if (facts.summaryKeysPresent === true) {
      return [
        make(
          reportHeld
            ? rootVerdict(
                snapshot,
                "PASS",
                `The root user of account ${snapshot.accountId} has no active access key, but holds an inactive one: delete it.`,
                evidence,
              )
            : rootVerdict(
                snapshot,
                "FAIL",
                `GetAccountSummary shows an access key for the root user of account ${snapshot.accountId} that the credential report does not (created since it was generated): delete it.`,
                evidence,
              ),
        ),
      ];
    }
    const sentence = facts.noCredentials
      ? noCredentialsSentence(snapshot, "no access key exists")
      : reportHeld
        ? `The root user of account ${snapshot.accountId} has no active access key, but holds an inactive one: delete it.`
        : `The root user of account ${snapshot.accountId} has no access key.`;
    return [make(rootVerdict(snapshot, "PASS", sentence, evidence))];
  },
};
