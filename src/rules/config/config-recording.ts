/**
 * What the two AWS Config rules share (CIS "Ensure AWS Config is enabled in all regions": v1.2.0 2.5,
 * v1.3.0–v2.0.0 3.5, v3.0.0–v5.0.0 3.3, v6.0.0 4.3): which recorders count, whether one records every
 * supported resource type, whether it is recording with a successful last status, and the evidence of a
 * region. Pure.
 *
 * - A service-linked recorder (`servicePrincipal` set, or `recordingScope` INTERNAL) records only for the
 *   AWS service that made it: it never counts, and the evidence lists it as such.
 * - "All supported resource types": `recordingGroup.allSupported` true, no exclusion list, and a
 *   `recordingStrategy.useOnly` that is absent or `ALL_SUPPORTED_RESOURCE_TYPES`
 *   (`EXCLUSION_BY_RESOURCE_TYPES` / `INCLUSION_BY_RESOURCE_TYPES` record fewer).
 * - Recording: the recorder's status (matched by name) shows `recording` true and `lastStatus` SUCCESS,
 *   compared case-insensitively (the SDK's enum says `Success`, the CLI and CIS say `SUCCESS`).
 *
 * Sources: AWS Config API Reference, ConfigurationRecorder, RecordingGroup, RecordingStrategy,
 * ConfigurationRecorderStatus; AWS Config Developer Guide, "Service-linked configuration recorders".
 */
import { isoTime } from "../../model/time.js";
import type {
  ConfigRecorder,
  ConfigRecorderStatus,
  ConfigRecording,
} from "../../snapshot/datasets/config.js";

/** True for a service-linked recorder (it records for one AWS service, not for the account). */
export function isServiceLinked(recorder: ConfigRecorder): boolean {
  return recorder.servicePrincipal !== null || recorder.recordingScope?.toUpperCase() === "INTERNAL";
}

/** True when the recorder records every supported resource type (see the module comment). */
export function recordsAllSupported(recorder: ConfigRecorder): boolean {
  return (
    recorder.allSupported === true &&
    recorder.exclusionResourceTypes.length === 0 &&
    (recorder.recordingStrategy === null || recorder.recordingStrategy === "ALL_SUPPORTED_RESOURCE_TYPES")
  );
}

/** The status of `recorder` in `recording` (by ARN when both have one, else by name), or undefined. */
export function statusOf(
  recording: ConfigRecording,
  recorder: ConfigRecorder,
): ConfigRecorderStatus | undefined {
  return recording.statuses.find((status) =>
    status.arn !== null && recorder.arn !== null
      ? status.arn === recorder.arn
      : status.name === recorder.name,
  );
}

/** True when the status says recording with a successful last delivery (`SUCCESS`, any case). */
export function recordingSuccessfully(status: ConfigRecorderStatus | undefined): boolean {
  return status?.recording === true && status.lastStatus?.toUpperCase() === "SUCCESS";
}

/** What keeps a customer recorder from counting, in words (empty: nothing). */
export function recorderProblems(
  recording: ConfigRecording,
  recorder: ConfigRecorder,
  options: { requireGlobal: boolean },
): string[] {
  const problems: string[] = [];
  if (!recordsAllSupported(recorder)) {
    const how =
      recorder.recordingStrategy && recorder.recordingStrategy !== "ALL_SUPPORTED_RESOURCE_TYPES"
        ? `recordingStrategy ${recorder.recordingStrategy}`
        : recorder.exclusionResourceTypes.length > 0
          ? `excludes ${recorder.exclusionResourceTypes.join(", ")}`
          : `allSupported ${String(recorder.allSupported)}`;
    problems.push(`recorder ${recorder.name} does not record all supported resource types (${how})`);
  }
  if (options.requireGlobal && recorder.includeGlobalResourceTypes !== true)
    problems.push(
      `recorder ${recorder.name} does not include global resource types (includeGlobalResourceTypes ${String(recorder.includeGlobalResourceTypes)})`,
    );
  const status = statusOf(recording, recorder);
  if (!status) problems.push(`recorder ${recorder.name} has no status`);
  else {
    if (!status.recording) problems.push(`recorder ${recorder.name} is not recording`);
    if (status.lastStatus?.toUpperCase() !== "SUCCESS")
      problems.push(
        `recorder ${recorder.name}'s last status is ${status.lastStatus ?? "none"}, not SUCCESS${status.lastErrorCode ? ` (${status.lastErrorCode}${status.lastErrorMessage ? `: ${status.lastErrorMessage}` : ""})` : ""}`,
      );
  }
  return problems;
}

