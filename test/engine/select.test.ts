/**
 * Rule selection for `scan --framework` / `--rule`: defaults, framework membership, and InputError for
 * every unknown id.
 */
import { describe, expect, it } from "vitest";
import { selectRules } from "../../src/engine/select.js";
import { InputError } from "../../src/model/errors.js";
import { RULES } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { MONITORING_IDS, monitoringIdsIn } from "../support/monitoring-rules.js";

const AT_SETUP = "iam_user_no_access_key_at_setup";

/** Every registered rule except the two per-region ones (1.18 instance profiles, 1.20 Access Analyzer). */
const ACCOUNT_WIDE = [
  AT_SETUP,
  "account_security_contact_registered",
  "iam_root_no_access_key",
  "iam_root_mfa_enabled",
  "iam_root_hardware_mfa_enabled",
  "iam_root_not_used_recently",
  "iam_password_policy_min_length_14",
  "iam_password_policy_reuse_24",
  "iam_password_policy_uppercase",
  "iam_password_policy_lowercase",
  "iam_password_policy_symbol",
  "iam_password_policy_number",
  "iam_password_policy_expires_90",
  "iam_user_console_mfa_enabled",
  "iam_user_unused_credentials_disabled",
  "iam_user_unused_credentials_90_disabled",
  "iam_user_one_active_access_key",
  "iam_user_access_key_rotated",
  "iam_user_no_direct_policies",
  "iam_policy_no_full_admin_attached",
  "iam_role_support_access_attached",
  "iam_server_certificate_not_expired",
  "iam_user_managed_centrally",
];
/** Every logging rule, in registry order. */
const LOGGING = [
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
];
/** The logging rules of CIS v1.2.0 (2.1, 2.2, 2.4, 2.5, 2.7, 2.8, 2.9: no S3 data events, Config's every-region form). */
const LOGGING_V120 = LOGGING.filter(
  (id) => !id.startsWith("cloudtrail_s3_dataevents") && id !== "config_recorder_all_regions_global_once",
);
/** Every registered rule, in registry order. */
const ALL = [
  ...ACCOUNT_WIDE,
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
  ...LOGGING,
  ...MONITORING_IDS,
];
/** The rules of the v1.2.0/v1.3.0-only requirements (character classes, expiry, unused for 90 days). */
const V120_V130_ONLY = [
  "iam_password_policy_uppercase",
  "iam_password_policy_lowercase",
  "iam_password_policy_symbol",
  "iam_password_policy_number",
  "iam_password_policy_expires_90",
  "iam_user_unused_credentials_90_disabled",
  // v1.2.0 4.1 / 4.2: one port each; later versions judge both ports in one requirement.
  "ec2_security_group_ssh_closed_ipv4",
  "ec2_security_group_rdp_closed_ipv4",
];
/** Every rule a version from v1.4.0 on points at: all but those. */
/** The requirements v1.5.0 does not have yet: IMDSv2 (v2.0.0+), CIFS and RDS Multi-AZ (v4.0.0+). */
const AFTER_V150 = [
  "ec2_instance_imdsv2_required",
  "ec2_security_group_cifs_closed",
  "rds_instance_multi_az",
];
const LATER = ALL.filter((id) => !V120_V130_ONLY.includes(id) && !MONITORING_IDS.includes(id));
/** LATER with the monitoring rules `framework`'s catalog points at, in registry order. */
const laterIn = (framework: string) =>
  ALL.filter((id) => LATER.includes(id) || monitoringIdsIn(framework).includes(id));
/**
 * The rules each catalog points at, in registry order. v1.2.0 has no requirement for unused credentials
 * at 45 days, one active key per user, server certificates, central user management or Access Analyzer;
 * v1.5.0 and v6.0.0 none for the password character classes, expiry or unused credentials at 90 days.
 */
