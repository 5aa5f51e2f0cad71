/**
 * The CloudFormation template of continuous monitoring, generated from code so that it names the same
 * handlers, event pattern and permissions as the Lambda code it deploys:
 *
 * - the AWS Config custom rule (periodic `TwentyFour_Hours` + change trigger on `AWS::IAM::User`) and
 *   its function (`config-rule.handler`);
 * - the EventBridge rule on IAM's CloudTrail events and its function (`iam-event.handler`) — IAM
 *   events arrive only in us-east-1, so the template refuses any other region;
 * - an SNS topic for alerts, with an optional email subscription;
 * - one role per function granting only the actions listed in {@link CONFIG_RULE_ACTIONS} and
 *   {@link iamEventActions}; log groups with retention.
 *
 * Both functions run {@link LAMBDA_RUNTIME} (one constant, also the bundle's esbuild target) from the zip
 * `cloudpatrol deploy package` writes (upload it to S3 and pass `CodeBucket`/`CodeKey`).
 */
import { EMAIL_ADDRESS_FORM, isEmailAddress } from "../../model/email.js";
import { InputError } from "../../model/errors.js";
import { EVENT_PATTERN, type Mode } from "./event-pattern.js";
import { LAMBDA_RUNTIME } from "./runtime.js";

/** The Lambda runtime both functions use (defined in `runtime.ts`). */
export const RUNTIME = LAMBDA_RUNTIME;

/** Handler names: `<file in the zip without .js>.<exported function>`. */
export const HANDLERS = { configRule: "config-rule.handler", iamEvent: "iam-event.handler" } as const;

/** The AWS Config rule's name. */
export const CONFIG_RULE_NAME = "cloudpatrol-iam-user-no-access-key-at-setup";

/** IAM reads that need no resource (account-wide). */
const REPORT_ACTIONS = ["iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListUsers"] as const;
/** IAM reads of one user. */
const USER_READ_ACTIONS = [
  "iam:GetUser",
  "iam:GetLoginProfile",
  "iam:ListAccessKeys",
  "iam:GetAccessKeyLastUsed",
] as const;
const LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

/** Every action the Config rule function's role grants. (sts:GetCallerIdentity needs no permission.) */
export const CONFIG_RULE_ACTIONS: readonly string[] = [
  ...REPORT_ACTIONS,
  ...USER_READ_ACTIONS,
  "config:PutEvaluations",
  "config:GetResourceConfigHistory",
  "config:GetComplianceDetailsByConfigRule",
  ...LOG_ACTIONS,
];

/** Every action the event function's role grants in `mode` (enforce adds iam:UpdateAccessKey). */
export function iamEventActions(mode: Mode): readonly string[] {
  return [
    ...USER_READ_ACTIONS,
    ...(mode === "enforce" ? ["iam:UpdateAccessKey"] : []),
    "sns:Publish",
    ...LOG_ACTIONS,
  ];
}

/** Options of {@link buildTemplate}. */
export interface TemplateOptions {
  /** `notify` (default) or `enforce` (deactivate the key an event created). */
  readonly mode?: Mode;
  /** Subscribe this plain email address to the alert topic (AWS sends a confirmation email). */
  readonly email?: string;
  /** Default log retention in days (a template parameter). Default 90. */
  readonly logRetentionDays?: number;
}

/** A CloudFormation template as a plain object. */
export type Template = Record<string, unknown>;

const sub = (text: string) => ({ "Fn::Sub": text });
const ref = (name: string) => ({ Ref: name });
const arnOf = (name: string) => ({ "Fn::GetAtt": [name, "Arn"] });
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a JS template
const USERS = sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*");

/** The log retention values CloudWatch Logs accepts. */
export const RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function role(description: string, statements: readonly Record<string, unknown>[]) {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      Description: description,
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      },
      Policies: [
        { PolicyName: "cloudpatrol", PolicyDocument: { Version: "2012-10-17", Statement: statements } },
      ],
    },
  };
}

function logGroup(name: string) {
  return {
    Type: "AWS::Logs::LogGroup",
    DeletionPolicy: "Delete",
    UpdateReplacePolicy: "Delete",
    Properties: {
      LogGroupName: sub(`/cloudpatrol/\${AWS::StackName}/${name}`),
      RetentionInDays: ref("LogRetentionDays"),
    },
  };
}