/** The region's Config setup as evidence (times ISO 8601 UTC). */
export function recordingEvidence(region: string, recording: ConfigRecording): Record<string, unknown> {
  return {
    region,
    recorders: recording.recorders.map((recorder) => ({
      ...recorder,
      serviceLinked: isServiceLinked(recorder),
      recordsAllSupported: recordsAllSupported(recorder),
    })),
    statuses: recording.statuses.map((status) => ({
      ...status,
      lastStartTime: status.lastStartTime ? isoTime(status.lastStartTime) : null,
      lastStatusChangeTime: status.lastStatusChangeTime ? isoTime(status.lastStatusChangeTime) : null,
    })),
    deliveryChannels: recording.deliveryChannels,
    source:
      "config:DescribeConfigurationRecorders, config:DescribeConfigurationRecorderStatus, config:DescribeDeliveryChannels",
  };
}

/** The remediation both Config rules give. */
export const CONFIG_REMEDIATION = {
  console: [
    "Open the AWS Config console in the region named in the finding and choose Settings (or Get started).",
    "Under Recording strategy choose All resource types with customizable overrides, with no override that excludes types; under Recording frequency keep Continuous.",
    "Choose or create the service-linked role and an S3 bucket (and optionally an SNS topic) for the delivery channel, and Save; then check that the recorder shows Recording on and a successful last status.",
    "Record global resource types (IAM) in the region(s) the benchmark version asks for: every region up to v4.0.0, at least one from v5.0.0.",
  ],
  cli: [
    "aws configservice describe-configuration-recorders --region <region>",
    "aws configservice describe-configuration-recorder-status --region <region>",
    'aws configservice put-configuration-recorder --region <region> --configuration-recorder name=default,roleARN=<role-arn> --recording-group \'{"allSupported":true,"includeGlobalResourceTypes":true}\'',
    "aws configservice put-delivery-channel --region <region> --delivery-channel name=default,s3BucketName=<bucket>",
    "aws configservice start-configuration-recorder --region <region> --configuration-recorder-name default",
  ],
  iac: {
    cloudformation: [
      "# One stack per region (a StackSet across every enabled region).",
      "Recorder:",
      "  Type: AWS::Config::ConfigurationRecorder",
      "  Properties:",
      "    RoleARN: !Ref ConfigRoleArn   # the AWSServiceRoleForConfig service-linked role",
      "    RecordingGroup:",
      "      AllSupported: true",
      "      IncludeGlobalResourceTypes: true",
      "DeliveryChannel:",
      "  Type: AWS::Config::DeliveryChannel",
      "  Properties:",
      "    S3BucketName: !Ref ConfigBucket",
    ].join("\n"),
    terraform: [
      "# One per enabled region (a provider alias per region).",
      'resource "aws_config_configuration_recorder" "default" {',
      '  name     = "default"',
      "  role_arn = aws_iam_service_linked_role.config.arn",
      "  recording_group {",
      "    all_supported                 = true",
      "    include_global_resource_types = true",
      "  }",
      "}",
      'resource "aws_config_delivery_channel" "default" {',
      '  name           = "default"',
      "  s3_bucket_name = aws_s3_bucket.config.id",
      "  depends_on     = [aws_config_configuration_recorder.default]",
      "}",
      'resource "aws_config_configuration_recorder_status" "default" {',
      "  name       = aws_config_configuration_recorder.default.name",
      "  is_enabled = true",
      "  depends_on = [aws_config_delivery_channel.default]",
      "}",
    ].join("\n"),
  },
} as const;

/** References of both Config rules. */
export const CONFIG_REFERENCES = [
  "https://www.cisecurity.org/benchmark/amazon_web_services",
  "https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html",
  "https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html",
] as const;

/** CloudTrail events that change either Config rule's verdict. */
export const CONFIG_EVENTS = [
  "PutConfigurationRecorder",
  "DeleteConfigurationRecorder",
  "StartConfigurationRecorder",
  "StopConfigurationRecorder",
  "PutDeliveryChannel",
  "DeleteDeliveryChannel",
  "PutServiceLinkedConfigurationRecorder",
  "DeleteServiceLinkedConfigurationRecorder",
] as const;