const BY_FRAMEWORK: Record<string, string[]> = {
  cis_v120: [
    AT_SETUP,
    "account_security_contact_registered",
    "iam_root_no_access_key",
    "iam_root_mfa_enabled",
    "iam_root_hardware_mfa_enabled",
    "iam_root_not_used_recently",
    "iam_password_policy_min_length_14",
    "iam_password_policy_reuse_24",
    "iam_password_policy_uppercase",
    "iam_password_policy_lowercase",
    "iam_password_policy_symbol",
    "iam_password_policy_number",
    "iam_password_policy_expires_90",
    "iam_user_console_mfa_enabled",
    "iam_user_unused_credentials_90_disabled",
    "iam_user_access_key_rotated",
    "iam_user_no_direct_policies",
    "iam_policy_no_full_admin_attached",
    "iam_role_support_access_attached",
    "ec2_instance_profile_attached",
    "ec2_security_group_ssh_closed_ipv4",
    "ec2_security_group_rdp_closed_ipv4",
    "ec2_default_security_group_no_rules",
    "ec2_route_table_peering_least_access",
    ...LOGGING_V120,
    ...monitoringIdsIn("cis_v120"),
  ],
  // v1.5.0 judges AWS Config with the every-region rule; v5.0.0 on with the one-region rule.
  cis_v150: laterIn("cis_v150").filter(
    (id) => id !== "config_recorder_all_regions_global_once" && !AFTER_V150.includes(id),
  ),
  // S3 default encryption (v1.3.0–v1.5.0 2.1.1) left the benchmark in v2.0.0; v3.0.0 removed "CloudTrail
  // trails are integrated with CloudWatch Logs" and "the S3 bucket used to store CloudTrail logs is not
  // publicly accessible".
  cis_v600: laterIn("cis_v600").filter(
    (id) =>
      id !== "s3_bucket_default_encryption_enabled" &&
      id !== "cloudtrail_cloudwatch_logging_enabled" &&
      id !== "cloudtrail_bucket_not_public" &&
      id !== "config_recorder_all_regions_enabled",
  ),
};

/** A registry with a second rule that no catalog points at. */
const OTHER = { ...(RULES[0] as AnyRule), id: "test_unmapped_rule", frameworks: {} } as AnyRule;
const REGISTRY: readonly AnyRule[] = [...RULES, OTHER];

describe("selectRules", () => {
  it("selects every rule by default (the per-region ones too), without a framework or manual findings", () => {
    const selection = selectRules({}, REGISTRY);
    expect(selection.rules.map((rule) => rule.id)).toEqual([...ALL, "test_unmapped_rule"]);
    expect(selection.framework).toBeUndefined();
    expect(selection.includeManual).toBe(false);
  });

  it("selects the rules a framework's catalog points at, and asks for manual findings", () => {
    for (const framework of ["cis_v120", "cis_v150", "cis_v600"]) {
      const selection = selectRules({ framework }, REGISTRY);
      expect(selection.rules.map((rule) => rule.id)).toEqual(BY_FRAMEWORK[framework]);
      expect(selection.framework?.id).toBe(framework);
      expect(selection.includeManual).toBe(true);
    }
  });

  it("selects named rules, once each, in registry order", () => {
    const selection = selectRules({ ruleIds: ["test_unmapped_rule", AT_SETUP, AT_SETUP] }, REGISTRY);
    expect(selection.rules.map((rule) => rule.id)).toEqual([AT_SETUP, "test_unmapped_rule"]);
    expect(selection.includeManual).toBe(false);
  });

  it("with both, keeps the named rules of the framework and no manual findings", () => {
    const selection = selectRules({ framework: "cis_v150", ruleIds: [AT_SETUP] }, REGISTRY);
    expect(selection.rules.map((rule) => rule.id)).toEqual([AT_SETUP]);
    expect(selection.framework?.id).toBe("cis_v150");
    expect(selection.includeManual).toBe(false);
  });

  it("treats an empty rule list as no --rule", () => {
    expect(selectRules({ framework: "cis_v150", ruleIds: [] }).includeManual).toBe(true);
  });

  it("rejects an unknown framework", () => {
    expect(() => selectRules({ framework: "cis_v151" })).toThrow(InputError);
    expect(() => selectRules({ framework: "cis_v151" })).toThrow('Unknown framework "cis_v151"');
  });

  it("rejects unknown rules, naming each", () => {
    expect(() => selectRules({ ruleIds: [AT_SETUP, "iam_nope", "iam_nope2"] })).toThrow(InputError);
    expect(() => selectRules({ ruleIds: ["iam_nope"] })).toThrow(
      `Unknown rule "iam_nope"; known: ${ALL.join(", ")} (see cloudpatrol rules list).`,
    );
  });

  it("rejects a rule that decides nothing in the framework", () => {
    expect(() => selectRules({ framework: "cis_v150", ruleIds: ["test_unmapped_rule"] }, REGISTRY)).toThrow(
      "Rule test_unmapped_rule decides no requirement of cis_v150",
    );
  });
});
