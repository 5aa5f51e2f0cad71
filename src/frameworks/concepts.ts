/**
 * What each requirement concept means for cloudpatrol, once for every benchmark version: which rules
 * decide it, and how a person audits it by hand when no rule does. Adding a rule for a concept is one
 * edit here (its `ruleIds`), and every version's catalog picks it up under its own number.
 *
 * The audit steps are written in our own words from the AWS documentation; they are not the benchmark's
 * text.
 */
import type { Severity } from "../model/finding.js";
import type { Assessment, Concept, Profile, Requirement } from "./types.js";

/** What cloudpatrol knows about one concept. */
export interface ConceptInfo {
  /** Rules (that exist) deciding it. Only ids registered in `src/rules/index.ts`. */
  readonly ruleIds: readonly string[];
  /** Severity of its MANUAL finding. */
  readonly severity: Severity;
  /** Manual audit, in our words. */
  readonly auditSteps: readonly string[];
}

const REPORT =
  "Download the credential report (aws iam generate-credential-report, then aws iam get-credential-report --query Content --output text | base64 -d).";

/**
 * The audit of a "metric filter and alarm" requirement: the same three steps for each, only the events
 * the filter must match differ.
 */
function metricFilterSteps(events: string): readonly string[] {
  return [
    "Find a multi-region trail that is logging and sends to CloudWatch Logs: aws cloudtrail describe-trails, aws cloudtrail get-trail-status --name <trail-arn> (IsLogging true), and note its CloudWatchLogsLogGroupArn.",
    `In that log group's region, run aws logs describe-metric-filters --log-group-name <log-group>: one filter's pattern must match ${events}.`,
    "Run aws cloudwatch describe-alarms in the same region and find an alarm on that filter's metric (metricTransformations name and namespace) that watches the metric stream the filter publishes (the same dimensions as the filter's metricTransformations, none when it has none, and no Unit or the filter's unit, which is None when the filter sets none) and can fire on one matching event (with metric value 1: statistic Sum, threshold >= 1, 1 of 1 evaluation periods), whose AlarmActions name an SNS topic; aws sns list-subscriptions-by-topic --topic-arn <topic> must show at least one confirmed subscription.",
  ];
}

