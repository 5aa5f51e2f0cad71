/**
 * The per-region rules (1.18, 1.20, 2.2.1, networking): in the default selection (every rule), with a framework that maps
 * them, and when named; never in `explain`'s NON_REGIONAL_RULES.
 */
import { describe, expect, it } from "vitest";
import { selectRules } from "../../src/engine/select.js";
import { DEFAULT_RULES, isRegionalRule, NON_REGIONAL_RULES, RULES } from "../../src/rules/index.js";
import { MONITORING_IDS, monitoringIdsIn } from "../support/monitoring-rules.js";

const REGIONAL = [
  "ec2_instance_profile_attached",
  "accessanalyzer_region_analyzer_active",
  "ec2_ebs_encryption_by_default_enabled",
  "ec2_network_acl_admin_ports_closed",
  "ec2_security_group_ssh_closed_ipv4",
  "ec2_security_group_rdp_closed_ipv4",
  "ec2_security_group_admin_closed_ipv4",
  "ec2_security_group_admin_closed_ipv6",
  "ec2_security_group_cifs_closed",
  "ec2_default_security_group_no_rules",
  "ec2_route_table_peering_least_access",
  "ec2_instance_imdsv2_required",
  "s3_bucket_default_encryption_enabled",
  "s3_bucket_secure_transport_policy",
  "s3_bucket_mfa_delete_enabled",
  "s3_bucket_public_access_block_enabled",
  "macie_session_enabled",
  "rds_instance_storage_encrypted",
  "rds_instance_minor_version_upgrade_enabled",
  "rds_instance_no_public_access",
  "rds_instance_multi_az",
  "efs_file_system_encrypted",
  "cloudtrail_multi_region_enabled",
  "cloudtrail_log_file_validation_enabled",
  "cloudtrail_cloudwatch_logging_enabled",
  "cloudtrail_kms_encryption_enabled",
  "cloudtrail_s3_dataevents_write_enabled",
  "cloudtrail_s3_dataevents_read_enabled",
  "config_recorder_all_regions_enabled",
  "config_recorder_all_regions_global_once",
  "kms_cmk_rotation_enabled",
  "vpc_flow_logs_enabled",
  "cloudtrail_bucket_not_public",
  "cloudtrail_bucket_logging_enabled",
  ...MONITORING_IDS,
];

describe("per-region rules in rule selection", () => {
  it("are exactly 1.18, 1.20, 2.2.1, the networking rules and the storage rules (S3 buckets in their regions, Macie, RDS, EFS); the default selection and DEFAULT_RULES hold every rule, NON_REGIONAL_RULES all but them", () => {
    expect(RULES.filter(isRegionalRule).map((rule) => rule.id)).toEqual(REGIONAL);
    const ids = selectRules({}).rules.map((rule) => rule.id);
    expect(ids).toEqual(DEFAULT_RULES.map((rule) => rule.id));
    expect(ids).toEqual(RULES.map((rule) => rule.id));
    expect(NON_REGIONAL_RULES.map((rule) => rule.id)).toEqual(
      RULES.filter((rule) => !REGIONAL.includes(rule.id)).map((rule) => rule.id),
    );
  });

  it("run with a framework that maps them, and when named", () => {
    const v150 = selectRules({ framework: "cis_v150" }).rules.map((rule) => rule.id);
    // v1.5.0 has no requirement for one port alone (v1.2.0 4.1/4.2), IMDSv2 (v2.0.0+), CIFS or RDS Multi-AZ
    // (v4.0.0+), nor AWS Config's v5.0.0 form (it has the every-region one) or other versions' monitoring forms.
    expect(REGIONAL.filter((id) => !v150.includes(id))).toEqual([
      "ec2_security_group_ssh_closed_ipv4",
      "ec2_security_group_rdp_closed_ipv4",
      "ec2_security_group_cifs_closed",
      "ec2_instance_imdsv2_required",
      "rds_instance_multi_az",
      "config_recorder_all_regions_global_once",
      ...MONITORING_IDS.filter((id) => !monitoringIdsIn("cis_v150").includes(id)),
    ]);
    // v1.2.0 has no Access Analyzer requirement.
    const v120 = selectRules({ framework: "cis_v120" }).rules.map((rule) => rule.id);
    expect(v120.filter((id) => REGIONAL.includes(id))).toEqual([
      "ec2_instance_profile_attached",
      "ec2_security_group_ssh_closed_ipv4",
      "ec2_security_group_rdp_closed_ipv4",
      "ec2_default_security_group_no_rules",
      "ec2_route_table_peering_least_access",
      "cloudtrail_multi_region_enabled",
      "cloudtrail_log_file_validation_enabled",
      "cloudtrail_cloudwatch_logging_enabled",
      "cloudtrail_kms_encryption_enabled",
      "config_recorder_all_regions_enabled",
      "kms_cmk_rotation_enabled",
      "vpc_flow_logs_enabled",
      "cloudtrail_bucket_not_public",
      "cloudtrail_bucket_logging_enabled",
      ...monitoringIdsIn("cis_v120"),
    ]);
    // v1.3.0 has S3 Block Public Access in its IAM section (1.20).
    const v130 = selectRules({ framework: "cis_v130" }).rules.map((rule) => rule.id);
    expect(v130).toContain("s3_bucket_public_access_block_enabled");
    expect(
      selectRules({ ruleIds: ["accessanalyzer_region_analyzer_active"] }).rules.map((rule) => rule.id),
    ).toEqual(["accessanalyzer_region_analyzer_active"]);
  });
});
