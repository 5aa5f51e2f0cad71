/**
 * The AWS Config custom rule handler against local IAM and AWS Config endpoints (issue 5, item 1).
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AwsClients } from "../../src/aws/clients.js";
import { type ConfigRuleEvent, createConfigRuleHandler } from "../../src/lambda/config-rule.js";
import { AwsApiError, InputError } from "../../src/model/errors.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeConfig, startFakeConfig } from "../support/fake-config.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON, samplePath } from "../support/samples.js";
import { configClient, iamClients, type LogLine, recordingLog, sampleEvent } from "./helpers.js";

const RULE = "cloudpatrol-iam-user-no-access-key-at-setup";
const RULE_ARN = `arn:aws:config:us-east-1:123456789012:config-rule/config-rule-abc123`;
const NOTIFIED = "2026-03-01T10:00:00.000Z";

let fake: FakeAws;
let config: FakeConfig;
let clients: AwsClients;
let lines: LogLine[];
let handler: (event: ConfigRuleEvent) => ReturnType<ReturnType<typeof createConfigRuleHandler>>;

beforeEach(async () => {
  fake = await startFakeAws({ accountId: "123456789012" });
  fake.report.generateCallsUntilComplete = 0;
  config = await startFakeConfig();
  clients = iamClients(fake.endpoint);
  const log = recordingLog();
  lines = log.lines;
  handler = createConfigRuleHandler({
    clients,
    config: configClient(config.endpoint),
    log,
    reportPollBaseMs: 1,
    reportTimeoutMs: 5_000,
  });
});
afterEach(async () => {
  clients.destroy();
  await fake.close();
  await config.close();
});

function envelope(invokingEvent: object, extra: Partial<ConfigRuleEvent> = {}): ConfigRuleEvent {
  return {
    version: "1.0",
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: "{}",
    resultToken: "token-123",
    eventLeftScope: false,
    executionRoleArn: "arn:aws:iam::123456789012:role/config-role",
    configRuleArn: RULE_ARN,
    configRuleName: RULE,
    configRuleId: "config-rule-abc123",
    accountId: "123456789012",
    ...extra,
  };
}

function scheduled(extra: Partial<ConfigRuleEvent> = {}): ConfigRuleEvent {
  return envelope(
    {
      awsAccountId: "123456789012",
      notificationCreationTime: NOTIFIED,
      messageType: "ScheduledNotification",
      recordVersion: "1.0",
    },
    extra,
  );
}

function userChange(userId: string, userName: string, status = "OK", capture = "2026-03-01T09:59:00.000Z") {
  return {
    configurationItemDiff: null,
    configurationItem: {
      relatedEvents: [],
      relationships: [],
      configuration: { path: "/", userName, userId, arn: `arn:aws:iam::123456789012:user/${userName}` },
      configurationItemVersion: "1.3",
      configurationItemCaptureTime: capture,
      awsAccountId: "123456789012",
      configurationItemStatus: status,
      resourceType: "AWS::IAM::User",
      resourceId: userId,
      resourceName: userName,
      ARN: `arn:aws:iam::123456789012:user/${userName}`,
      awsRegion: "global",
    },
    notificationCreationTime: "2026-03-01T10:00:00.000Z",
    messageType: "ConfigurationItemChangeNotification",
    recordVersion: "1.3",
  };
}

/** alice fails (key at setup, never used), bob passes (key used), carol has no console password. */
function seedThreeUsers(): void {
  fake.addUser({
    userName: "alice",
    userId: "AIDAALICE000000000001",
    createDate: "2026-02-01T09:00:00Z",
    loginProfile: { createDate: "2026-02-01T09:00:00Z" },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2026-02-01T09:00:20Z" }],
  });
  fake.addUser({
    userName: "bob",
    userId: "AIDABOB00000000000002",
    createDate: "2026-01-01T09:00:00Z",
    loginProfile: { createDate: "2026-01-01T09:00:00Z", passwordLastUsed: "2026-02-20T00:00:00Z" },
    accessKeys: [
      {
        accessKeyId: "AKIABOB0000000000002",
        createDate: "2026-01-05T09:00:00Z",
        lastUsed: { date: "2026-02-20T00:00:00Z", serviceName: "s3", region: "us-east-1" },
      },
    ],
  });
  fake.addUser({
    userName: "carol",
    userId: "AIDACAROL000000000003",
    createDate: "2026-01-02T09:00:00Z",
    accessKeys: [{ accessKeyId: "AKIACAROL00000000003", createDate: "2026-01-02T09:00:01Z" }],
  });
}