/** Every concept, with its rules and manual audit. */
export const CONCEPTS: Readonly<Record<Concept, ConceptInfo>> = {
  contact_details: {
    ruleIds: [],
    severity: "low",
    auditSteps: [
      "Sign in as a user allowed to read account settings and open Account (Billing and Cost Management → Account).",
      "Check that the primary contact's email address and phone number are current.",
      "Check that they reach more than one person: a distribution list or shared mailbox, a phone number that rings a team.",
    ],
  },
  security_contact: {
    ruleIds: ["account_security_contact_registered"],
    severity: "low",
    auditSteps: [
      "Run aws account get-alternate-contact --alternate-contact-type SECURITY (needs account:GetAlternateContact).",
      "Or open Account in the console and look at Alternate contacts → Security.",
      "Pass when a security contact is set and reaches the team that handles security incidents.",
    ],
  },
  security_questions: {
    ruleIds: [],
    severity: "low",
    auditSteps: [
      "Sign in as the root user and open Account in the console.",
      "Look at the Configure Security Challenge Questions section (where the account still offers it).",
      "Pass when questions are set and their answers are stored where the account owners can retrieve them.",
    ],
  },
  root_no_access_key: {
    ruleIds: ["iam_root_no_access_key"],
    severity: "critical",
    auditSteps: [
      REPORT,
      "On the <root_account> row, access_key_1_active and access_key_2_active must both be false.",
      "Or run aws iam get-account-summary and check that AccountAccessKeysPresent is 0.",
    ],
  },
  root_mfa: {
    ruleIds: ["iam_root_mfa_enabled"],
    severity: "critical",
    auditSteps: [
      REPORT,
      "On the <root_account> row, mfa_active must be true.",
      "Or run aws iam get-account-summary and check that AccountMFAEnabled is 1.",
    ],
  },
  root_hardware_mfa: {
    ruleIds: ["iam_root_hardware_mfa_enabled"],
    severity: "high",
    auditSteps: [
      "Run aws iam get-account-summary: AccountMFAEnabled must be 1.",
      "Run aws iam list-virtual-mfa-devices --assignment-status Assigned: no device may be assigned to the root user (a serial number ending in :mfa/root-account-mfa-device or a User ARN ending in :root).",
      "A root user with MFA and no virtual device uses a hardware device (FIDO key or TOTP token).",
    ],
  },
  root_not_used: {
    ruleIds: ["iam_root_not_used_recently"],
    severity: "high",
    auditSteps: [
      REPORT,
      "On the <root_account> row, read password_last_used, access_key_1_last_used_date and access_key_2_last_used_date.",
      "Take the most recent of the three; use of the root user for everyday work (recent sign-ins or key use without a task that needs root) fails.",
    ],
  },
  password_min_length_14: {
    ruleIds: ["iam_password_policy_min_length_14"],
    severity: "medium",
    auditSteps: [
      "Run aws iam get-account-password-policy (NoSuchEntity means there is no policy: fail).",
      "MinimumPasswordLength must be 14 or more.",
    ],
  },
  password_reuse_24: {
    ruleIds: ["iam_password_policy_reuse_24"],
    severity: "medium",
    auditSteps: [
      "Run aws iam get-account-password-policy (NoSuchEntity means there is no policy: fail).",
      "PasswordReusePrevention must be 24.",
    ],
  },
  password_requires_uppercase: {
    ruleIds: ["iam_password_policy_uppercase"],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireUppercaseCharacters must be true."],
  },
  password_requires_lowercase: {
    ruleIds: ["iam_password_policy_lowercase"],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireLowercaseCharacters must be true."],
  },
  password_requires_symbol: {
    ruleIds: ["iam_password_policy_symbol"],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireSymbols must be true."],
  },
  password_requires_number: {
    ruleIds: ["iam_password_policy_number"],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireNumbers must be true."],
  },
  password_expires_90: {
    ruleIds: ["iam_password_policy_expires_90"],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: MaxPasswordAge must be set and at most 90."],
  },
  console_user_mfa: {
    ruleIds: ["iam_user_console_mfa_enabled"],
    severity: "high",
    auditSteps: [
      REPORT,
      "For every IAM user row (not <root_account>) with password_enabled true, mfa_active must be true.",
    ],
  },
  no_access_key_at_setup: {
    ruleIds: ["iam_user_no_access_key_at_setup"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "For every IAM user with password_enabled true, an active key whose last-used date is N/A was never needed: deactivate it, then delete it.",
    ],
  },
  unused_credentials_90: {
    ruleIds: ["iam_user_unused_credentials_90_disabled"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "For each user, a password not used for 90 days or more (never used: counted from password_last_changed) must be removed.",
      "Each active access key not used for 90 days or more (never used: counted from last_rotated) must be deactivated.",
    ],
  },
  unused_credentials_45: {
    ruleIds: ["iam_user_unused_credentials_disabled"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "For each user, a password not used for 45 days or more (never used: counted from password_last_changed) must be removed.",
      "Each active access key not used for 45 days or more (never used: counted from last_rotated) must be deactivated.",
    ],
  },
  one_active_key: {
    ruleIds: ["iam_user_one_active_access_key"],
    severity: "medium",
    auditSteps: [REPORT, "No IAM user row may have both access_key_1_active and access_key_2_active true."],
  },
  access_key_rotated_90: {
    ruleIds: ["iam_user_access_key_rotated"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "Every active access key's last_rotated must be less than 90 days before now; inactive keys do not count.",
    ],
  },
  permissions_through_groups: {
    ruleIds: ["iam_user_no_direct_policies"],
    severity: "low",
    auditSteps: [
      "For each IAM user, run aws iam list-attached-user-policies --user-name <user> and aws iam list-user-policies --user-name <user>.",
      "Both lists must be empty: permissions come only from the groups the user belongs to.",
    ],
  },
  no_full_admin_policy: {
    ruleIds: ["iam_policy_no_full_admin_attached"],
    severity: "high",
    auditSteps: [
      "Run aws iam list-policies --only-attached --scope Local and read each policy's default version (aws iam get-policy-version).",
      'No statement may have "Effect": "Allow" with "Action": "*" and "Resource": "*" (as a string or in a list).',
    ],
  },
  support_role: {
    ruleIds: ["iam_role_support_access_attached"],
    severity: "low",
    auditSteps: [
      "Run aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess.",
      "At least one role must be listed under PolicyRoles.",
    ],
  },
  instance_roles: {
    ruleIds: ["ec2_instance_profile_attached"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-instances --query 'Reservations[].Instances[].[InstanceId,IamInstanceProfile.Arn]'.",
      "Every instance that calls AWS APIs must have an instance profile; check that no long-term keys are stored on the instance instead.",
    ],
  },
  expired_server_certificates: {
    ruleIds: ["iam_server_certificate_not_expired"],
    severity: "medium",
    auditSteps: [
      "Run aws iam list-server-certificates.",
      "No certificate's Expiration may be in the past; delete expired ones with aws iam delete-server-certificate.",
    ],
  },
  s3_block_public_access: {
    ruleIds: ["s3_bucket_public_access_block_enabled"],
    severity: "high",
    auditSteps: [
      "Run aws s3control get-public-access-block --account-id <account-id> for the account setting.",
      "For buckets not covered by it, run aws s3api get-public-access-block --bucket <bucket>; all four settings must be true.",
    ],
  },
  access_analyzer_enabled: {
    ruleIds: ["accessanalyzer_region_analyzer_active"],
    severity: "medium",
    auditSteps: [
      "Run aws ec2 describe-regions to list the enabled regions.",
      "In each, run aws accessanalyzer list-analyzers --region <region>: at least one analyzer must have status ACTIVE.",
    ],
  },
  central_user_management: {
    ruleIds: ["iam_user_managed_centrally"],
    severity: "low",
    auditSteps: [
      "Run aws iam list-saml-providers and aws iam list-open-id-connect-providers, and check whether IAM Identity Center manages access for this account.",
      "Run aws iam list-users: in accounts that receive access through federation or IAM Identity Center, no IAM user should stand for a person.",
    ],
  },
  ebs_encryption_by_default: {
    ruleIds: ["ec2_ebs_encryption_by_default_enabled"],
    severity: "medium",
    auditSteps: [
      "Run aws ec2 describe-regions --query 'Regions[].RegionName' --output text to list the enabled regions.",
      "In each, run aws ec2 get-ebs-encryption-by-default --region <region>: EbsEncryptionByDefault must be true.",
      "Or, in the EC2 console of each region, open Settings → Data protection and security: Always encrypt new EBS volumes must be enabled.",
    ],
  },
  cloudshell_full_access_restricted: {
    ruleIds: [],
    severity: "medium",
    auditSteps: [
      "Run aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess.",
      "Pass when no user, group or role has it attached, or each one listed is approved to move files in and out of CloudShell.",
    ],
  },

  // Storage (v1.3.0 on: section 2; v6.0.0: section 3).
  s3_bucket_default_encryption_enabled: {
    ruleIds: ["s3_bucket_default_encryption_enabled"],
    severity: "medium",
    auditSteps: [
      "List the buckets with aws s3api list-buckets --query 'Buckets[].Name' --output text.",
      "For each, run aws s3api get-bucket-encryption --bucket <bucket>: a rule with SSEAlgorithm AES256, aws:kms or aws:kms:dsse must be there (ServerSideEncryptionConfigurationNotFoundError means none).",
    ],
  },
  s3_bucket_enforces_ssl: {
    ruleIds: ["s3_bucket_secure_transport_policy"],
    severity: "medium",
    auditSteps: [
      "List the buckets with aws s3api list-buckets --query 'Buckets[].Name' --output text.",
      "For each, run aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text (NoSuchBucketPolicy: fail).",
      'Pass when a statement with "Effect": "Deny" for every principal ("*") covers the bucket\'s S3 actions under the condition "Bool": {"aws:SecureTransport": "false"}; a statement that only allows HTTPS is not enough.',
    ],
  },
  s3_bucket_mfa_delete_enabled: {
    ruleIds: ["s3_bucket_mfa_delete_enabled"],
    severity: "low",
    auditSteps: [
      "List the buckets with aws s3api list-buckets --query 'Buckets[].Name' --output text.",
      "For each, run aws s3api get-bucket-versioning --bucket <bucket>: Status must be Enabled and MFADelete must be Enabled (a missing MFADelete field means it was never turned on).",
    ],
  },
  s3_bucket_protected_by_macie: {
    ruleIds: ["macie_session_enabled"],
    severity: "medium",
    auditSteps: [
      "In each region that holds buckets, run aws macie2 get-macie-session: status must be ENABLED (or show the tool that classifies S3 data instead).",
      "Run aws macie2 list-classification-jobs or aws macie2 get-automated-discovery-configuration to see that the buckets are actually scanned.",
      "Check that findings about sensitive data are reviewed and the buckets that hold it are protected.",
    ],
  },
  rds_db_instance_encryption_at_rest_enabled: {
    ruleIds: ["rds_instance_storage_encrypted"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,StorageEncrypted]'.",
      "Every instance must show StorageEncrypted true.",
    ],
  },
  rds_db_instance_automatic_minor_version_upgrade_enabled: {
    ruleIds: ["rds_instance_minor_version_upgrade_enabled"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,AutoMinorVersionUpgrade]'.",
      "Every instance must show AutoMinorVersionUpgrade true.",
    ],
  },
  rds_db_instance_prohibit_public_access: {
    ruleIds: ["rds_instance_no_public_access"],
    severity: "critical",
    auditSteps: [
      "In every enabled region, run aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,PubliclyAccessible,DBSubnetGroup.Subnets[].SubnetIdentifier]'.",
      "Every instance must show PubliclyAccessible false.",
      "For an instance that is public, aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<subnet> shows whether its subnets route 0.0.0.0/0 to an internet gateway.",
    ],
  },
  rds_db_instance_multiple_az_enabled: {
    ruleIds: ["rds_instance_multi_az"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,MultiAZ]' and aws rds describe-db-clusters --region <region> --query 'DBClusters[].[DBClusterIdentifier,MultiAZ]'.",
      "Each production database should show MultiAZ true; note the ones that run in a single Availability Zone on purpose.",
    ],
  },
  efs_file_system_encrypt_data_at_rest: {
    ruleIds: ["efs_file_system_encrypted"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws efs describe-file-systems --region <region> --query 'FileSystems[].[FileSystemId,Encrypted]'.",
      "Every file system must show Encrypted true (encryption at rest is chosen at creation: an unencrypted one has to be copied to a new, encrypted file system).",
    ],
  },

  // Logging (v1.2.0: section 2; v1.3.0–v5.0.0: 3; v6.0.0: 4).
  cloudtrail_multi_region_read_write_enabled: {
    ruleIds: ["cloudtrail_multi_region_enabled"],
    severity: "high",
    auditSteps: [
      "Run aws cloudtrail describe-trails --include-shadow-trails and keep the trails with IsMultiRegionTrail true.",
      "For one of them, aws cloudtrail get-trail-status --name <trail-arn> must show IsLogging true.",
      "aws cloudtrail get-event-selectors --trail-name <trail-arn> must record all management events: a selector with IncludeManagementEvents true and ReadWriteType All, or an advanced selector on eventCategory Management without a readOnly field.",
    ],
  },
  cloudtrail_trail_validation_enabled: {
    ruleIds: ["cloudtrail_log_file_validation_enabled"],
    severity: "low",
    auditSteps: [
      "Run aws cloudtrail describe-trails --query 'trailList[].[Name,LogFileValidationEnabled]'.",
      "Every trail must show LogFileValidationEnabled true.",
    ],
  },
  cloudtrail_bucket_not_public: {
    ruleIds: ["cloudtrail_bucket_not_public"],
    severity: "critical",
    auditSteps: [
      "Run aws cloudtrail describe-trails --query 'trailList[].S3BucketName' to find the buckets trails deliver to.",
      "For each, aws s3api get-bucket-acl --bucket <bucket> must grant nothing to the AllUsers or AuthenticatedUsers groups (URIs ending in /global/AllUsers or /global/AuthenticatedUsers).",
      'aws s3api get-bucket-policy --bucket <bucket> must have no "Allow" statement whose principal is "*" or {"AWS": "*"}.',
    ],
  },
  cloudtrail_trail_integrated_with_logs: {
    ruleIds: ["cloudtrail_cloudwatch_logging_enabled"],
    severity: "low",
    auditSteps: [
      "Run aws cloudtrail describe-trails --query 'trailList[].[Name,CloudWatchLogsLogGroupArn]': every trail must name a log group.",
      "For each, aws cloudtrail get-trail-status --name <trail-arn> must show a LatestCloudWatchLogsDeliveryTime within the last day.",
    ],
  },
  config_enabled_all_regions: {
    ruleIds: ["config_recorder_all_regions_enabled"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws configservice describe-configuration-recorders --region <region>: a recorder must record all supported resource types (recordingGroup.allSupported true), and one of them must include global resource types.",
      "Run aws configservice describe-configuration-recorder-status --region <region>: the recorder must show recording true and lastStatus SUCCESS.",
    ],
  },
  cloudtrail_s3_logging_enabled: {
    ruleIds: ["cloudtrail_bucket_logging_enabled"],
    severity: "low",
    auditSteps: [
      "Run aws cloudtrail describe-trails --query 'trailList[].S3BucketName' to find the buckets trails deliver to.",
      "For each, aws s3api get-bucket-logging --bucket <bucket> must return a LoggingEnabled block naming a target bucket.",
    ],
  },
  cloudtrail_trail_logs_encrypted_with_kms_cmk: {
    ruleIds: ["cloudtrail_kms_encryption_enabled"],
    severity: "medium",
    auditSteps: [
      "Run aws cloudtrail describe-trails --query 'trailList[].[Name,KmsKeyId]'.",
      "Every trail must name a KMS key in KmsKeyId (SSE-KMS); no KmsKeyId means only S3-managed encryption.",
    ],
  },
  kms_cmk_rotation_enabled: {
    ruleIds: ["kms_cmk_rotation_enabled"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws kms list-keys --region <region>, then aws kms describe-key --key-id <key> for each.",
      "For each enabled key with KeyManager CUSTOMER, KeySpec SYMMETRIC_DEFAULT and Origin AWS_KMS, aws kms get-key-rotation-status --key-id <key> must show KeyRotationEnabled true.",
    ],
  },
  vpc_flow_logs_enabled: {
    ruleIds: ["vpc_flow_logs_enabled"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-vpcs --region <region> --query 'Vpcs[].VpcId'.",
      "Run aws ec2 describe-flow-logs --region <region> --filter Name=resource-id,Values=<vpc-id>: each VPC must have a flow log whose FlowLogStatus is ACTIVE.",
    ],
  },
  cloudtrail_s3_object_write_events_audit_enabled: {
    ruleIds: ["cloudtrail_s3_dataevents_write_enabled"],
    severity: "medium",
    auditSteps: [
      "Run aws cloudtrail describe-trails and, for each multi-region trail, aws cloudtrail get-event-selectors --trail-name <trail-arn>.",
      "A classic selector must log DataResources of type AWS::S3::Object for all buckets (arn:aws:s3 or arn:aws:s3:::) or for each bucket, with ReadWriteType WriteOnly or All.",
      "Or an advanced selector must have eventCategory Data and resources.type AWS::S3::Object, with readOnly absent or false.",
    ],
  },
  cloudtrail_s3_object_read_events_audit_enabled: {
    ruleIds: ["cloudtrail_s3_dataevents_read_enabled"],
    severity: "medium",
    auditSteps: [
      "Run aws cloudtrail describe-trails and, for each multi-region trail, aws cloudtrail get-event-selectors --trail-name <trail-arn>.",
      "A classic selector must log DataResources of type AWS::S3::Object for all buckets (arn:aws:s3 or arn:aws:s3:::) or for each bucket, with ReadWriteType ReadOnly or All.",
      "Or an advanced selector must have eventCategory Data and resources.type AWS::S3::Object, with readOnly absent or true.",
    ],
  },

  // Monitoring (v1.2.0: section 3; v1.3.0–v5.0.0: 4; v6.0.0: 5).
  log_metric_filter_unauthorized_api: {
    ruleIds: ["cloudwatch_alarm_unauthorized_api"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'errorCode "*UnauthorizedOperation" or "AccessDenied*" (optionally leaving out sourceIPAddress "delivery.logs.amazonaws.com" and eventName "HeadBucket")',
    ),
  },
  log_metric_filter_console_login_mfa: {
    ruleIds: ["cloudwatch_alarm_console_no_mfa"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'eventName "ConsoleLogin" with additionalEventData.MFAUsed not "Yes" (optionally only where userIdentity.type is "IAMUser" and responseElements.ConsoleLogin is "Success")',
    ),
  },
  log_metric_filter_root_login: {
    ruleIds: ["cloudwatch_alarm_root_usage"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'userIdentity.type "Root" with no userIdentity.invokedBy and an eventType other than "AwsServiceEvent"',
    ),
  },
  log_metric_filter_iam_policy: {
    ruleIds: ["cloudwatch_alarm_iam_policy_changes"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "the IAM policy events: Put/Delete of user, group and role inline policies, CreatePolicy, DeletePolicy, CreatePolicyVersion, DeletePolicyVersion, and Attach/Detach of user, group and role policies",
    ),
  },
  log_metric_filter_cloudtrail_configuration: {
    ruleIds: ["cloudwatch_alarm_cloudtrail_changes"],
    severity: "low",
    auditSteps: metricFilterSteps("CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging"),
  },
  log_metric_filter_console_authentication_failure: {
    ruleIds: ["cloudwatch_alarm_console_auth_failures"],
    severity: "low",
    auditSteps: metricFilterSteps('eventName "ConsoleLogin" with errorMessage "Failed authentication"'),
  },
  log_metric_filter_disable_or_delete_cmk: {
    ruleIds: ["cloudwatch_alarm_cmk_disable_or_delete"],
    severity: "low",
    auditSteps: metricFilterSteps('eventSource "kms.amazonaws.com" with DisableKey or ScheduleKeyDeletion'),
  },
  log_metric_filter_bucket_policy: {
    ruleIds: ["cloudwatch_alarm_s3_bucket_policy"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'eventSource "s3.amazonaws.com" with PutBucketAcl, PutBucketPolicy, PutBucketCors, PutBucketLifecycle, PutBucketReplication, DeleteBucketPolicy, DeleteBucketCors, DeleteBucketLifecycle or DeleteBucketReplication',
    ),
  },
  log_metric_filter_config_configuration: {
    ruleIds: ["cloudwatch_alarm_config_changes"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'eventSource "config.amazonaws.com" with StopConfigurationRecorder, DeleteDeliveryChannel, PutDeliveryChannel or PutConfigurationRecorder',
    ),
  },
  log_metric_filter_security_group: {
    ruleIds: ["cloudwatch_alarm_security_group"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "AuthorizeSecurityGroupIngress, AuthorizeSecurityGroupEgress, RevokeSecurityGroupIngress, RevokeSecurityGroupEgress, CreateSecurityGroup and DeleteSecurityGroup (newer benchmark versions add ModifySecurityGroupRules)",
    ),
  },
  log_metric_filter_network_acl: {
    ruleIds: ["cloudwatch_alarm_nacl_changes"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "CreateNetworkAcl, CreateNetworkAclEntry, DeleteNetworkAcl, DeleteNetworkAclEntry, ReplaceNetworkAclEntry and ReplaceNetworkAclAssociation",
    ),
  },
  log_metric_filter_network_gateway: {
    ruleIds: ["cloudwatch_alarm_network_gateway"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "CreateCustomerGateway, DeleteCustomerGateway, AttachInternetGateway, CreateInternetGateway, DeleteInternetGateway and DetachInternetGateway",
    ),
  },
  log_metric_filter_route_table: {
    ruleIds: ["cloudwatch_alarm_route_table"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "CreateRoute, CreateRouteTable, ReplaceRoute, ReplaceRouteTableAssociation, DeleteRouteTable, DeleteRoute and DisassociateRouteTable (newer benchmark versions also require eventSource ec2.amazonaws.com)",
    ),
  },
  log_metric_filter_vpc: {
    ruleIds: ["cloudwatch_alarm_vpc_changes"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "CreateVpc, DeleteVpc, ModifyVpcAttribute, the VPC peering events (Create, Accept, Reject, Delete VpcPeeringConnection) and the ClassicLink events (AttachClassicLinkVpc, DetachClassicLinkVpc, EnableVpcClassicLink, DisableVpcClassicLink)",
    ),
  },
  log_metric_filter_organization: {
    ruleIds: ["cloudwatch_alarm_organizations"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'eventSource "organizations.amazonaws.com" with the events that change the organization: accounts (CreateAccount, InviteAccountToOrganization, MoveAccount, RemoveAccountFromOrganization, LeaveOrganization), handshakes, organizational units, policies and policy types, and DeleteOrganization',
    ),
  },
  log_metric_filter_unauthorized_api_v140: {
    ruleIds: ["cloudwatch_alarm_unauthorized_api_v140"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'errorCode "*UnauthorizedOperation" or "AccessDenied*" (the printed text joins its sourceIPAddress "delivery.logs.amazonaws.com" and eventName "HeadBucket" exclusions with ||; the intended form joins them with &&)',
    ),
  },
  log_metric_filter_console_login_mfa_v140: {
    ruleIds: ["cloudwatch_alarm_console_no_mfa_v140"],
    severity: "low",
    auditSteps: metricFilterSteps(
      'eventName "ConsoleLogin" with additionalEventData.MFAUsed not "Yes" (or at least where userIdentity.type is "IAMUser" and responseElements.ConsoleLogin is "Success")',
    ),
  },
  log_metric_filter_security_group_v500: {
    ruleIds: ["cloudwatch_alarm_security_group_v500"],
    severity: "low",
    auditSteps: metricFilterSteps(
      "AuthorizeSecurityGroupIngress, AuthorizeSecurityGroupEgress, RevokeSecurityGroupIngress, RevokeSecurityGroupEgress, CreateSecurityGroup, DeleteSecurityGroup and ModifySecurityGroupRules",
    ),
  },
  securityhub_enabled: {
    ruleIds: ["securityhub_hub_enabled"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws securityhub describe-hub --region <region>: it must return a HubArn (InvalidAccessException means Security Hub is not enabled there).",
      "Run aws securityhub get-enabled-standards --region <region> to see which standards it checks.",
    ],
  },

  // Networking (v1.2.0: section 4; v1.3.0–v5.0.0: 5; v6.0.0: 6).
  vpc_security_group_restrict_ingress_ssh_all: {
    ruleIds: ["ec2_security_group_ssh_closed_ipv4"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=ip-permission.cidr,Values=0.0.0.0/0.",
      "No inbound rule open to 0.0.0.0/0 may include TCP port 22 (a port range that spans 22, or protocol -1, counts).",
    ],
  },
  vpc_security_group_restrict_ingress_rdp_all: {
    ruleIds: ["ec2_security_group_rdp_closed_ipv4"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=ip-permission.cidr,Values=0.0.0.0/0.",
      "No inbound rule open to 0.0.0.0/0 may include TCP port 3389 (a port range that spans 3389, or protocol -1, counts).",
    ],
  },
  vpc_default_security_group_restricts_all_traffic: {
    ruleIds: ["ec2_default_security_group_no_rules"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=group-name,Values=default.",
      "Each VPC's default group must have empty IpPermissions and IpPermissionsEgress: no inbound and no outbound rule.",
      "Check with aws ec2 describe-network-interfaces --filters Name=group-name,Values=default that no resource still uses it.",
    ],
  },
  vpc_peering_least_access: {
    ruleIds: ["ec2_route_table_peering_least_access"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-vpc-peering-connections --region <region> to list the peerings.",
      "Run aws ec2 describe-route-tables --region <region> --filters Name=route.vpc-peering-connection-id,Values=<pcx-id> for each.",
      "Each route through a peering must name only the peer's subnets or hosts that need to be reached, not the peer VPC's whole CIDR block unless all of it is needed.",
    ],
  },
  vpc_network_acl_remote_administration: {
    ruleIds: ["ec2_network_acl_admin_ports_closed"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-network-acls --region <region>.",
      "No inbound (Egress false) entry with RuleAction allow and CidrBlock 0.0.0.0/0 may cover port 22 or 3389 (protocol -1, TCP, or a port range that includes them), unless a lower-numbered deny entry blocks it first.",
    ],
  },
  vpc_security_group_remote_administration: {
    ruleIds: ["ec2_security_group_admin_closed_ipv4"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=ip-permission.cidr,Values=0.0.0.0/0.",
      "No inbound rule open to 0.0.0.0/0 may include port 22 or 3389 (a port range that spans them, or protocol -1, counts).",
    ],
  },
  vpc_security_group_remote_administration_ipv4: {
    ruleIds: ["ec2_security_group_admin_closed_ipv4"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=ip-permission.cidr,Values=0.0.0.0/0.",
      "No inbound rule open to 0.0.0.0/0 may include port 22 or 3389 (a port range that spans them, or protocol -1, counts).",
    ],
  },
  vpc_security_group_remote_administration_ipv6: {
    ruleIds: ["ec2_security_group_admin_closed_ipv6"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=ip-permission.ipv6-cidr,Values=::/0.",
      "No inbound rule open to ::/0 may include port 22 or 3389 (a port range that spans them, or protocol -1, counts).",
    ],
  },
  ec2_instance_uses_imdsv2: {
    ruleIds: ["ec2_instance_imdsv2_required"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-instances --region <region> --query 'Reservations[].Instances[].[InstanceId,MetadataOptions.HttpTokens,MetadataOptions.HttpEndpoint]'.",
      "Every instance must show HttpTokens required, or HttpEndpoint disabled.",
    ],
  },
  vpc_security_group_restrict_ingress_cifs_port_all: {
    ruleIds: ["ec2_security_group_cifs_closed"],
    severity: "high",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-security-groups --region <region> --filters Name=ip-permission.from-port,Values=445 and look also at groups with port ranges or protocol -1 that include 445.",
      "No inbound rule that includes TCP port 445 may be open to 0.0.0.0/0 or ::/0; it must name only trusted address ranges or security groups.",
    ],
  },
};

