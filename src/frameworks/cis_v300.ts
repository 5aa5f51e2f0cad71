/**
 * CIS AWS Foundations Benchmark v3.0.0, section 1 (Identity and Access Management), 1.1–1.22.
 */
import { buildRequirements, type Line } from "./concepts.js";
import type { Framework } from "./types.js";

/** Section titles by number: each catalog line is in the section its number starts with. */
const SECTIONS: Readonly<Record<string, string>> = {
  "1": "1 Identity and Access Management",
};

const LINES: readonly Line[] = [
  ["1.1", "contact_details", "Maintain current contact details", 1, "M"],
  ["1.2", "security_contact", "Ensure security contact information is registered", 1, "M"],
  ["1.3", "security_questions", "Ensure security questions are registered in the AWS account", 1, "M"],
  ["1.4", "root_no_access_key", "Ensure no 'root' user account access key exists", 1, "A"],
  ["1.5", "root_mfa", "Ensure MFA is enabled for the 'root' user account", 1, "A"],
  ["1.6", "root_hardware_mfa", "Ensure hardware MFA is enabled for the 'root' user account", 2, "M"],
  ["1.7", "root_not_used", "Eliminate use of the 'root' user for administrative and daily tasks", 1, "M"],
  [
    "1.8",
    "password_min_length_14",
    "Ensure IAM password policy requires minimum length of 14 or greater",
    1,
    "A",
  ],
  ["1.9", "password_reuse_24", "Ensure IAM password policy prevents password reuse", 1, "A"],
  [
    "1.10",
    "console_user_mfa",
    "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
    1,
    "A",
  ],
  [
    "1.11",
    "no_access_key_at_setup",
    "Do not setup access keys during initial user setup for all IAM users that have a console password",
    1,
    "M",
  ],
  ["1.12", "unused_credentials_45", "Ensure credentials unused for 45 days or greater are disabled", 1, "A"],
  [
    "1.13",
    "one_active_key",
    "Ensure there is only one active access key available for any single IAM user",
    1,
    "A",
  ],
  ["1.14", "access_key_rotated_90", "Ensure access keys are rotated every 90 days or less", 1, "A"],
  ["1.15", "permissions_through_groups", "Ensure IAM Users Receive Permissions Only Through Groups", 1, "A"],
  [
    "1.16",
    "no_full_admin_policy",
    'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    1,
    "A",
  ],
  [
    "1.17",
    "support_role",
    "Ensure a support role has been created to manage incidents with AWS Support",
    1,
    "A",
  ],
  [
    "1.18",
    "instance_roles",
    "Ensure IAM instance roles are used for AWS resource access from instances",
    2,
    "A",
  ],
  [
    "1.19",
    "expired_server_certificates",
    "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed",
    1,
    "A",
  ],
  ["1.20", "access_analyzer_enabled", "Ensure that IAM Access analyzer is enabled for all regions", 1, "A"],
  [
    "1.21",
    "central_user_management",
    "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    2,
    "M",
  ],
  [
    "1.22",
    "cloudshell_full_access_restricted",
    "Ensure access to AWSCloudShellFullAccess is restricted",
    1,
    "M",
  ],
];

/** CIS v3.0.0. */
export const cisV300: Framework = {
  id: "cis_v300",
  name: "CIS AWS Foundations Benchmark v3.0.0",
  shortName: "CIS AWS Foundations v3.0.0",
  version: "3.0.0",
  sections: Object.values(SECTIONS),
  requirements: buildRequirements(LINES, { sections: SECTIONS }),
};
