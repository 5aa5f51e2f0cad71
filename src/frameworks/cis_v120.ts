/**
 * CIS AWS Foundations Benchmark v1.2.0, the whole benchmark (49 requirements): 1 Identity and Access
 * Management 1.1–1.22, 2 Logging 2.1–2.9, 3 Monitoring 3.1–3.14, 4 Networking 4.1–4.4.
 * v1.2.0 says Scored / Not Scored rather than Automated / Manual: "A" below is Scored, "M" Not Scored.
 * Where the public sources disagree on a level or Automated/Manual mark, docs/frameworks.md says which
 * one this catalog follows and why.
 */
import { buildRequirements, type Line } from "./concepts.js";
import type { Framework } from "./types.js";

/** Section titles by number: each catalog line is in the section its number starts with. */
const SECTIONS: Readonly<Record<string, string>> = {
  "1": "1 Identity and Access Management",
  "2": "2 Logging",
  "3": "3 Monitoring",
  "4": "4 Networking",
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
  // 2 Logging
  [
    "2.1",
    "cloudtrail_multi_region_read_write_enabled",
    "Ensure CloudTrail is enabled in all regions",
    1,
    "A",
  ],
  ["2.2", "cloudtrail_trail_validation_enabled", "Ensure CloudTrail log file validation is enabled.", 2, "A"],
  [
    "2.3",
    "cloudtrail_bucket_not_public",
    "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible",
    1,
    "A",
  ],
  [
    "2.4",
    "cloudtrail_trail_integrated_with_logs",
    "Ensure CloudTrail trails are integrated with CloudWatch Logs",
    1,
    "A",
  ],
  ["2.5", "config_enabled_all_regions", "Ensure AWS Config is enabled in all regions", 1, "A"],
  [
    "2.6",
    "cloudtrail_s3_logging_enabled",
    "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
    1,
    "A",
  ],
  [
    "2.7",
    "cloudtrail_trail_logs_encrypted_with_kms_cmk",
    "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
    2,
    "A",
  ],
  ["2.8", "kms_cmk_rotation_enabled", "Ensure rotation for customer created CMKs is enabled", 2, "A"],
  ["2.9", "vpc_flow_logs_enabled", "Ensure VPC flow logging is enabled in all VPCs", 2, "A"],
  // 3 Monitoring
  [
    "3.1",
    "log_metric_filter_unauthorized_api",
    "Ensure a log metric filter and alarm exist for unauthorized API calls",
    1,
    "A",
  ],
  [
    "3.2",
    "log_metric_filter_console_login_mfa",
    "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
    1,
    "A",
  ],
  [
    "3.3",
    "log_metric_filter_root_login",
    'Ensure a log metric filter and alarm exist for usage of "root" account',
    1,
    "A",
  ],
  [
    "3.4",
    "log_metric_filter_iam_policy",
    "Ensure a log metric filter and alarm exist for IAM policy changes",
    1,
    "A",
  ],
  [
    "3.5",
    "log_metric_filter_cloudtrail_configuration",
    "Ensure a log metric filter and alarm exist for CloudTrail configuration changes",
    1,
    "A",
  ],
  [
    "3.6",
    "log_metric_filter_console_authentication_failure",
    "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
    2,
    "A",
  ],
  [
    "3.7",
    "log_metric_filter_disable_or_delete_cmk",
    "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs",
    2,
    "A",
  ],
  [
    "3.8",
    "log_metric_filter_bucket_policy",
    "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
    1,
    "A",
  ],
  [
    "3.9",
    "log_metric_filter_config_configuration",
    "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
    2,
    "A",
  ],
  [
    "3.10",
    "log_metric_filter_security_group",
    "Ensure a log metric filter and alarm exist for security group changes",
    2,
    "A",
  ],
  [
    "3.11",
    "log_metric_filter_network_acl",
    "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)",
    2,
    "A",
  ],
  [
    "3.12",
    "log_metric_filter_network_gateway",
    "Ensure a log metric filter and alarm exist for changes to network gateways",
    1,
    "A",
  ],
  [
    "3.13",
    "log_metric_filter_route_table",
    "Ensure a log metric filter and alarm exist for route table changes",
    1,
    "A",
  ],
  ["3.14", "log_metric_filter_vpc", "Ensure a log metric filter and alarm exist for VPC changes", 1, "A"],
  // 4 Networking
  [
    "4.1",
    "vpc_security_group_restrict_ingress_ssh_all",
    "Ensure no security groups allow ingress from 0.0.0.0/0 to port 22",
    1,
    "A",
  ],
  [
    "4.2",
    "vpc_security_group_restrict_ingress_rdp_all",
    "Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389",
    1,
    "A",
  ],
  [
    "4.3",
    "vpc_default_security_group_restricts_all_traffic",
    "Ensure the default security group of every VPC restricts all traffic",
    2,
    "A",
  ],
  ["4.4", "vpc_peering_least_access", 'Ensure routing tables for VPC peering are "least access"', 2, "M"],
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
