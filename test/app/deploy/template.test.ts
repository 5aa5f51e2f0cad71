/**
 * `cloudpatrol deploy template` (issue 5, item 3): the template parses, holds the resources of
 * continuous monitoring, and its roles grant exactly the listed actions.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { LAMBDA_RUNTIME } from "../../../src/app/deploy/runtime.js";
import { buildTemplate } from "../../../src/app/deploy/template.js";
import { deployCommand, renderTemplate } from "../../../src/cli/deploy.js";
import { WATCHED_EVENTS } from "../../../src/lambda/iam-event.js";
import { InputError } from "../../../src/model/errors.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON, samplePath } from "../../support/samples.js";

type Json = Record<string, unknown>;

interface Resource {
  Type: string;
  Properties: Json;
  DependsOn?: string;
}

function resources(template: Json): Record<string, Resource> {
  return template.Resources as Record<string, Resource>;
}

/** The environment variables of a function resource. */
function environment(template: Json, name: string): Json {
  const fn = resources(template)[name];
  return ((fn?.Properties.Environment ?? {}) as { Variables?: Json }).Variables ?? {};
}

function ofType(template: Json, type: string): [string, Resource][] {
  return Object.entries(resources(template)).filter(([, resource]) => resource.Type === type);
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  NotAction?: unknown;
}