/** A catalog line: number, concept, title, profile level (1/2), assessment (A/M). */
export type Line = readonly [
  id: string,
  concept: Concept,
  title: string,
  level: 1 | 2,
  assessment: "A" | "M",
];

/** Options of {@link buildRequirements}. */
export interface BuildOptions {
  /**
   * Section titles by section number (`"1"` → `1 Identity and Access Management`): each line's section
   * is the one its number starts with (`2.2.1` → section `2`).
   */
  readonly sections: Readonly<Record<string, string>>;
  /** CIS v1.2.0: A/M in the lines mean Scored / Not Scored. */
  readonly scored?: boolean;
  /** Per-requirement rule overrides (by requirement id), for a version whose requirement differs. */
  readonly ruleOverrides?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Turns compact catalog lines into requirements, taking rules and audit steps from {@link CONCEPTS}.
 * Runs for every catalog when the catalogs load (each run of a scan): a plain loop and one object
 * literal per shape, no array destructuring or object spread (both slow in code that runs once).
 */
export function buildRequirements(lines: readonly Line[], options: BuildOptions): Requirement[] {
  const requirements: Requirement[] = new Array(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as Line;
    const id = line[0];
    const concept = line[1];
    const info = CONCEPTS[concept];
    const number = id.slice(0, id.indexOf(".") === -1 ? id.length : id.indexOf("."));
    const section = options.sections[number];
    if (section === undefined) throw new Error(`Catalog line ${id}: no section ${number} in this catalog.`);
    const profile: Profile = line[3] === 1 ? "Level 1" : "Level 2";
    const assessment: Assessment = line[4] === "A" ? "Automated" : "Manual";
    const ruleIds = options.ruleOverrides?.[id] ?? info.ruleIds;
    // The same keys in the same order as before (`scoring` after `assessment`, v1.2.0 only).
    requirements[index] = options.scored
      ? {
          id,
          title: line[2],
          section,
          profile,
          assessment,
          scoring: line[4] === "A" ? "Scored" : "Not Scored",
          concept,
          ruleIds,
          auditSteps: info.auditSteps,
        }
      : { id, title: line[2], section, profile, assessment, concept, ruleIds, auditSteps: info.auditSteps };
  }
  return requirements;
}