describe("periodic evaluation (ScheduledNotification)", () => {
  it("reports exactly one evaluation per user, keyed by UserId, with compliance and annotation", async () => {
    seedThreeUsers();
    const result = await handler(scheduled());
    expect(config.putEvaluationsCalls).toHaveLength(1);
    expect(config.putEvaluationsCalls[0]?.resultToken).toBe("token-123");
    expect(config.putEvaluationsCalls[0]?.testMode).toBe(false);
    const evaluations = config.evaluations();
    expect(evaluations).toEqual([
      {
        ComplianceResourceType: "AWS::IAM::User",
        ComplianceResourceId: "AIDAALICE000000000001",
        ComplianceType: "NON_COMPLIANT",
        Annotation:
          "alice has a console password and access key AKIAALICE00000000001, created 20 seconds after the user (at initial setup), is active and has never been used.",
        OrderingTimestamp: new Date(NOTIFIED),
      },
      {
        ComplianceResourceType: "AWS::IAM::User",
        ComplianceResourceId: "AIDABOB00000000000002",
        ComplianceType: "COMPLIANT",
        Annotation: "bob has a console password and access key 1 was last used 2026-02-20T00:00:00Z (s3).",
        OrderingTimestamp: new Date(NOTIFIED),
      },
      {
        ComplianceResourceType: "AWS::IAM::User",
        ComplianceResourceId: "AIDACAROL000000000003",
        ComplianceType: "COMPLIANT",
        Annotation: "carol has no console password.",
        OrderingTimestamp: new Date(NOTIFIED),
      },
    ]);
    expect(result.putEvaluationsCalls).toBe(1);
    for (const evaluation of evaluations) expect(evaluation.ComplianceResourceId).toMatch(/^AIDA/);
  });

  it("reads only the credential report and the users: the data sets its role may not read are never asked for", async () => {
    seedThreeUsers();
    // The function's role grants none of these (src/deploy/template.ts): asking would stop the run.
    for (const action of [
      "GetAccountAuthorizationDetails",
      "GetAccountPasswordPolicy",
      "GetAccountSummary",
      "ListVirtualMFADevices",
      "ListServerCertificates",
      "ListSAMLProviders",
      "ListOpenIDConnectProviders",
    ])
      fake.fail(action, { code: "AccessDenied" });
    await handler(scheduled());
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceType)).toEqual([
      "NON_COMPLIANT",
      "COMPLIANT",
      "COMPLIANT",
    ]);
    expect(Object.keys(fake.counts()).sort()).toEqual([
      "GenerateCredentialReport",
      "GetAccessKeyLastUsed",
      "GetCallerIdentity",
      "GetCredentialReport",
      "GetLoginProfile",
      "ListAccessKeys",
      "ListUsers",
    ]);
  });

  it("sends 250 users in three PutEvaluations calls of 100, 100 and 50", async () => {
    for (let index = 0; index < 250; index += 1) {
      fake.addUser({ userName: `user${String(index).padStart(3, "0")}`, createDate: "2026-01-01T00:00:00Z" });
    }
    await handler(scheduled());
    expect(config.putEvaluationsCalls.map((call) => call.evaluations.length)).toEqual([100, 100, 50]);
    expect(new Set(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).size).toBe(250);
  });

  it("reports users judged before and gone since as NOT_APPLICABLE", async () => {
    seedThreeUsers();
    config.setEvaluationResults(RULE, [
      {
        resourceType: "AWS::IAM::User",
        resourceId: "AIDAALICE000000000001",
        complianceType: "NON_COMPLIANT",
      },
      { resourceType: "AWS::IAM::User", resourceId: "AIDADELETED0000000009", complianceType: "COMPLIANT" },
    ]);
    await handler(scheduled());
    expect(config.counts().GetComplianceDetailsByConfigRule).toBe(1);
    const gone = config.evaluations().filter((evaluation) => evaluation.ComplianceType === "NOT_APPLICABLE");
    expect(gone).toEqual([
      {
        ComplianceResourceType: "AWS::IAM::User",
        ComplianceResourceId: "AIDADELETED0000000009",
        ComplianceType: "NOT_APPLICABLE",
        Annotation: "The IAM user no longer exists.",
        OrderingTimestamp: new Date(NOTIFIED),
      },
    ]);
    expect(config.evaluations()).toHaveLength(4);
  });

  it("honours resultToken TESTMODE", async () => {
    seedThreeUsers();
    const result = await handler(scheduled({ resultToken: "TESTMODE" }));
    expect(result.testMode).toBe(true);
    expect(config.putEvaluationsCalls.map((call) => [call.resultToken, call.testMode])).toEqual([
      ["TESTMODE", true],
    ]);
  });

  it("fails loudly on AccessDenied from PutEvaluations: error logged, rethrown", async () => {
    seedThreeUsers();
    config.fail("PutEvaluations", {
      code: "AccessDeniedException",
      message:
        "User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform: config:PutEvaluations",
    });
    const error = await handler(scheduled()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as AwsApiError).api).toBe("config:PutEvaluations");
    expect((error as AwsApiError).missingPermission).toBe("config:PutEvaluations");
    const errors = lines.filter((line) => line.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extra).toMatchObject({
      errorCode: "AccessDeniedException",
      missingPermission: "config:PutEvaluations",
    });
    expect(lines.some((line) => line.message === "Evaluations reported to AWS Config")).toBe(false);
  });

  it("fails loudly when the credential report cannot be had", async () => {
    seedThreeUsers();
    fake.fail("GenerateCredentialReport", { code: "AccessDenied" });
    await expect(handler(scheduled())).rejects.toThrow(/iam:GenerateCredentialReport/);
    expect(config.putEvaluationsCalls).toHaveLength(0);
  });
});

