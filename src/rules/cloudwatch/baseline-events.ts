/**
 * Ordinary CloudTrail events that no monitoring requirement is meant to alarm on: successful calls by
 * an IAM user, most of them reads of the very resources the requirements watch (DescribeSecurityGroups,
 * DescribeTrails, GetBucketPolicy…), a role assumed, a console sign-in with MFA, and calls that failed for
 * reasons other than authorization (throttling, invalid parameters). A filter that matches one of them (and
 * the prescribed pattern it is compared with does not) is broader than the requirement in a way that makes
 * the alarm fire on everyday activity: `{ $.eventName = * }` catches every required event but is not
 * accepted. Each requirement adds its own near misses (`near-miss-events.ts`).
 * Shapes follow real records (eventVersion 1.08, the fields the shared samples show).
 */

/** One probe event, with a short description for evidence ("a successful kms:Decrypt"). */
export interface ProbeEvent {
  readonly description: string;
  readonly event: unknown;
}

const IAM_USER = {
  type: "IAMUser",
  principalId: "AIDACKCEVSQ6C2EXAMPLE",
  arn: "arn:aws:iam::123456789012:user/alice",
  accountId: "123456789012",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  userName: "alice",
};

/** A successful API call by an IAM user, as CloudTrail records it. */
export function apiCall(eventSource: string, eventName: string, readOnly: boolean): Record<string, unknown> {
  return {
    eventVersion: "1.08",
    userIdentity: IAM_USER,
    eventTime: "2024-08-01T13:33:28Z",
    eventSource,
    eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: "192.0.2.10",
    userAgent: "aws-cli/2.15.0",
    requestParameters: null,
    responseElements: null,
    eventType: "AwsApiCall",
    managementEvent: true,
    readOnly,
    recipientAccountId: "123456789012",
    eventCategory: "Management",
  };
}

/** The probe "a successful <service>:<name>". */
export function successful(eventSource: string, eventName: string, readOnly: boolean): ProbeEvent {
  return {
    description: `a successful ${eventSource.split(".")[0]}:${eventName}`,
    event: apiCall(eventSource, eventName, readOnly),
  };
}

/** A call that failed with `errorCode` and `errorMessage` (what CloudTrail adds to a failed call). */
export function failedCall(
  eventSource: string,
  eventName: string,
  errorCode: string,
  errorMessage: string,
  description: string,
): ProbeEvent {
  return { description, event: { ...apiCall(eventSource, eventName, false), errorCode, errorMessage } };
}

/** A console sign-in (ConsoleLogin) by an IAM user that succeeded, with or without MFA. */
export function consoleSignIn(mfa: boolean): Record<string, unknown> {
  return {
    ...apiCall("signin.amazonaws.com", "ConsoleLogin", false),
    eventType: "AwsConsoleSignIn",
    responseElements: { ConsoleLogin: "Success" },
    additionalEventData: { MFAUsed: mfa ? "Yes" : "No", MobileVersion: "No" },
  };
}

/** The baseline events, each with a short description for evidence. */
export const BASELINE_EVENTS: readonly ProbeEvent[] = [
  {
    description: "a successful ec2:DescribeInstances",
    event: apiCall("ec2.amazonaws.com", "DescribeInstances", true),
  },
  { description: "a successful ec2:CreateTags", event: apiCall("ec2.amazonaws.com", "CreateTags", false) },
  { description: "a successful s3:ListBuckets", event: apiCall("s3.amazonaws.com", "ListBuckets", true) },
  {
    description: "a successful sts:GetCallerIdentity",
    event: apiCall("sts.amazonaws.com", "GetCallerIdentity", true),
  },
  ...(
    [
      ["ec2.amazonaws.com", "DescribeSecurityGroups"],
      ["ec2.amazonaws.com", "DescribeNetworkAcls"],
      ["ec2.amazonaws.com", "DescribeRouteTables"],
      ["ec2.amazonaws.com", "DescribeVpcs"],
      ["ec2.amazonaws.com", "DescribeInternetGateways"],
      ["cloudtrail.amazonaws.com", "DescribeTrails"],
      ["iam.amazonaws.com", "ListPolicies"],
      ["kms.amazonaws.com", "DescribeKey"],
      ["s3.amazonaws.com", "GetBucketPolicy"],
      ["config.amazonaws.com", "DescribeConfigurationRecorders"],
      ["organizations.amazonaws.com", "DescribeOrganization"],
    ] as const
  ).map(([source, name]) => ({
    description: `a successful ${source.split(".")[0]}:${name}`,
    event: apiCall(source, name, true),
  })),
  { description: "a successful console sign-in with MFA", event: consoleSignIn(true) },
  successful("sts.amazonaws.com", "AssumeRole", true),
  failedCall(
    "kms.amazonaws.com",
    "Decrypt",
    "ThrottlingException",
    "Rate exceeded",
    "a throttled kms:Decrypt (ThrottlingException: Rate exceeded)",
  ),
  failedCall(
    "ec2.amazonaws.com",
    "RunInstances",
    "Client.InvalidParameterValue",
    "Value () for parameter groupId is invalid. The value cannot be empty",
    "a failed ec2:RunInstances (Client.InvalidParameterValue)",
  ),
  failedCall(
    "ssm.amazonaws.com",
    "PutParameter",
    "ValidationException",
    'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    "a failed ssm:PutParameter (ValidationException)",
  ),
];
