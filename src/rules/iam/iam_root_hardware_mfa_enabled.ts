/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.6 (Level 2, Automated):
 * "Ensure hardware MFA is enabled for the 'root' user account".
 *
 * Audit: root MFA must be on (GetAccountSummary `AccountMFAEnabled`, else the report's root row) and no
 * virtual MFA device may be assigned to root. Root's virtual device is recognised by its `User.Arn`
 * ending in `:root` in ListVirtualMFADevices, never by the device's name. A virtual device fails even
 * next to a hardware one. A root user with no credentials at all is MANUAL (MFA does not apply).
 */
import type { Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import { isRootDevice } from "../../snapshot/iam-account.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  finder,
  noCredentialsSentence,
  rootFacts,
  rootReadFailures,
  rootUnknown,
  rootVerdict,
} from "./iam-common.js";

/** The 1.6 rule. */
export const rule: Rule = {
  id: "iam_root_hardware_mfa_enabled",
  title: "Ensure hardware MFA is enabled for the root user",
  severity: "high",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks that the root user's MFA is a hardware device: MFA is enabled (GetAccountSummary) and no virtual MFA " +
    "device is assigned to root (ListVirtualMFADevices, root recognised by its user ARN).",
  rationale:
    "A virtual MFA device lives on a phone or computer that can itself be lost, cloned or compromised; a hardware " +
    "device kept in a safe place is a stronger second factor for the most powerful identity in the account.",
  remediation: {
    console: [
      "Sign in as the root user and open Security credentials.",
      "Under Multi-factor authentication (MFA), assign a hardware device (FIDO security key or hardware TOTP token).",
      "Then remove the virtual MFA device named in the finding.",
    ],
    cli: [
      "aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?ends_with(User.Arn, ':root')]\"",
      "aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'",
      "# Root MFA devices can only be changed while signed in as root (console).",
    ],
    iac: {
      cloudformation:
        "# CloudFormation cannot manage root MFA. Detect a virtual root device with the AWS Config managed rule:\n" +
        "RootHardwareMfaCheck:\n  Type: AWS::Config::ConfigRule\n  Properties:\n    Source:\n      Owner: AWS\n      SourceIdentifier: ROOT_ACCOUNT_HARDWARE_MFA_ENABLED",
      terraform:
        "# Terraform cannot manage root MFA. Detect a virtual root device with the AWS Config managed rule:\n" +
        'resource "aws_config_config_rule" "root_hardware_mfa" {\n  name = "root-account-hardware-mfa-enabled"\n  source {\n    owner             = "AWS"\n    source_identifier = "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED"\n  }\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html",
  ],
  requires: ["iam.virtualMfaDevices"],
  optional: ["iam.credentialReport", "iam.accountSummary"],
  cloudTrailEvents: [
    "EnableMFADevice",
    "DeactivateMFADevice",
    "CreateVirtualMFADevice",
    "DeleteVirtualMFADevice",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const make = finder(rule, snapshot);
    const facts = rootFacts(snapshot);
    // The engine calls this rule only when the device list was collected.
    const devices = snapshot.iamAccount?.virtualMfaDevices ?? [];
    const rootDevices = devices.filter(isRootDevice);
    const evidence = {
      ...facts.evidence,
      rootVirtualMfaDevices: rootDevices.map((device) => ({
        serialNumber: device.serialNumber,
        userArn: device.user?.arn ?? null,
        enableDate: device.enableDate ? isoTime(device.enableDate) : null,
      })),
      virtualMfaDevicesListed: devices.length,
    };
    if (rootDevices.length > 0) {
      const serials = rootDevices.map((device) => device.serialNumber).join(", ");
      return [
        make(
          rootVerdict(
            snapshot,
            "FAIL",
            `The root user of account ${snapshot.accountId} has the virtual MFA device ${serials} assigned (whatever other device it also has): replace it with a hardware device.`,
            evidence,
          ),
        ),
      ];
    }
    if (facts.noCredentials) {
      return [
        make(
          rootVerdict(
            snapshot,
            "MANUAL",
            noCredentialsSentence(
              snapshot,
              "hardware MFA does not apply; confirm in the management account that root access is managed centrally",
            ),
            evidence,
          ),
        ),
      ];
    }
    if (facts.mfaActive === null) {
      // GetAccountSummary (or the report) failed: that failure, not a MANUAL that hides it.
      if (rootReadFailures(snapshot).length > 0)
        return [rootUnknown(rule, snapshot, "whether root MFA is on", evidence)];
      return [
        make(
          rootVerdict(
            snapshot,
            "MANUAL",
            `No virtual MFA device is assigned to the root user of account ${snapshot.accountId}, but whether root MFA is on is unknown (no account summary or report): run aws iam get-account-summary.`,
            evidence,
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
              `The root user of account ${snapshot.accountId} has MFA enabled and no virtual MFA device: its MFA is a hardware device.`,
              evidence,
            )
          : rootVerdict(
              snapshot,
              "FAIL",
              `The root user of account ${snapshot.accountId} has no MFA device: assign a hardware one.`,
              evidence,
            ),
      ),
    ];
  },
};