function statements(role: Resource): Statement[] {
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

function actions(role: Resource): string[] {
  return statements(role)
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
    .sort();
}

const CONFIG_RULE_ROLE_ACTIONS = [
  "config:GetComplianceDetailsByConfigRule",
  "config:GetResourceConfigHistory",
  "config:PutEvaluations",
  "iam:GenerateCredentialReport",
  "iam:GetAccessKeyLastUsed",
  "iam:GetCredentialReport",
  "iam:GetLoginProfile",
  "iam:GetUser",
  "iam:ListAccessKeys",
  "iam:ListUsers",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
];

const IAM_EVENT_ROLE_ACTIONS_NOTIFY = [
  "iam:GetAccessKeyLastUsed",
  "iam:GetLoginProfile",
  "iam:GetUser",
  "iam:ListAccessKeys",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "sns:Publish",
];

describe("deploy template", () => {
  const template = JSON.parse(renderTemplate({})) as Json;

  it("parses as JSON and as YAML, to the same template", () => {
    expect(template.AWSTemplateFormatVersion).toBe("2010-09-09");
    const yamlText = renderTemplate({ format: "yaml" });
    expect(yamlText).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"$/m);
    expect(parse(yamlText)).toEqual(template);
  });

  it("holds both functions (runtime LAMBDA_RUNTIME), the Config rule, the EventBridge rule, the topic and log groups", () => {
    const types = Object.values(resources(template))
      .map((resource) => resource.Type)
      .sort();
    expect(types).toEqual([
      "AWS::Config::ConfigRule",
      "AWS::Events::Rule",
      "AWS::IAM::Role",
      "AWS::IAM::Role",
      "AWS::Lambda::Function",
      "AWS::Lambda::Function",
      "AWS::Lambda::Permission",
      "AWS::Lambda::Permission",
      "AWS::Logs::LogGroup",
      "AWS::Logs::LogGroup",
      "AWS::SNS::Topic",
    ]);
    const functions = ofType(template, "AWS::Lambda::Function");
    expect(functions.map(([, fn]) => [fn.Properties.Runtime, fn.Properties.Handler])).toEqual([
      [LAMBDA_RUNTIME, "config-rule.handler"],
      [LAMBDA_RUNTIME, "iam-event.handler"],
    ]);
    for (const [, fn] of functions) {
      expect(fn.Properties.Code).toEqual({ S3Bucket: { Ref: "CodeBucket" }, S3Key: { Ref: "CodeKey" } });
      const group = (fn.Properties.LoggingConfig as Json).LogGroup as { Ref: string };
      expect(resources(template)[group.Ref]?.Properties.RetentionInDays).toEqual({ Ref: "LogRetentionDays" });
    }
    expect((template.Parameters as Json).LogRetentionDays).toMatchObject({ Type: "Number", Default: 90 });
    expect(environment(template, "IamEventFunction")).toMatchObject({
      MODE: "notify",
      TOPIC_ARN: { Ref: "AlertTopic" },
    });
  });

  it("the Config rule runs every 24 hours and on changes to AWS::IAM::User, through its function", () => {
    const rule = resources(template).ConfigRule as Resource;
    expect(rule.Properties.Scope).toEqual({ ComplianceResourceTypes: ["AWS::IAM::User"] });
    expect(rule.Properties.Source).toEqual({
      Owner: "CUSTOM_LAMBDA",
      SourceIdentifier: { "Fn::GetAtt": ["ConfigRuleFunction", "Arn"] },
      SourceDetails: [
        { EventSource: "aws.config", MessageType: "ConfigurationItemChangeNotification" },
        { EventSource: "aws.config", MessageType: "OversizedConfigurationItemChangeNotification" },
        {
          EventSource: "aws.config",
          MessageType: "ScheduledNotification",
          MaximumExecutionFrequency: "TwentyFour_Hours",
        },
      ],
    });
    expect(rule.DependsOn).toBe("ConfigRuleInvokePermission");
    expect(resources(template).ConfigRuleInvokePermission?.Properties).toMatchObject({
      Principal: "config.amazonaws.com",
      FunctionName: { "Fn::GetAtt": ["ConfigRuleFunction", "Arn"] },
    });
  });

  it("the EventBridge rule matches the four IAM calls and targets the event function; the stack is us-east-1 only", () => {
    const rule = resources(template).IamEventRule as Resource;
    expect(rule.Properties.EventPattern).toEqual({
      source: ["aws.iam"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["iam.amazonaws.com"],
        eventName: ["CreateAccessKey", "CreateLoginProfile", "CreateUser", "UpdateAccessKey"],
      },
    });
    expect(rule.Properties.Targets).toEqual([
      { Id: "cloudpatrol-iam-event", Arn: { "Fn::GetAtt": ["IamEventFunction", "Arn"] } },
    ]);
    expect(resources(template).IamEventInvokePermission?.Properties).toMatchObject({
      Principal: "events.amazonaws.com",
      SourceArn: { "Fn::GetAtt": ["IamEventRule", "Arn"] },
    });
    expect(JSON.stringify(template.Rules)).toContain('{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]}');
  });

  it("IAM policies grant only the listed actions (notify mode)", () => {
    const all = resources(template);
    expect(actions(all.ConfigRuleFunctionRole as Resource)).toEqual(CONFIG_RULE_ROLE_ACTIONS);
    expect(actions(all.IamEventFunctionRole as Resource)).toEqual(IAM_EVENT_ROLE_ACTIONS_NOTIFY);
    for (const [, role] of ofType(template, "AWS::IAM::Role")) {
      for (const statement of statements(role)) {
        expect(statement.Effect).toBe("Allow");
        expect(statement.NotAction).toBeUndefined();
        for (const action of [statement.Action].flat()) expect(action).not.toContain("*");
      }
      const trust = role.Properties.AssumeRolePolicyDocument as { Statement: Json[] };
      expect(trust.Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    }
    // Resource scoping: alerts only to the stack's topic, logs only to the function's own group.
    const event = statements(all.IamEventFunctionRole as Resource);
    expect(event.find((s) => [s.Action].flat().includes("sns:Publish"))?.Resource).toEqual({
      Ref: "AlertTopic",
    });
    expect(event.find((s) => [s.Action].flat().includes("logs:PutLogEvents"))?.Resource).toEqual({
      "Fn::GetAtt": ["IamEventLogGroup", "Arn"],
    });
  });

  it("--mode enforce adds exactly iam:UpdateAccessKey, on IAM users only, and sets MODE=enforce", () => {
    const enforce = JSON.parse(renderTemplate({ mode: "enforce" })) as Json;
    const role = resources(enforce).IamEventFunctionRole as Resource;
    expect(actions(role)).toEqual([...IAM_EVENT_ROLE_ACTIONS_NOTIFY, "iam:UpdateAccessKey"].sort());
    expect(statements(role).find((s) => [s.Action].flat().includes("iam:UpdateAccessKey"))?.Resource).toEqual(
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
        "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*",
      },
    );
    expect(actions(resources(enforce).ConfigRuleFunctionRole as Resource)).toEqual(CONFIG_RULE_ROLE_ACTIONS);
    expect(environment(enforce, "IamEventFunction").MODE).toBe("enforce");
  });

  it("--email adds one email subscription to the topic", () => {
    const withEmail = JSON.parse(renderTemplate({ email: "secops@example.com" })) as Json;
    expect(ofType(withEmail, "AWS::SNS::Subscription").map(([, s]) => s.Properties)).toEqual([
      { TopicArn: { Ref: "AlertTopic" }, Protocol: "email", Endpoint: "secops@example.com" },
    ]);
    expect(ofType(template, "AWS::SNS::Subscription")).toEqual([]);
  });

  it("buildTemplate refuses an email that is not a plain address, as --email does (the same check)", () => {
    for (const email of ["a\u202e@b.co", 'a"b@c.de', "a@b", ""]) {
      expect(() => buildTemplate({ email })).toThrow(
        new InputError(
          "--email takes a plain email address such as secops@example.com: ASCII letters, digits, _ ' + - and single dots before the @ (at most 64), a domain name after it (labels of at most 63), at most 254 characters.",
        ),
      );
    }
  });

  it("the checked-in deploy/cloudpatrol.template.json is the generated notify template", () => {
    const checkedIn = readFileSync(
      new URL("../../../deploy/cloudpatrol.template.json", import.meta.url),
      "utf8",
    );
    // Compared as data: the file is formatted by Biome like every JSON file of the repo.
    expect(JSON.parse(checkedIn)).toEqual(JSON.parse(renderTemplate({})));
  });
});

describe("cloudpatrol deploy template (command)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("prints the template on stdout; refuses a bad --mode or --email", async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    await deployCommand().parseAsync(["template", "--mode", "enforce", "--email", "a@example.com"], {
      from: "user",
    });
    const printed = JSON.parse(written.join("")) as Json;
    expect(environment(printed, "IamEventFunction")).toMatchObject({ MODE: "enforce" });
    expect(ofType(printed, "AWS::SNS::Subscription")).toHaveLength(1);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const bad = (args: string[]) => {
      const command = deployCommand().exitOverride();
      return command.parseAsync(args, { from: "user" });
    };
    await expect(bad(["template", "--mode", "delete"])).rejects.toMatchObject({
      exitCode: 1,
      code: "commander.invalidArgument",
    });
    await expect(bad(["template", "--email", "not-an-address"])).rejects.toMatchObject({
      code: "commander.invalidArgument",
    });
  });
});