describe("change-triggered evaluation", () => {
  it("judges the one user of a ConfigurationItemChangeNotification from the IAM API", async () => {
    seedThreeUsers();
    await handler(envelope(userChange("AIDAALICE000000000001", "alice")));
    expect(config.evaluations()).toEqual([
      {
        ComplianceResourceType: "AWS::IAM::User",
        ComplianceResourceId: "AIDAALICE000000000001",
        ComplianceType: "NON_COMPLIANT",
        Annotation:
          "alice has a console password and access key AKIAALICE00000000001, created 20 seconds after the user (at initial setup), is active and has never been used.",
        OrderingTimestamp: new Date("2026-03-01T09:59:00.000Z"),
      },
    ]);
    // One user: no credential report, no ListUsers.
    expect(fake.counts().GenerateCredentialReport).toBeUndefined();
    expect(fake.counts().ListUsers).toBeUndefined();
    expect(fake.counts().GetUser).toBe(1);
  });

  it("two failing keys: the annotation names both within AWS Config's 256 characters", async () => {
    fake.addUser({
      userName: "dave",
      userId: "AIDADAVE0000000000004",
      createDate: "2026-02-01T09:00:00Z",
      loginProfile: { createDate: "2026-02-01T09:00:00Z" },
      accessKeys: [
        { accessKeyId: "AKIADAVE000000000001", createDate: "2026-02-01T09:00:05Z" },
        { accessKeyId: "AKIADAVE000000000002", createDate: "2026-02-03T09:00:00Z" },
      ],
    });
    await handler(envelope(userChange("AIDADAVE0000000000004", "dave")));
    const [evaluation] = config.evaluations();
    expect(evaluation?.ComplianceType).toBe("NON_COMPLIANT");
    expect(evaluation?.Annotation).toBe(
      "dave has a console password and 2 active access keys never used: AKIADAVE000000000001 (created 5 seconds after the user), AKIADAVE000000000002 (created 2 days after the user) (CIS 1.11).",
    );
    expect(evaluation?.Annotation?.length).toBeLessThanOrEqual(256);
  });

  it("eventLeftScope: true → NOT_APPLICABLE without reading IAM", async () => {
    seedThreeUsers();
    await handler(envelope(userChange("AIDAALICE000000000001", "alice"), { eventLeftScope: true }));
    expect(config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ["AIDAALICE000000000001", "NOT_APPLICABLE"],
    ]);
    expect(fake.counts()).toEqual({});
  });

  it("a deleted configuration item → NOT_APPLICABLE", async () => {
    await handler(envelope(userChange("AIDAGONE0000000000001", "gone", "ResourceDeleted")));
    expect(config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ["AIDAGONE0000000000001", "NOT_APPLICABLE"],
    ]);
  });

  it("a user deleted after the notification (GetUser NoSuchEntity) → NOT_APPLICABLE", async () => {
    await handler(envelope(userChange("AIDAGONE0000000000001", "gone")));
    expect(config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation])).toEqual(
      [["AIDAGONE0000000000001", "NOT_APPLICABLE", "The IAM user no longer exists."]],
    );
  });

  it("oversized notification → the item is fetched with GetResourceConfigHistory and judged", async () => {
    seedThreeUsers();
    config.addConfigurationItem({
      resourceType: "AWS::IAM::User",
      resourceId: "AIDABOB00000000000002",
      resourceName: "bob",
      configurationItemCaptureTime: "2026-03-01T09:58:00Z",
      configurationItemStatus: "OK",
    });
    const invoking = {
      configurationItemSummary: {
        changeType: "UPDATE",
        configurationItemVersion: "1.2",
        configurationItemCaptureTime: "2026-03-01T09:58:00.000Z",
        configurationStateId: 1,
        awsAccountId: "123456789012",
        configurationItemStatus: "OK",
        resourceType: "AWS::IAM::User",
        resourceId: "AIDABOB00000000000002",
        ARN: "arn:aws:iam::123456789012:user/bob",
        awsRegion: "global",
        availabilityZone: "Not Applicable",
        configurationStateMd5Hash: "",
      },
      messageType: "OversizedConfigurationItemChangeNotification",
      notificationCreationTime: "2026-03-01T10:00:00.000Z",
      recordVersion: "1.0",
    };
    await handler(envelope(invoking));
    expect(config.counts().GetResourceConfigHistory).toBe(1);
    const request = config.requests.find((r) => r.action === "GetResourceConfigHistory");
    expect(request?.body).toMatchObject({
      resourceType: "AWS::IAM::User",
      resourceId: "AIDABOB00000000000002",
      limit: 1,
    });
    expect(
      config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType, e.OrderingTimestamp]),
    ).toEqual([["AIDABOB00000000000002", "COMPLIANT", new Date("2026-03-01T09:58:00Z")]]);
  });

  it("oversized notification with AccessDenied on GetResourceConfigHistory → judged from the summary, with a warning (issue 18)", async () => {
    seedThreeUsers();
    config.fail("GetResourceConfigHistory", { code: "AccessDeniedException" });
    await handler(
      envelope({
        configurationItemSummary: {
          changeType: "UPDATE",
          configurationItemCaptureTime: "2026-03-01T09:58:00.000Z",
          awsAccountId: "123456789012",
          configurationItemStatus: "OK",
          resourceType: "AWS::IAM::User",
          resourceId: "AIDABOB00000000000002",
          resourceName: "bob",
          ARN: "arn:aws:iam::123456789012:user/bob",
        },
        messageType: "OversizedConfigurationItemChangeNotification",
        notificationCreationTime: "2026-03-01T10:00:00.000Z",
      }),
    );
    expect(config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ["AIDABOB00000000000002", "COMPLIANT"],
    ]);
    const warning = lines.find((line) => line.level === "warn");
    expect([warning?.message, warning?.extra?.errorCode, warning?.extra?.missingPermission]).toEqual([
      "Could not read the configuration item; judging from the notification's summary.",
      "AccessDeniedException",
      "config:GetResourceConfigHistory",
    ]);
  });

  it("ruleParameters may be empty, absent, or carry setupWindowSeconds; unknown rules are refused", async () => {
    seedThreeUsers();
    await handler(envelope(userChange("AIDACAROL000000000003", "carol"), { ruleParameters: "" }));
    const { ruleParameters: _omit, ...withoutParameters } = envelope(
      userChange("AIDACAROL000000000003", "carol"),
    );
    await handler(withoutParameters as ConfigRuleEvent);
    await handler(
      envelope(userChange("AIDACAROL000000000003", "carol"), {
        ruleParameters: '{"setupWindowSeconds":"5"}',
      }),
    );
    expect(config.evaluations().map((e) => e.ComplianceType)).toEqual([
      "COMPLIANT",
      "COMPLIANT",
      "COMPLIANT",
    ]);
    await expect(
      handler(
        envelope(userChange("AIDACAROL000000000003", "carol"), {
          ruleParameters: '{"rules":"no_such_rule"}',
        }),
      ),
    ).rejects.toBeInstanceOf(InputError);
  });
});

