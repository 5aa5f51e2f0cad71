/**
 * The shape of a benchmark catalog: a framework is a list of requirements, each pointing at the rule ids
 * that decide it. Catalogs are data; they import no rule, so adding a benchmark version touches no rule.
 */

/** Every framework cloudpatrol knows, in version order. */
export const FRAMEWORK_IDS = [
  "cis_v120",
  "cis_v130",
  "cis_v140",
  "cis_v150",
  "cis_v200",
  "cis_v300",
  "cis_v400",
  "cis_v500",
  "cis_v600",
] as const;

/** `cis_v150` is CIS AWS Foundations Benchmark v1.5.0. */
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** CIS profile applicability. */
export type Profile = "Level 1" | "Level 2";

/**
 * How the benchmark says the requirement is assessed. CIS v1.2.0 predates this split and says
 * "Scored" / "Not Scored" instead; its catalog records that in {@link Requirement.scoring} and maps
 * Scored → Automated, Not Scored → Manual here.
 */
export type Assessment = "Automated" | "Manual";

/**
 * What a requirement asks, independent of the version that numbers it: `no_access_key_at_setup` is 1.21
 * in v1.2.0, 1.11 in v1.3.0–v4.0.0, 1.10 in v5.0.0 and 2.10 in v6.0.0. Requirements whose verdict differs
 * between versions (90 vs 45 days) are different concepts.
 */
export type Concept =
  | "contact_details"
  | "security_contact"
  | "security_questions"
  | "root_no_access_key"
  | "root_mfa"
  | "root_hardware_mfa"
  | "root_not_used"
  | "password_min_length_14"
  | "password_reuse_24"
  | "password_requires_uppercase"
  | "password_requires_lowercase"
  | "password_requires_symbol"
  | "password_requires_number"
  | "password_expires_90"
  | "console_user_mfa"
  | "no_access_key_at_setup"
  | "unused_credentials_90"
  | "unused_credentials_45"
  | "one_active_key"
  | "access_key_rotated_90"
  | "permissions_through_groups"
  | "no_full_admin_policy"
  | "support_role"
  | "instance_roles"
  | "expired_server_certificates"
  | "s3_block_public_access"
  | "access_analyzer_enabled"
  | "central_user_management"
  | "cloudshell_full_access_restricted"
  | "ebs_encryption_by_default"
  | "s3_bucket_default_encryption_enabled"
  | "s3_bucket_enforces_ssl"
  | "s3_bucket_mfa_delete_enabled"
  | "s3_bucket_protected_by_macie"
  | "rds_db_instance_encryption_at_rest_enabled"
  | "rds_db_instance_automatic_minor_version_upgrade_enabled"
  | "rds_db_instance_prohibit_public_access"
  | "rds_db_instance_multiple_az_enabled"
  | "efs_file_system_encrypt_data_at_rest"
  | "cloudtrail_multi_region_read_write_enabled"
  | "cloudtrail_trail_validation_enabled"
  | "cloudtrail_bucket_not_public"
  | "cloudtrail_trail_integrated_with_logs"
  | "config_enabled_all_regions"
  | "cloudtrail_s3_logging_enabled"
  | "cloudtrail_trail_logs_encrypted_with_kms_cmk"
  | "kms_cmk_rotation_enabled"
  | "vpc_flow_logs_enabled"
  | "cloudtrail_s3_object_write_events_audit_enabled"
  | "cloudtrail_s3_object_read_events_audit_enabled"
  | "log_metric_filter_unauthorized_api"
  | "log_metric_filter_console_login_mfa"
  | "log_metric_filter_root_login"
  | "log_metric_filter_iam_policy"
  | "log_metric_filter_cloudtrail_configuration"
  | "log_metric_filter_console_authentication_failure"
  | "log_metric_filter_disable_or_delete_cmk"
  | "log_metric_filter_bucket_policy"
  | "log_metric_filter_config_configuration"
  | "log_metric_filter_security_group"
  | "log_metric_filter_network_acl"
  | "log_metric_filter_network_gateway"
  | "log_metric_filter_route_table"
  | "log_metric_filter_vpc"
  | "log_metric_filter_organization"
  | "log_metric_filter_unauthorized_api_v140"
  | "log_metric_filter_console_login_mfa_v140"
  | "log_metric_filter_security_group_v500"
  | "securityhub_enabled"
  | "vpc_security_group_restrict_ingress_ssh_all"
  | "vpc_security_group_restrict_ingress_rdp_all"
  | "vpc_default_security_group_restricts_all_traffic"
  | "vpc_peering_least_access"
  | "vpc_network_acl_remote_administration"
  | "vpc_security_group_remote_administration"
  | "vpc_security_group_remote_administration_ipv4"
  | "vpc_security_group_remote_administration_ipv6"
  | "ec2_instance_uses_imdsv2"
  | "vpc_security_group_restrict_ingress_cifs_port_all";

/** One requirement of one benchmark version. */
export interface Requirement {
  /** The benchmark's number: `1.11`, `2.10`. */
  readonly id: string;
  /** The benchmark's title, verbatim. */
  readonly title: string;
  /** Section heading: `1 Identity and Access Management`, `2 Storage`, ... (v1.2.0: `2 Logging`). */
  readonly section: string;
  readonly profile: Profile;
  readonly assessment: Assessment;
  /** CIS v1.2.0 only: the benchmark's own scoring word. */
  readonly scoring?: "Scored" | "Not Scored";
  readonly concept: Concept;
  /** Ids of the rules that decide it (rules that exist today); empty → one MANUAL finding per account. */
  readonly ruleIds: readonly string[];
  /** How a person checks it by hand, in our words (the evidence of its MANUAL finding). */
  readonly auditSteps: readonly string[];
}

/** One benchmark version. */
export interface Framework {
  readonly id: FrameworkId;
  /** `CIS AWS Foundations Benchmark v1.5.0`. */
  readonly name: string;
  /** Security Hub's name in `RelatedRequirements`: `CIS AWS Foundations v1.5.0`. */
  readonly shortName: string;
  readonly version: string;
  /**
   * The sections of the benchmark, in order (`1 Identity and Access Management`, `2 Storage`, `3 Logging`,
   * `4 Monitoring`, `5 Networking`; v1.2.0 has no storage section, v6.0.0 numbers them 2–6). The catalog
   * lists every requirement of every section, whether or not a rule decides it yet.
   */
  readonly sections: readonly string[];
  /** In benchmark order. */
  readonly requirements: readonly Requirement[];
}