/** EventBridge pattern matching, enough for these patterns: arrays of exact values, nested objects. */
function matches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return expected.includes(actual);
    return typeof actual === "object" && actual !== null && matches(expected as Json, actual as Json);
  });
}

describe.skipIf(!HAVE_SAMPLES)(
  `event pattern against shared samples${HAVE_SAMPLES ? "" : ` (${SAMPLES_SKIP_REASON})`}`,
  () => {
    const pattern = (resources(JSON.parse(renderTemplate({})) as Json).IamEventRule as Resource).Properties
      .EventPattern as Json;
    const load = (name: string) =>
      JSON.parse(readFileSync(samplePath("events", "cloudtrail", "eventbridge", name), "utf8")) as Json;

    it("matches every watched IAM call and nothing else", () => {
      for (const name of [
        "CreateAccessKey.iamuser.from-stratus-2024.json",
        "CreateAccessKey.assumedrole.ASSEMBLED.json",
        "CreateLoginProfile.iamuser.from-stratus-2024.json",
        "CreateUser.iamuser.from-stratus-2024.json",
        "UpdateAccessKey.iamuser-console.from-elastic-docs.json",
      ])
        expect(matches(pattern, load(name)), name).toBe(true);
      expect(matches(pattern, load("DeleteAccessKey.iamuser-console.from-elastic-docs.json"))).toBe(false);
      expect(
        matches(
          pattern,
          load("reference.custodian-2022-capture.assumedrole-console.cloudfront-TagResource.json"),
        ),
      ).toBe(false);
    });

    it("is the AWS docs pattern for specific IAM calls, minus DeleteAccessKey (deleting cannot make a user fail)", () => {
      const docs = JSON.parse(
        readFileSync(
          samplePath(
            "events",
            "cloudtrail",
            "patterns",
            "aws-docs.eventbridge-ref.iam-specific-api-calls.TEMPLATE-FILLED.json",
          ),
          "utf8",
        ),
      ) as { detail: { eventName: string[] } };
      expect(pattern).toEqual({
        ...docs,
        detail: {
          ...docs.detail,
          eventName: docs.detail.eventName.filter((name) => name !== "DeleteAccessKey"),
        },
      });
      expect([...WATCHED_EVENTS]).toEqual((pattern.detail as { eventName: string[] }).eventName);
    });
  },
);
