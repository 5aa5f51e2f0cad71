/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.10 (Level 1, Automated):
 * "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password".
 *
 * Audit: for every IAM user (root excluded) with `password_enabled` true, `mfa_active` must be true.
 * A user without a console password passes. Where the scan re-read a user through the API, its login
 * profile decides whether it has a password.
 */
import type { Finding } from "../../model/finding.js";
import { fillCommand } from "../../model/shell.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { finder, unreadUserFindings, userVerdict, userViews } from "./iam-common.js";

/** The 1.10 rule. */
export const rule: Rule = {
  id: "iam_user_console_mfa_enabled",
  title: "Ensure MFA is enabled for all IAM users that have a console password",
  severity: "high",
  resourceTypes: ["AWS::IAM::User"],
  description: "Finds IAM users who can sign in to the console with a password but have no MFA device.",
  rationale: "MFA stops a stolen or guessed password from being enough to sign in to the console.",
  remediation: {
    console: [
      "Open the IAM console, choose Users and the user named in the finding.",
      "On the Security credentials tab, under Multi-factor authentication (MFA), choose Assign MFA device and follow the prompts.",
      "Or, if the user does not need the console, choose Manage console access → Disable.",
    ],
    cli: [
      "aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile <user>.png --bootstrap-method QRCodePNG",
      "aws iam enable-mfa-device --user-name <user> --serial-number <serial-number> --authentication-code1 <code1> --authentication-code2 <code2>",
      "aws iam delete-login-profile --user-name <user>   # if the user needs no console access",
    ],
    iac: {
      cloudformation:
        "# Require MFA for console users: deny everything without MFA except managing one's own MFA.\n" +
        "RequireMfa:\n  Type: AWS::IAM::ManagedPolicy\n  Properties:\n    PolicyDocument:\n      Version: '2012-10-17'\n      Statement:\n        - Effect: Deny\n          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'sts:GetSessionToken']\n          Resource: '*'\n          Condition:\n            BoolIfExists:\n              aws:MultiFactorAuthPresent: 'false'",
      terraform:
        'resource "aws_iam_virtual_mfa_device" "user" {\n  virtual_mfa_device_name = "<user>"\n}\n# then enable it for the user with the two codes (aws iam enable-mfa-device)',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.userCredentials"],
  cloudTrailEvents: [
    "CreateLoginProfile",
    "DeleteLoginProfile",
    "EnableMFADevice",
    "DeactivateMFADevice",
    "CreateUser",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const make = finder(rule, snapshot);
    const findings: Finding[] = userViews(snapshot).map((user) => {
      const evidence = { passwordEnabled: user.hasPassword, mfaActive: user.mfaActive };
      if (user.hasPassword === false) {
        return make(
          userVerdict(snapshot, user, "PASS", `${user.userName} has no console password.`, evidence),
        );
      }
      if (user.hasPassword === null) {
        return make(
          userVerdict(
            snapshot,
            user,
            "ERROR",
            `${user.userName} is an IAM user but the report does not say whether it has a console password; cannot judge.`,
            evidence,
          ),
        );
      }
      if (user.mfaActive === null) {
        return make(
          userVerdict(
            snapshot,
            user,
            "MANUAL",
            `${user.userName} has a console password and was created after the credential report: check its MFA with ${fillCommand("aws iam list-mfa-devices --user-name <user>", { user: user.userName })}.`,
            evidence,
          ),
        );
      }
      return make(
        user.mfaActive
          ? userVerdict(
              snapshot,
              user,
              "PASS",
              `${user.userName} has a console password and MFA enabled.`,
              evidence,
            )
          : userVerdict(
              snapshot,
              user,
              "FAIL",
              `${user.userName} has a console password and no MFA device.`,
              evidence,
            ),
      );
    });
    for (const finding of unreadUserFindings(rule, snapshot)) findings.push(finding);
    return findings;
  },
};
