/**
 * Near misses per monitoring requirement: CloudTrail events that the prescribed pattern does not match and
 * that a filter broader than the requirement would — the same service's other operations (reads, the KMS
 * data plane, instance operations), console sign-ins of the other outcome, events carrying a field the
 * pattern tests without being the event it names. A filter matching one of them (where the accepted form
 * it is compared with does not) is too broad: its alarm fires on activity the requirement does not watch.
 * They add to the everyday events of `baseline-events.ts`, which every requirement uses.
 *
 * A requirement's optional narrowing is not probed: a root-usage filter without the `invokedBy` /
 * `AwsServiceEvent` exclusions, or a 4.1 filter without the HeadBucket / log-delivery exclusions, alarms on
 * more of the watched activity (root use, denied calls), not on other activity; and writes of the watched
 * resources that CIS does not list (SetDefaultPolicyVersion, ModifySecurityGroupRules before v5.0.0,
 * Organizations TagResource) are changes of the same kind.
 *
 * Writes CIS does not list that change something else are probed: for 4.8 (bucket policies, ACLs, CORS,
 * lifecycle and replication) the object writes S3 data events record (PutObject, DeleteObject) and bucket
 * writes of other settings (tags, versioning, website, the bucket's deletion) — `Put*`/`Delete*` fires on
 * all of them; for 4.15 the IAM calls named as Organizations ones are (iam:CreatePolicy, iam:DeletePolicy),
 * which a 4.15 filter without its eventSource clause catches.
 *
 * Shapes follow real records (`baseline-events.ts`); the one constructed record is the SwitchRole sign-in
 * carrying `MFAUsed`: CloudTrail documents that field on ConsoleLogin only, and a filter that tests it
 * without naming ConsoleLogin relies on no other event ever carrying it.
 */
import { apiCall, consoleSignIn, type ProbeEvent, successful } from "./baseline-events.js";

function reads(eventSource: string, names: readonly string[]): ProbeEvent[] {
  return names.map((name) => successful(eventSource, name, true));
}

function writes(eventSource: string, names: readonly string[]): ProbeEvent[] {
  return names.map((name) => successful(eventSource, name, false));
}

/**
 * An S3 object-level call as a data event records it (`managementEvent` false, `eventCategory` "Data",
 * the object in `requestParameters` and `resources`): "a successful s3:PutObject (a data event)".
 */
function s3ObjectWrite(eventName: string): ProbeEvent {
  return {
    description: `a successful s3:${eventName} (a data event)`,
    event: {
      ...apiCall("s3.amazonaws.com", eventName, false),
      requestParameters: {
        bucketName: "amzn-s3-demo-bucket",
        Host: "amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com",
        key: "reports/2024-08-01.csv",
      },
      resources: [
        { type: "AWS::S3::Object", ARN: "arn:aws:s3:::amzn-s3-demo-bucket/reports/2024-08-01.csv" },
        { accountId: "123456789012", type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::amzn-s3-demo-bucket" },
      ],
      managementEvent: false,
      eventCategory: "Data",
    },
  };
}

/** EC2 operations on instances and volumes: near misses of every EC2 network requirement. */
const EC2: readonly ProbeEvent[] = writes("ec2.amazonaws.com", [
  "RunInstances",
  "StartInstances",
  "StopInstances",
  "TerminateInstances",
  "CreateVolume",
  "CreateSnapshot",
  "ModifyInstanceAttribute",
]);

/** Near misses per requirement (keys of `METRIC_FILTER_REQUIREMENTS`). */
export const NEAR_MISSES = {
  /** 4.1: calls that failed for other reasons are everyday events (`baseline-events.ts`). */
  unauthorizedApiCalls: [],
  /** 4.2: sign-ins with MFA are everyday events; another sign-in event recording MFAUsed No. */
  consoleLoginWithoutMfa: [
    {
      description: "a sign-in event other than ConsoleLogin recording MFAUsed No (SwitchRole)",
      event: {
        ...apiCall("signin.amazonaws.com", "SwitchRole", false),
        eventType: "AwsConsoleSignIn",
        responseElements: { SwitchRole: "Success" },
        additionalEventData: {
          SwitchFrom: "arn:aws:iam::123456789012:user/alice",
          RedirectTo: "https://console.aws.amazon.com/console/home",
          MFAUsed: "No",
        },
      },
    },
  ],
  /** 4.3: calls by other identities are everyday events. */
  rootUsage: [],
  iamPolicyChanges: [
    ...reads("iam.amazonaws.com", [
      "GetPolicy",
      "GetPolicyVersion",
      "GetRolePolicy",
      "ListAttachedRolePolicies",
    ]),
    ...writes("iam.amazonaws.com", ["CreateUser", "CreateAccessKey"]),
  ],
  cloudTrailChanges: reads("cloudtrail.amazonaws.com", [
    "GetTrail",
    "GetTrailStatus",
    "GetEventSelectors",
    "ListTrails",
    "LookupEvents",
  ]),
  /** 4.6: a console sign-in that succeeded is not an authentication failure. */
  consoleAuthenticationFailures: [
    { description: "a successful console sign-in without MFA", event: consoleSignIn(false) },
  ],
  /** 4.7: the KMS data plane and reads. */
  cmkDisableOrDeletion: [
    ...writes("kms.amazonaws.com", ["Encrypt", "Decrypt", "GenerateDataKey", "ReEncrypt"]),
    ...reads("kms.amazonaws.com", ["ListKeys", "GetKeyPolicy"]),
  ],
  s3BucketPolicyChanges: [
    ...reads("s3.amazonaws.com", [
      "GetBucketAcl",
      "GetBucketCors",
      "GetBucketLifecycle",
      "GetBucketReplication",
    ]),
    ...writes("s3.amazonaws.com", ["CreateBucket"]),
    s3ObjectWrite("PutObject"),
    s3ObjectWrite("DeleteObject"),
    ...writes("s3.amazonaws.com", [
      "PutBucketTagging",
      "DeleteBucketTagging",
      "DeleteBucket",
      "PutBucketVersioning",
      "PutBucketWebsite",
      "DeleteBucketWebsite",
    ]),
  ],
  /** 4.9: AWS Config rules call PutEvaluations on every evaluation. */
  configChanges: [
    ...writes("config.amazonaws.com", ["PutEvaluations"]),
    ...reads("config.amazonaws.com", ["GetResourceConfigHistory"]),
  ],
  securityGroupChanges: EC2,
  naclChanges: EC2,
  networkGatewayChanges: EC2,
  routeTableChanges: EC2,
  vpcChanges: EC2,
  /** 4.15: Organizations reads; the IAM calls of the same names as two of its events. */
  organizationsChanges: [
    ...reads("organizations.amazonaws.com", ["ListAccounts", "DescribeAccount", "ListRoots"]),
    ...writes("iam.amazonaws.com", ["CreatePolicy", "DeletePolicy"]),
  ],
} as const satisfies Record<string, readonly ProbeEvent[]>;
