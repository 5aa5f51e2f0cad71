/**
 * CIS AWS Foundations Benchmark v5.0.0, the whole benchmark (63 requirements): 1 Identity and Access
 * Management 1.1–1.21, 2 Storage 2.1.1–2.3.1, 3 Logging 3.1–3.9, 4 Monitoring 4.1–4.16, 5 Networking
 * 5.1.1–5.7.
 * The security questions recommendation is gone, so everything after 1.2 moved up by one (1.11 of v1.5.0
 * is 1.10 here).
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
  ["1.3", "root_no_access_key", "Ensure no 'root' user account access key exists", 1, "A"],
  ["1.4", "root_mfa", "Ensure MFA is enabled for the 'root' user account", 1, "A"],
  ["1.5", "root_hardware_mfa", "Ensure hardware MFA is enabled for the 'root' user account", 2, "M"],
  ["1.6", "root_not_used", "Eliminate use of the 'root' user for administrative and daily tasks", 1, "M"],
  [
    "1.7",
    "password_min_length_14",
    "Ensure IAM password policy requires minimum length of 14 or greater",
    1,
    "A",
  ],
  ["1.8", "password_reuse_24", "Ensure IAM password policy prevents password reuse", 1, "A"],
  [
    "1.9",
    "console_user_mfa",
    "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
    1,
    "A",
  ],
  [
    "1.10",
    "no_access_key_at_setup",
    "Do not create access keys during initial setup for IAM users with a console password",
    1,
    "M",
  ],
  ["1.11", "unused_credentials_45", "Ensure credentials unused for 45 days or more are disabled", 1, "A"],
  ["1.12", "one_active_key", "Ensure there is only one active access key for any single IAM user", 1, "A"],
  ["1.13", "access_key_rotated_90", "Ensure access keys are rotated every 90 days or less", 1, "A"],
  ["1.14", "permissions_through_groups", "Ensure IAM Users Receive Permissions Only Through Groups", 1, "A"],
  [
    "1.15",
    "no_full_admin_policy",
    'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    1,
    "A",
  ],
  [
    "1.16",
    "support_role",
    "Ensure a support role has been created to manage incidents with AWS Support",
    1,
    "A",
  ],
  [
    "1.17",
    "instance_roles",
    "Ensure IAM instance roles are used for AWS resource access from instances",
    2,
    "A",
  ],
  [
    "1.18",
    "expired_server_certificates",
    "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed",
    1,
    "A",
  ],
  [
    "1.19",
    "access_analyzer_enabled",
    "Ensure that IAM External Access Analyzer is enabled for all regions",
    1,
    "A",
  ],
  [
    "1.20",
    "central_user_management",
    "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    2,
    "M",
  ],
  [
    "1.21",
    "cloudshell_full_access_restricted",
    "Ensure access to AWSCloudShellFullAccess is restricted",
    1,
    "M",
  ],
  // 2 Storage
  ["2.1.1", "s3_bucket_enforces_ssl", "Ensure S3 Bucket Policy is set to deny HTTP requests", 2, "A"],
  ["2.1.2", "s3_bucket_mfa_delete_enabled", "Ensure MFA Delete is enabled on S3 buckets", 2, "M"],
  [
    "2.1.3",
    "s3_bucket_protected_by_macie",
    "Ensure all data in Amazon S3 has been discovered, classified, and secured when necessary",
    2,
    "M",
  ],
  [
    "2.1.4",
    "s3_block_public_access",
    "Ensure that S3 is configured with 'Block Public Access' enabled",
    1,
    "A",
  ],
  [
    "2.2.1",
    "rds_db_instance_encryption_at_rest_enabled",
    "Ensure that encryption-at-rest is enabled for RDS Instances",
    1,
    "A",
  ],
  [
    "2.2.2",
    "rds_db_instance_automatic_minor_version_upgrade_enabled",
    "Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances",
    1,
    "A",
  ],
  [
    "2.2.3",
    "rds_db_instance_prohibit_public_access",
    "Ensure that RDS instances are not publicly accessible",
    1,
    "A",
  ],
  [
    "2.2.4",
    "rds_db_instance_multiple_az_enabled",
    "Ensure Multi-AZ deployments are used for enhanced availability in Amazon RDS",
    1,
    "M",
  ],
  [
    "2.3.1",
    "efs_file_system_encrypt_data_at_rest",
    "Ensure that encryption is enabled for EFS file systems",
    1,
    "A",
  ],
  // 3 Logging
  [
    "3.1",
    "cloudtrail_multi_region_read_write_enabled",
    "Ensure CloudTrail is enabled in all regions",
    1,
    "M",
  ],
  ["3.2", "cloudtrail_trail_validation_enabled", "Ensure CloudTrail log file validation is enabled", 2, "A"],
  ["3.3", "config_enabled_all_regions", "Ensure AWS Config is enabled in all regions", 2, "A"],
  [
    "3.4",
    "cloudtrail_s3_logging_enabled",
    "Ensure that server access logging is enabled on the CloudTrail S3 bucket",
    1,
    "M",
  ],
  [
    "3.5",
    "cloudtrail_trail_logs_encrypted_with_kms_cmk",
    "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
    2,
    "A",
  ],
  [
    "3.6",
    "kms_cmk_rotation_enabled",
    "Ensure rotation for customer-created symmetric CMKs is enabled",
    2,
    "A",
  ],
  ["3.7", "vpc_flow_logs_enabled", "Ensure VPC flow logging is enabled in all VPCs", 2, "A"],
  [
    "3.8",
    "cloudtrail_s3_object_write_events_audit_enabled",
    "Ensure that Object-level logging for write events is enabled for S3 buckets",
    2,
    "A",
  ],
  [
    "3.9",
    "cloudtrail_s3_object_read_events_audit_enabled",
    "Ensure that Object-level logging for read events is enabled for S3 buckets",
    2,
    "A",
  ],
  // 4 Monitoring
  ["4.1", "log_metric_filter_unauthorized_api", "Ensure unauthorized API calls are monitored", 2, "M"],
  [
    "4.2",
    "log_metric_filter_console_login_mfa_v140",
    "Ensure management console sign-in without MFA is monitored",
    1,
    "M",
  ],
  ["4.3", "log_metric_filter_root_login", "Ensure usage of the 'root' account is monitored", 1, "M"],
  ["4.4", "log_metric_filter_iam_policy", "Ensure IAM policy changes are monitored", 1, "M"],
  [
    "4.5",
    "log_metric_filter_cloudtrail_configuration",
    "Ensure CloudTrail configuration changes are monitored",
    1,
    "M",
  ],
  [
    "4.6",
    "log_metric_filter_console_authentication_failure",
    "Ensure AWS Management Console authentication failures are monitored",
    2,
    "M",
  ],
  [
    "4.7",
    "log_metric_filter_disable_or_delete_cmk",
    "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
    2,
    "M",
  ],
  ["4.8", "log_metric_filter_bucket_policy", "Ensure S3 bucket policy changes are monitored", 1, "M"],
  [
    "4.9",
    "log_metric_filter_config_configuration",
    "Ensure AWS Config configuration changes are monitored",
    2,
    "M",
  ],
  ["4.10", "log_metric_filter_security_group_v500", "Ensure security group changes are monitored", 2, "M"],
  [
    "4.11",
    "log_metric_filter_network_acl",
    "Ensure Network Access Control List (NACL) changes are monitored",
    2,
    "M",
  ],
  ["4.12", "log_metric_filter_network_gateway", "Ensure changes to network gateways are monitored", 1, "M"],
  ["4.13", "log_metric_filter_route_table", "Ensure route table changes are monitored", 1, "M"],
  ["4.14", "log_metric_filter_vpc", "Ensure VPC changes are monitored", 1, "M"],
  ["4.15", "log_metric_filter_organization", "Ensure AWS Organizations changes are monitored", 1, "M"],
  ["4.16", "securityhub_enabled", "Ensure AWS Security Hub is enabled", 2, "A"],
  // 5 Networking
  ["5.1.1", "ebs_encryption_by_default", "Ensure EBS Volume Encryption is Enabled in all Regions", 1, "A"],
  [
    "5.1.2",
    "vpc_security_group_restrict_ingress_cifs_port_all",
    "Ensure CIFS access is restricted to trusted networks to prevent unauthorized access",
    1,
    "A",
  ],
  [
    "5.2",
    "vpc_network_acl_remote_administration",
    "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
    1,
    "A",
  ],
  [
    "5.3",
    "vpc_security_group_remote_administration_ipv4",
    "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
    1,
    "A",
  ],
  [
    "5.4",
    "vpc_security_group_remote_administration_ipv6",
    "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
    1,
    "A",
  ],
  [
    "5.5",
    "vpc_default_security_group_restricts_all_traffic",
    "Ensure the default security group of every VPC restricts all traffic",
    2,
    "A",
  ],
  ["5.6", "vpc_peering_least_access", 'Ensure routing tables for VPC peering are "least access"', 2, "M"],
  ["5.7", "ec2_instance_uses_imdsv2", "Ensure that the EC2 Metadata Service only allows IMDSv2", 1, "A"],
];

/** CIS v5.0.0. */
export const cisV500: Framework = {
  id: "cis_v500",
  name: "CIS AWS Foundations Benchmark v5.0.0",
  shortName: "CIS AWS Foundations v5.0.0",
  version: "5.0.0",
  sections: Object.values(SECTIONS),
  requirements: buildRequirements(LINES, {
    sections: SECTIONS,
    // v5.0.0 changed the AWS Config audit: global resource types in at least one region, not in every one.
    ruleOverrides: { "3.3": ["config_recorder_all_regions_global_once"] },
  }),
};
