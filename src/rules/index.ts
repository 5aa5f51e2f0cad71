/**
 * The rule registry: every rule cloudpatrol knows, by id.
 */

import { actionsFor, datasetDefinition, withDependencies } from "../snapshot/datasets/index.js";
import { rule as accessAnalyzerRegionAnalyzerActive } from "./accessanalyzer/accessanalyzer_region_analyzer_active.js";
import { rule as accountSecurityContactRegistered } from "./account/account_security_contact_registered.js";
import { rule as cloudtrailBucketLoggingEnabled } from "./cloudtrail/cloudtrail_bucket_logging_enabled.js";
import { rule as cloudtrailBucketNotPublic } from "./cloudtrail/cloudtrail_bucket_not_public.js";
import { rule as cloudtrailCloudwatchLoggingEnabled } from "./cloudtrail/cloudtrail_cloudwatch_logging_enabled.js";
import { rule as cloudtrailKmsEncryptionEnabled } from "./cloudtrail/cloudtrail_kms_encryption_enabled.js";
import { rule as cloudtrailLogFileValidationEnabled } from "./cloudtrail/cloudtrail_log_file_validation_enabled.js";
import { rule as cloudtrailMultiRegionEnabled } from "./cloudtrail/cloudtrail_multi_region_enabled.js";
import { rule as cloudtrailS3DataeventsReadEnabled } from "./cloudtrail/cloudtrail_s3_dataevents_read_enabled.js";
import { rule as cloudtrailS3DataeventsWriteEnabled } from "./cloudtrail/cloudtrail_s3_dataevents_write_enabled.js";
import { rule as cloudwatchAlarmCloudtrailChanges } from "./cloudwatch/cloudwatch_alarm_cloudtrail_changes.js";
import { rule as cloudwatchAlarmCmkDisableOrDelete } from "./cloudwatch/cloudwatch_alarm_cmk_disable_or_delete.js";
import { rule as cloudwatchAlarmConfigChanges } from "./cloudwatch/cloudwatch_alarm_config_changes.js";
import { rule as cloudwatchAlarmConsoleAuthFailures } from "./cloudwatch/cloudwatch_alarm_console_auth_failures.js";
import { rule as cloudwatchAlarmConsoleNoMfa } from "./cloudwatch/cloudwatch_alarm_console_no_mfa.js";
import { rule as cloudwatchAlarmConsoleNoMfaV140 } from "./cloudwatch/cloudwatch_alarm_console_no_mfa_v140.js";
import { rule as cloudwatchAlarmIamPolicyChanges } from "./cloudwatch/cloudwatch_alarm_iam_policy_changes.js";
import { rule as cloudwatchAlarmNaclChanges } from "./cloudwatch/cloudwatch_alarm_nacl_changes.js";
import { rule as cloudwatchAlarmNetworkGateway } from "./cloudwatch/cloudwatch_alarm_network_gateway.js";
import { rule as cloudwatchAlarmOrganizations } from "./cloudwatch/cloudwatch_alarm_organizations.js";
import { rule as cloudwatchAlarmRootUsage } from "./cloudwatch/cloudwatch_alarm_root_usage.js";
import { rule as cloudwatchAlarmRouteTable } from "./cloudwatch/cloudwatch_alarm_route_table.js";
import { rule as cloudwatchAlarmS3BucketPolicy } from "./cloudwatch/cloudwatch_alarm_s3_bucket_policy.js";
import { rule as cloudwatchAlarmSecurityGroup } from "./cloudwatch/cloudwatch_alarm_security_group.js";
import { rule as cloudwatchAlarmSecurityGroupV500 } from "./cloudwatch/cloudwatch_alarm_security_group_v500.js";
import { rule as cloudwatchAlarmUnauthorizedApi } from "./cloudwatch/cloudwatch_alarm_unauthorized_api.js";
import { rule as cloudwatchAlarmUnauthorizedApiV140 } from "./cloudwatch/cloudwatch_alarm_unauthorized_api_v140.js";
import { rule as cloudwatchAlarmVpcChanges } from "./cloudwatch/cloudwatch_alarm_vpc_changes.js";
import { rule as configRecorderAllRegionsEnabled } from "./config/config_recorder_all_regions_enabled.js";
import { rule as configRecorderAllRegionsGlobalOnce } from "./config/config_recorder_all_regions_global_once.js";
import { rule as ec2DefaultSecurityGroupNoRules } from "./ec2/ec2_default_security_group_no_rules.js";
import { rule as ec2EbsEncryptionByDefaultEnabled } from "./ec2/ec2_ebs_encryption_by_default_enabled.js";
import { rule as ec2InstanceImdsv2Required } from "./ec2/ec2_instance_imdsv2_required.js";
import { rule as ec2InstanceProfileAttached } from "./ec2/ec2_instance_profile_attached.js";
import { rule as ec2NetworkAclAdminPortsClosed } from "./ec2/ec2_network_acl_admin_ports_closed.js";
import { rule as ec2RouteTablePeeringLeastAccess } from "./ec2/ec2_route_table_peering_least_access.js";
import { rule as ec2SecurityGroupAdminClosedIpv4 } from "./ec2/ec2_security_group_admin_closed_ipv4.js";
import { rule as ec2SecurityGroupAdminClosedIpv6 } from "./ec2/ec2_security_group_admin_closed_ipv6.js";
import { rule as ec2SecurityGroupCifsClosed } from "./ec2/ec2_security_group_cifs_closed.js";
import { rule as ec2SecurityGroupRdpClosedIpv4 } from "./ec2/ec2_security_group_rdp_closed_ipv4.js";
import { rule as ec2SecurityGroupSshClosedIpv4 } from "./ec2/ec2_security_group_ssh_closed_ipv4.js";
import { rule as efsFileSystemEncrypted } from "./efs/efs_file_system_encrypted.js";
import { rule as iamPasswordPolicyExpires90 } from "./iam/iam_password_policy_expires_90.js";
import { rule as iamPasswordPolicyLowercase } from "./iam/iam_password_policy_lowercase.js";
import { rule as iamPasswordPolicyMinLength14 } from "./iam/iam_password_policy_min_length_14.js";
import { rule as iamPasswordPolicyNumber } from "./iam/iam_password_policy_number.js";
import { rule as iamPasswordPolicyReuse24 } from "./iam/iam_password_policy_reuse_24.js";
import { rule as iamPasswordPolicySymbol } from "./iam/iam_password_policy_symbol.js";
import { rule as iamPasswordPolicyUppercase } from "./iam/iam_password_policy_uppercase.js";
import { rule as iamPolicyNoFullAdminAttached } from "./iam/iam_policy_no_full_admin_attached.js";
import { rule as iamRoleSupportAccessAttached } from "./iam/iam_role_support_access_attached.js";
import { rule as iamRootHardwareMfaEnabled } from "./iam/iam_root_hardware_mfa_enabled.js";
import { rule as iamRootMfaEnabled } from "./iam/iam_root_mfa_enabled.js";
import { rule as iamRootNoAccessKey } from "./iam/iam_root_no_access_key.js";
import { rule as iamRootNotUsedRecently } from "./iam/iam_root_not_used_recently.js";
import { rule as iamServerCertificateNotExpired } from "./iam/iam_server_certificate_not_expired.js";
import { rule as iamUserAccessKeyRotated } from "./iam/iam_user_access_key_rotated.js";
import { rule as iamUserConsoleMfaEnabled } from "./iam/iam_user_console_mfa_enabled.js";
import { rule as iamUserManagedCentrally } from "./iam/iam_user_managed_centrally.js";
import { rule as iamUserNoAccessKeyAtSetup } from "./iam/iam_user_no_access_key_at_setup.js";
import { rule as iamUserNoDirectPolicies } from "./iam/iam_user_no_direct_policies.js";
import { rule as iamUserOneActiveAccessKey } from "./iam/iam_user_one_active_access_key.js";
import { rule as iamUserUnusedCredentials90Disabled } from "./iam/iam_user_unused_credentials_90_disabled.js";
import { rule as iamUserUnusedCredentialsDisabled } from "./iam/iam_user_unused_credentials_disabled.js";
import { rule as kmsCmkRotationEnabled } from "./kms/kms_cmk_rotation_enabled.js";
import { rule as macieSessionEnabled } from "./macie2/macie_session_enabled.js";
import { rule as rdsInstanceMinorVersionUpgradeEnabled } from "./rds/rds_instance_minor_version_upgrade_enabled.js";
import { rule as rdsInstanceMultiAz } from "./rds/rds_instance_multi_az.js";
import { rule as rdsInstanceNoPublicAccess } from "./rds/rds_instance_no_public_access.js";
import { rule as rdsInstanceStorageEncrypted } from "./rds/rds_instance_storage_encrypted.js";
import { rule as s3BucketDefaultEncryptionEnabled } from "./s3/s3_bucket_default_encryption_enabled.js";
import { rule as s3BucketMfaDeleteEnabled } from "./s3/s3_bucket_mfa_delete_enabled.js";
import { rule as s3BucketPublicAccessBlockEnabled } from "./s3/s3_bucket_public_access_block_enabled.js";
import { rule as s3BucketSecureTransportPolicy } from "./s3/s3_bucket_secure_transport_policy.js";
import { rule as securityHubHubEnabled } from "./securityhub/securityhub_hub_enabled.js";
import type { AnyRule } from "./types.js";
import { rule as vpcFlowLogsEnabled } from "./vpc/vpc_flow_logs_enabled.js";

