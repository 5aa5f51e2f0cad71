/**
 * CIS AWS Foundations Benchmark v1.3.0, the whole benchmark (55 requirements): 1 Identity and Access
 * Management 1.1–1.22, 2 Storage 2.1.1–2.2.1, 3 Logging 3.1–3.11, 4 Monitoring 4.1–4.15, 5 Networking 5.1–5.4.
 * Unlike v1.4.0 and v1.5.0, v1.3.0 has 22 IAM requirements: 1.20 is the S3 Block Public Access
 * recommendation (moved to the storage section in v1.4.0), which shifts Access Analyzer to 1.21 and
 * central user management to 1.22.
 * Where the public sources disagree on a level or Automated/Manual mark, docs/frameworks.md says which
 * one this catalog follows and why.
 */
import { buildRequirements, type Line } from "./concepts.js";
import type { Framework } from "./types.js";

/** Section titles by number: each catalog line is in the section its number starts with. */
const SECTIONS: Readonly<Record<string, string>> = {
  "1": "1 Identity and Access Management",
  "2": "2 Storage",
  "3": "3 Logging",
  "4": "4 Monitoring",
  "5": "5 Networking",
};

const LINES: readonly Line[] = [
  ["1.1", "contact_details", "Maintain current contact details", 1, "M"],
  ["1.2", "security_contact", "Ensure security contact information is registered", 1, "M"],
  ["1.3", "security_questions", "Ensure security questions are registered in the AWS account", 1, "M"],
  ["1.4", "root_no_access_key", "Ensure no root user account access key exists", 1, "A"],
  ["1.5", "root_mfa", 'Ensure MFA is enabled for the "root user" account', 1, "A"],
  ["1.6", "root_hardware_mfa", 'Ensure hardware MFA is enabled for the "root user" account', 2, "A"],
  ["1.7", "root_not_used", "Eliminate use of the root user for administrative and daily tasks", 1, "A"],
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
  ["1.12", "unused_credentials_90", "Ensure credentials unused for 90 days or greater are disabled", 1, "A"],
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
    "M",
  ],
  [
    "1.19",
    "expired_server_certificates",
    "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed",
    1,
    "A",
  ],
  [
    "1.20",
    "s3_block_public_access",
    "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
    1,
    "A",
  ],
  ["1.21", "access_analyzer_enabled", "Ensure that IAM Access analyzer is enabled", 1, "A"],
  [
    "1.22",
    "central_user_management",
    "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    2,
    "M",
  ],
  // 2 Storage
  [
    "2.1.1",
    "s3_bucket_default_encryption_enabled",
    "Ensure all S3 buckets employ encryption-at-rest",
    2,
    "M",
  ],
  ["2.1.2", "s3_bucket_enforces_ssl", "Ensure S3 Bucket Policy allows HTTPS requests", 2, "M"],
  ["2.2.1", "ebs_encryption_by_default", "Ensure EBS volume encryption is enabled", 1, "M"],
  // 3 Logging
  [
    "3.1",
    "cloudtrail_multi_region_read_write_enabled",
    "Ensure CloudTrail is enabled in all regions",
    1,
    "A",
  ],
  ["3.2", "cloudtrail_trail_validation_enabled", "Ensure CloudTrail log file validation is enabled.", 2, "A"],
  [
    "3.3",
    "cloudtrail_bucket_not_public",
    "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible",
    1,
    "A",
  ],
  [
    "3.4",
    "cloudtrail_trail_integrated_with_logs",
    "Ensure CloudTrail trails are integrated with CloudWatch Logs",
    1,
    "A",
  ],
  ["3.5", "config_enabled_all_regions", "Ensure AWS Config is enabled in all regions", 1, "A"],
  [
    "3.6",
    "cloudtrail_s3_logging_enabled",
    "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
    1,
    "A",
  ],
  [
    "3.7",
    "cloudtrail_trail_logs_encrypted_with_kms_cmk",
    "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
    2,
    "A",
  ],
  ["3.8", "kms_cmk_rotation_enabled", "Ensure rotation for customer created CMKs is enabled", 2, "A"],
  ["3.9", "vpc_flow_logs_enabled", "Ensure VPC flow logging is enabled in all VPCs", 2, "A"],
  [
    "3.10",
    "cloudtrail_s3_object_write_events_audit_enabled",
    "Ensure that Object-level logging for write events is enabled for S3 bucket",
    2,
    "A",
  ],
  [
    "3.11",
    "cloudtrail_s3_object_read_events_audit_enabled",
    "Ensure that Object-level logging for read events is enabled for S3 bucket",
    2,
    "A",
  ],
  // 4 Monitoring
  [
    "4.1",
    "log_metric_filter_unauthorized_api",
    "Ensure a log metric filter and alarm exist for unauthorized API calls",
    1,
    "A",
  ],
  [
    "4.2",
    "log_metric_filter_console_login_mfa",
    "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
    1,
    "A",
  ],
  [
    "4.3",
    "log_metric_filter_root_login",
    'Ensure a log metric filter and alarm exist for usage of "root" account',
    1,
    "A",
  ],
  [
    "4.4",
    "log_metric_filter_iam_policy",
    "Ensure a log metric filter and alarm exist for IAM policy changes",
    1,
    "A",
  ],
  [
    "4.5",
    "log_metric_filter_cloudtrail_configuration",
    "Ensure a log metric filter and alarm exist for CloudTrail configuration changes",
    1,
    "A",
  ],
  [
    "4.6",
    "log_metric_filter_console_authentication_failure",
    "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
    2,
    "A",
  ],
  [
    "4.7",
    "log_metric_filter_disable_or_delete_cmk",
    "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs",
    2,
    "A",
  ],
  [
    "4.8",
    "log_metric_filter_bucket_policy",
    "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
    1,
    "A",
  ],
  [
    "4.9",
    "log_metric_filter_config_configuration",
    "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
    2,
    "A",
  ],
  [
    "4.10",
    "log_metric_filter_security_group",
    "Ensure a log metric filter and alarm exist for security group changes",
    2,
    "A",
  ],
  [
    "4.11",
    "log_metric_filter_network_acl",
    "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)",
    2,
    "A",
  ],
  [
    "4.12",
    "log_metric_filter_network_gateway",
    "Ensure a log metric filter and alarm exist for changes to network gateways",
    1,
    "A",
  ],
  [
    "4.13",
    "log_metric_filter_route_table",
    "Ensure a log metric filter and alarm exist for route table changes",
    1,
    "A",
  ],
  ["4.14", "log_metric_filter_vpc", "Ensure a log metric filter and alarm exist for VPC changes", 1, "A"],
  [
    "4.15",
    "log_metric_filter_organization",
    "Ensure a log metric filter and alarm exists for AWS Organizations changes",
    1,
    "A",
  ],
  // 5 Networking
  [
    "5.1",
    "vpc_network_acl_remote_administration",
    "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
    1,
    "A",
  ],
  [
    "5.2",
    "vpc_security_group_remote_administration",
    "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
    1,
    "A",
  ],
  [
    "5.3",
    "vpc_default_security_group_restricts_all_traffic",
    "Ensure the default security group of every VPC restricts all traffic",
    1,
    "A",
  ],
  ["5.4", "vpc_peering_least_access", "Ensure routing tables for VPC peering are 'least access'", 1, "M"],
];

/** CIS v1.3.0. */
export const cisV130: Framework = {
  id: "cis_v130",
  name: "CIS AWS Foundations Benchmark v1.3.0",
  shortName: "CIS AWS Foundations v1.3.0",
  version: "1.3.0",
  sections: Object.values(SECTIONS),
  requirements: buildRequirements(LINES, { sections: SECTIONS }),
};
