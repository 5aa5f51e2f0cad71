/**
 * CIS AWS Foundations Benchmark v6.0.0, section 2 (Identity and Access Management), 2.1–2.21.
 * Same requirements as v5.0.0, numbered in section 2 (1.10 of v5.0.0 is 2.10 here).
 */
import { buildRequirements, type Line } from "./concepts.js";
import type { Framework } from "./types.js";

/** Section titles by number: each catalog line is in the section its number starts with. */
const SECTIONS: Readonly<Record<string, string>> = {
  "2": "2 Identity and Access Management",
};

const LINES: readonly Line[] = [
  ["2.1", "contact_details", "Maintain current contact details", 1, "M"],
  ["2.2", "security_contact", "Ensure security contact information is registered", 1, "M"],
  ["2.3", "root_no_access_key", "Ensure no 'root' user account access key exists", 1, "A"],
  ["2.4", "root_mfa", "Ensure MFA is enabled for the 'root' user account", 1, "A"],
  ["2.5", "root_hardware_mfa", "Ensure hardware MFA is enabled for the 'root' user account", 2, "M"],
  ["2.6", "root_not_used", "Eliminate use of the 'root' user for administrative and daily tasks", 1, "M"],
  [
    "2.7",
    "password_min_length_14",
    "Ensure IAM password policy requires minimum length of 14 or greater",
    1,
    "A",
  ],
  ["2.8", "password_reuse_24", "Ensure IAM password policy prevents password reuse", 1, "A"],
  [
    "2.9",
    "console_user_mfa",
    "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
    1,
    "A",
  ],
  [
    "2.10",
    "no_access_key_at_setup",
    "Do not create access keys during initial setup for IAM users with a console password",
    1,
    "M",
  ],
  ["2.11", "unused_credentials_45", "Ensure credentials unused for 45 days or more are disabled", 1, "A"],
  ["2.12", "one_active_key", "Ensure there is only one active access key for any single IAM user", 1, "A"],
  ["2.13", "access_key_rotated_90", "Ensure access keys are rotated every 90 days or less", 1, "A"],
  ["2.14", "permissions_through_groups", "Ensure IAM users receive permissions only through groups", 1, "A"],
  [
    "2.15",
    "no_full_admin_policy",
    'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    1,
    "A",
  ],
  [
    "2.16",
    "support_role",
    "Ensure a support role has been created to manage incidents with AWS Support",
    1,
    "A",
  ],
  [
    "2.17",
    "instance_roles",
    "Ensure IAM instance roles are used for AWS resource access from instances",
    2,
    "A",
  ],
  [
    "2.18",
    "expired_server_certificates",
    "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed",
    1,
    "A",
  ],
  [
    "2.19",
    "access_analyzer_enabled",
    "Ensure that IAM External Access Analyzer is enabled for all regions",
    1,
    "A",
  ],
  [
    "2.20",
    "central_user_management",
    "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    2,
    "M",
  ],
  [
    "2.21",
    "cloudshell_full_access_restricted",
    "Ensure access to AWSCloudShellFullAccess is restricted",
    1,
    "M",
  ],
];

/** CIS v6.0.0. */
export const cisV600: Framework = {
  id: "cis_v600",
  name: "CIS AWS Foundations Benchmark v6.0.0",
  shortName: "CIS AWS Foundations v6.0.0",
  version: "6.0.0",
  sections: Object.values(SECTIONS),
  requirements: buildRequirements(LINES, { sections: SECTIONS }),
};
