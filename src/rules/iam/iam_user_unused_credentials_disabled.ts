/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.12 (Level 1, Automated):
 * "Ensure credentials unused for 45 days or greater are disabled".
 *
 * Audit (AWS API: IAM GenerateCredentialReport / GetCredentialReport), per credential of every IAM user
 * (root excluded): a console password or an active access key unused for 45 days or more fails. The
 * judgement is shared with the v1.2.0/v1.3.0 90-day rule (`unused-credentials-common.ts`).
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { type Params as CommonParams, judgeUnusedCredentials } from "./unused-credentials-common.js";

/** Parameters of {@link rule}. */
export interface Params extends CommonParams {
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
    return judgeUnusedCredentials(rule, snapshot, params);
  },
};