function logStatement(group: string) {
  return { Sid: "WriteOwnLogs", Effect: "Allow", Action: [...LOG_ACTIONS], Resource: arnOf(group) };
}

function lambda(
  description: string,
  handler: string,
  roleName: string,
  group: string,
  timeout: number,
  environment: Record<string, unknown>,
) {
  return {
    Type: "AWS::Lambda::Function",
    Properties: {
      Description: description,
      Runtime: RUNTIME,
      Handler: handler,
      Architectures: ["arm64"],
      MemorySize: 512,
      Timeout: timeout,
      Role: arnOf(roleName),
      Code: { S3Bucket: ref("CodeBucket"), S3Key: ref("CodeKey") },
      LoggingConfig: { LogGroup: ref(group), LogFormat: "Text" },
      Environment: { Variables: { NODE_OPTIONS: "--enable-source-maps", ...environment } },
    },
  };
}

/**
 * Builds the template. Pure: same options, same template.
 * @throws {@link InputError} when `email` is not a plain email address (the check of `--email`).
 */
export function buildTemplate(options: TemplateOptions = {}): Template {
  if (options.email !== undefined && !isEmailAddress(options.email))
    throw new InputError(`--email takes ${EMAIL_ADDRESS_FORM}.`);
  const mode = options.mode ?? "notify";
  const resources: Record<string, unknown> = {
    ConfigRuleLogGroup: logGroup("config-rule"),
    ConfigRuleFunctionRole: role(
      "cloudpatrol AWS Config rule: read IAM users and the credential report, report evaluations",
      [
        { Sid: "ReadCredentialReportAndUsers", Effect: "Allow", Action: [...REPORT_ACTIONS], Resource: "*" },
        { Sid: "ReadUserCredentials", Effect: "Allow", Action: [...USER_READ_ACTIONS], Resource: USERS },
        {
          Sid: "ReportEvaluations",
          Effect: "Allow",
          Action: ["config:PutEvaluations", "config:GetResourceConfigHistory"],
          Resource: "*",
        },
        {
          Sid: "ReadPreviousEvaluations",
          Effect: "Allow",
          Action: ["config:GetComplianceDetailsByConfigRule"],
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
          Resource: sub("arn:${AWS::Partition}:config:${AWS::Region}:${AWS::AccountId}:config-rule/*"),
        },
        logStatement("ConfigRuleLogGroup"),
      ],
    ),
    ConfigRuleFunction: lambda(
      "cloudpatrol: AWS Config custom rule for CIS 1.11 (iam_user_no_access_key_at_setup)",
      HANDLERS.configRule,
      "ConfigRuleFunctionRole",
      "ConfigRuleLogGroup",
      300,
      { POWERTOOLS_SERVICE_NAME: "cloudpatrol-config-rule", CLOUDPATROL_REPORT_TIMEOUT_MS: "240000" },
    ),
    ConfigRuleInvokePermission: {
      Type: "AWS::Lambda::Permission",
      Properties: {
        FunctionName: arnOf("ConfigRuleFunction"),
        Action: "lambda:InvokeFunction",
        Principal: "config.amazonaws.com",
        SourceAccount: ref("AWS::AccountId"),
      },
    },
    ConfigRule: {
      Type: "AWS::Config::ConfigRule",
      DependsOn: "ConfigRuleInvokePermission",
      Properties: {
        ConfigRuleName: CONFIG_RULE_NAME,
        Description:
          "CIS AWS Foundations 1.11: IAM users with a console password must not hold an active access key that was never used (cloudpatrol).",
        Scope: { ComplianceResourceTypes: ["AWS::IAM::User"] },
        Source: {
          Owner: "CUSTOM_LAMBDA",
          SourceIdentifier: arnOf("ConfigRuleFunction"),
          SourceDetails: [
            { EventSource: "aws.config", MessageType: "ConfigurationItemChangeNotification" },
            { EventSource: "aws.config", MessageType: "OversizedConfigurationItemChangeNotification" },
            {
              EventSource: "aws.config",
              MessageType: "ScheduledNotification",
              MaximumExecutionFrequency: "TwentyFour_Hours",
            },
          ],
        },
      },
    },
    AlertTopic: {
      Type: "AWS::SNS::Topic",
      Properties: { DisplayName: "cloudpatrol alerts" },
    },
    IamEventLogGroup: logGroup("iam-event"),
    IamEventFunctionRole: role(
      `cloudpatrol IAM event handler (${mode}): read the user named in an IAM event, publish alerts${mode === "enforce" ? ", deactivate the event's access key" : ""}`,
      [
        { Sid: "ReadUserCredentials", Effect: "Allow", Action: [...USER_READ_ACTIONS], Resource: USERS },
        ...(mode === "enforce"
          ? [
              {
                Sid: "DeactivateEventAccessKey",
                Effect: "Allow",
                Action: ["iam:UpdateAccessKey"],
                Resource: USERS,
              },
            ]
          : []),
        { Sid: "PublishAlerts", Effect: "Allow", Action: ["sns:Publish"], Resource: ref("AlertTopic") },
        logStatement("IamEventLogGroup"),
      ],
    ),
    IamEventFunction: lambda(
      `cloudpatrol: CIS 1.11 alerts on IAM CloudTrail events (MODE=${mode})`,
      HANDLERS.iamEvent,
      "IamEventFunctionRole",
      "IamEventLogGroup",
      60,
      { POWERTOOLS_SERVICE_NAME: "cloudpatrol-iam-event", MODE: mode, TOPIC_ARN: ref("AlertTopic") },
    ),
    IamEventRule: {
      Type: "AWS::Events::Rule",
      Properties: {
        Description:
          "IAM API calls that can give a console user an access key at setup (CloudTrail, us-east-1)",
        State: "ENABLED",
        EventPattern: structuredClone(EVENT_PATTERN),
        Targets: [{ Id: "cloudpatrol-iam-event", Arn: arnOf("IamEventFunction") }],
      },
    },
    IamEventInvokePermission: {
      Type: "AWS::Lambda::Permission",
      Properties: {
        FunctionName: arnOf("IamEventFunction"),
        Action: "lambda:InvokeFunction",
        Principal: "events.amazonaws.com",
        SourceArn: arnOf("IamEventRule"),
      },
    },
  };
  if (options.email) {
    resources.AlertEmailSubscription = {
      Type: "AWS::SNS::Subscription",
      Properties: { TopicArn: ref("AlertTopic"), Protocol: "email", Endpoint: options.email },
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `cloudpatrol continuous monitoring for CIS AWS Foundations 1.11 (MODE=${mode}): AWS Config custom rule, EventBridge alerts on IAM CloudTrail events, SNS topic. Deploy in us-east-1.`,
    Parameters: {
      CodeBucket: {
        Type: "String",
        Description: "S3 bucket (in us-east-1) holding the zip written by `cloudpatrol deploy package`.",
      },
      CodeKey: {
        Type: "String",
        Default: "cloudpatrol-lambda.zip",
        Description: "S3 key of that zip.",
      },
      LogRetentionDays: {
        Type: "Number",
        Default: options.logRetentionDays ?? 90,
        AllowedValues: RETENTION_DAYS,
        Description: "How long CloudWatch Logs keeps the functions' logs.",
      },
    },
    Rules: {
      OnlyUsEast1: {
        Assertions: [
          {
            Assert: { "Fn::Equals": [ref("AWS::Region"), "us-east-1"] },
            AssertDescription:
              "Deploy in us-east-1: IAM's CloudTrail events reach EventBridge only there (IAM is a global service).",
          },
        ],
      },
    },
    Resources: resources,
    Outputs: {
      AlertTopicArn: { Description: "SNS topic of the alerts", Value: ref("AlertTopic") },
      ConfigRuleName: { Description: "AWS Config rule", Value: ref("ConfigRule") },
      ConfigRuleFunctionName: { Value: ref("ConfigRuleFunction") },
      IamEventFunctionName: { Value: ref("IamEventFunction") },
      Mode: { Value: mode },
    },
  };
}
