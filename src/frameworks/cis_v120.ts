/**
 * CIS AWS Foundations Benchmark v1.2.0, section 1 (Identity and Access Management), 1.1–1.22.
 * v1.2.0 says Scored / Not Scored rather than Automated / Manual: "A" below is Scored, "M" Not Scored.
 */
import { buildRequirements, type Line } from "./concepts.js";
import type { Framework } from "./types.js";

/** Section titles by number: each catalog line is in the section its number starts with. */
const SECTIONS: Readonly<Record<string, string>> = {
  "1": "1 Identity and Access Management",
};

const LINES: readonly Line[] = [
  ["1.1", "root_not_used", 'Avoid the use of the "root" account', 1, "A"],
  [
    "1.2",
    "console_user_mfa",
    "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
    1,
    "A",
  ],
  ["1.3", "unused_credentials_90", "Ensure credentials unused for 90 days or greater are disabled", 1, "A"],
  ["1.4", "access_key_rotated_90", "Ensure access keys are rotated every 90 days or less", 1, "A"],
  [
    "1.5",
    "password_requires_uppercase",
    "Ensure IAM password policy requires at least one uppercase letter",
    1,
    "A",
  ],
  [
    "1.6",
    "password_requires_lowercase",
    "Ensure IAM password policy require at least one lowercase letter",
    1,
    "A",
  ],
  ["1.7", "password_requires_symbol", "Ensure IAM password policy require at least one symbol", 1, "A"],
  ["1.8", "password_requires_number", "Ensure IAM password policy require at least one number", 1, "A"],
  [
    "1.9",
    "password_min_length_14",
    "Ensure IAM password policy requires minimum length of 14 or greater",
    1,
    "A",
  ],
  ["1.10", "password_reuse_24", "Ensure IAM password policy prevents password reuse", 1, "A"],
  [
    "1.11",
    "password_expires_90",
    "Ensure IAM password policy expires passwords within 90 days or less",
    1,
    "A",
  ],
  ["1.12", "root_no_access_key", "Ensure no root account access key exists", 1, "A"],
  ["1.13", "root_mfa", 'Ensure MFA is enabled for the "root" account', 1, "A"],
  ["1.14", "root_hardware_mfa", 'Ensure hardware MFA is enabled for the "root" account', 2, "A"],
  ["1.15", "security_questions", "Ensure security questions are registered in the AWS account", 1, "M"],
  ["1.16", "permissions_through_groups", "Ensure IAM policies are attached only to groups or roles", 1, "A"],
  ["1.17", "contact_details", "Maintain current contact details", 1, "M"],
  ["1.18", "security_contact", "Ensure security contact information is registered", 1, "M"],
  [
    "1.19",
    "instance_roles",
    "Ensure IAM instance roles are used for AWS resource access from instances",
    2,
    "M",
  ],
  [
    "1.20",
    "support_role",
    "Ensure a support role has been created to manage incidents with AWS Support",
    1,
    "A",
  ],
  [
    "1.21",
    "no_access_key_at_setup",
    "Do not setup access keys during initial user setup for all IAM users that have a console password",
    1,
    "M",
  ],
  [
    "1.22",
    "no_full_admin_policy",
    'Ensure IAM policies that allow full "*:*" administrative privileges are not created',
    2,
    "A",
  ],
];

/** CIS v1.2.0. */
export const cisV120: Framework = {
  id: "cis_v120",
  name: "CIS AWS Foundations Benchmark v1.2.0",
  shortName: "CIS AWS Foundations v1.2.0",
  version: "1.2.0",
  sections: Object.values(SECTIONS),
  requirements: buildRequirements(LINES, { sections: SECTIONS, scored: true }),
};