/** All rules, in report order. */
export const RULES: readonly AnyRule[] = [
  iamUserNoAccessKeyAtSetup,
  accountSecurityContactRegistered,
  iamRootNoAccessKey,
  iamRootMfaEnabled,
  iamRootHardwareMfaEnabled,
  iamRootNotUsedRecently,
  iamPasswordPolicyMinLength14,
  iamPasswordPolicyReuse24,
  iamPasswordPolicyUppercase,
  iamPasswordPolicyLowercase,
  iamPasswordPolicySymbol,
  iamPasswordPolicyNumber,
  iamPasswordPolicyExpires90,
  iamUserConsoleMfaEnabled,
  iamUserUnusedCredentialsDisabled,
  iamUserUnusedCredentials90Disabled,
  iamUserOneActiveAccessKey,
  iamUserAccessKeyRotated,
  iamUserNoDirectPolicies,
  iamPolicyNoFullAdminAttached,
  iamRoleSupportAccessAttached,
  iamServerCertificateNotExpired,
  iamUserManagedCentrally,
  ec2InstanceProfileAttached,
  accessAnalyzerRegionAnalyzerActive,
  ec2EbsEncryptionByDefaultEnabled,
  ec2NetworkAclAdminPortsClosed,
  ec2SecurityGroupSshClosedIpv4,
  ec2SecurityGroupRdpClosedIpv4,
  ec2SecurityGroupAdminClosedIpv4,
  ec2SecurityGroupAdminClosedIpv6,
  ec2SecurityGroupCifsClosed,
  ec2DefaultSecurityGroupNoRules,
  ec2RouteTablePeeringLeastAccess,
  ec2InstanceImdsv2Required,
  s3BucketDefaultEncryptionEnabled,
  s3BucketSecureTransportPolicy,
  s3BucketMfaDeleteEnabled,
  s3BucketPublicAccessBlockEnabled,
  macieSessionEnabled,
  rdsInstanceStorageEncrypted,
  rdsInstanceMinorVersionUpgradeEnabled,
  rdsInstanceNoPublicAccess,
  rdsInstanceMultiAz,
  efsFileSystemEncrypted,
  cloudtrailMultiRegionEnabled,
  cloudtrailLogFileValidationEnabled,
  cloudtrailCloudwatchLoggingEnabled,
  cloudtrailKmsEncryptionEnabled,
  cloudtrailS3DataeventsWriteEnabled,
  cloudtrailS3DataeventsReadEnabled,
  configRecorderAllRegionsEnabled,
  configRecorderAllRegionsGlobalOnce,
  kmsCmkRotationEnabled,
  vpcFlowLogsEnabled,
  cloudtrailBucketNotPublic,
  cloudtrailBucketLoggingEnabled,
  cloudwatchAlarmUnauthorizedApiV140,
  cloudwatchAlarmConsoleNoMfaV140,
  cloudwatchAlarmRootUsage,
  cloudwatchAlarmIamPolicyChanges,
  cloudwatchAlarmCloudtrailChanges,
  cloudwatchAlarmConsoleAuthFailures,
  cloudwatchAlarmCmkDisableOrDelete,
  cloudwatchAlarmS3BucketPolicy,
  cloudwatchAlarmConfigChanges,
  cloudwatchAlarmSecurityGroup,
  cloudwatchAlarmNaclChanges,
  cloudwatchAlarmNetworkGateway,
  cloudwatchAlarmRouteTable,
  cloudwatchAlarmVpcChanges,
  cloudwatchAlarmOrganizations,
  securityHubHubEnabled,
  cloudwatchAlarmUnauthorizedApi,
  cloudwatchAlarmConsoleNoMfa,
  cloudwatchAlarmSecurityGroupV500,
];

/** True for a rule that reads per-region data (EC2 DescribeRegions, then a call in every enabled region). */
export function isRegionalRule(rule: AnyRule): boolean {
  return withDependencies(rule.requires).some(
    (name) => datasetDefinition(name).scope === "region" || name === "ec2.regions",
  );
}

/**
 * The IAM actions a rule's data is read with (its required and optional datasets, their dependencies),
 * sorted: derived from the dataset declarations, never kept by hand.
 */
export function apisOf(rule: AnyRule): string[] {
  return actionsFor([...rule.requires, ...(rule.optional ?? [])]);
}

/**
 * The rules a scan runs when none are named: all of them. The per-region rules (1.18 instance profiles,
 * 1.20 Access Analyzer) call every enabled region and need `ec2:DescribeRegions`,
 * `ec2:DescribeInstances` and `access-analyzer:ListAnalyzers` (all in the SecurityAudit managed policy).
 */
export const DEFAULT_RULES: readonly AnyRule[] = RULES;

/** Every rule that reads account-wide data only: what `explain` judges a user with (no region is called). */
export const NON_REGIONAL_RULES: readonly AnyRule[] = RULES.filter((rule) => !isRegionalRule(rule));

/** The rule with this id, or undefined. */
export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