describe.skipIf(!HAVE_SAMPLES)(
  `shared AWS Config samples${HAVE_SAMPLES ? "" : ` (${SAMPLES_SKIP_REASON})`}`,
  () => {
    function seedServerlessTest(): void {
      fake.addUser({
        userName: "serverless-test",
        userId: "AIDACKCEVSQ6C2EXAMPLE",
        createDate: "2019-06-25T08:37:33Z",
        loginProfile: { createDate: "2019-06-25T08:37:33Z" },
        accessKeys: [{ accessKeyId: "AKIAI44QH8DHBEXAMPLE", createDate: "2019-06-25T08:37:34Z" }],
      });
    }

    it("2019 IAM user change capture → one NON_COMPLIANT evaluation at its capture time", async () => {
      seedServerlessTest();
      await handler(
        sampleEvent("config", "change-notification.iam-user.capture-2019-in-powertools-envelope.json"),
      );
      expect(
        config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType, e.OrderingTimestamp]),
      ).toEqual([["AIDACKCEVSQ6C2EXAMPLE", "NON_COMPLIANT", new Date("2019-10-30T11:39:10.807Z")]]);
      expect(config.evaluations()[0]?.Annotation).toContain("AKIAI44QH8DHBEXAMPLE");
    });

    it("synthesized eventLeftScope and deletion samples → NOT_APPLICABLE", async () => {
      seedServerlessTest();
      await handler(sampleEvent("config", "event-left-scope-true.iam-user.SYNTHESIZED.json"));
      await handler(sampleEvent("config", "resource-deleted.iam-user.SYNTHESIZED.json"));
      expect(config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
        ["AIDACKCEVSQ6C2EXAMPLE", "NOT_APPLICABLE"],
        ["AIDACKCEVSQ6C2EXAMPLE", "NOT_APPLICABLE"],
      ]);
    });

    it("docs and captured ScheduledNotifications judge every user; the docs' unknown parameter is ignored", async () => {
      seedServerlessTest();
      await handler(sampleEvent("config", "scheduled-notification.aws-docs.json"));
      await handler(sampleEvent("config", "scheduled-notification.custodian-2020-capture.json"));
      expect(
        config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType, e.OrderingTimestamp]),
      ).toEqual([
        ["AIDACKCEVSQ6C2EXAMPLE", "NON_COMPLIANT", new Date("2016-07-13T21:50:00.373Z")],
        ["AIDACKCEVSQ6C2EXAMPLE", "NON_COMPLIANT", new Date("2020-05-03T13:55:44.576Z")],
      ]);
      expect(lines.some((line) => line.message === "Ignoring unknown rule parameters")).toBe(true);
    });

    it('RDK\'s test-event template (empty configurationItem, ruleParameters "") → nothing to report, no failure', async () => {
      const event = parse(
        readFileSync(
          samplePath("events", "config", "event-left-scope-true.rdk-test-event-template.yaml"),
          "utf8",
        ),
      ) as ConfigRuleEvent;
      const result = await handler(event);
      expect(result).toMatchObject({
        messageType: "ConfigurationItemChangeNotification",
        evaluations: [],
        putEvaluationsCalls: 0,
      });
      expect(config.counts()).toEqual({});
      expect(
        lines.some((line) => line.level === "warn" && line.message.includes("without a configuration item")),
      ).toBe(true);
    });

    it("an oversized EC2 notification (docs) is fetched and reported NOT_APPLICABLE", async () => {
      config.addConfigurationItem({
        resourceType: "AWS::EC2::Instance",
        resourceId: "i-00000000",
        configurationItemCaptureTime: "2016-10-06T16:46:16.261Z",
      });
      await handler(sampleEvent("config", "oversized-notification.ec2-instance.aws-docs.json"));
      expect(
        config.evaluations().map((e) => [e.ComplianceResourceType, e.ComplianceResourceId, e.ComplianceType]),
      ).toEqual([["AWS::EC2::Instance", "i-00000000", "NOT_APPLICABLE"]]);
    });
  },
);
