/**
 * The AWS Config rule handler against moto_server (IAM, STS and AWS Config), issue 18: an oversized
 * notification whose configuration item cannot be read is judged from its summary, and the daily run
 * survives a user name with commas in the credential report. moto records evaluations only with
 * `TestMode` (resultToken `TESTMODE`): the evaluations are read from the handler's result.
 */
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand } from "@aws-sdk/client-iam";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { createConfigClient } from "../../src/aws/config.js";
import { type ConfigRuleEvent, createConfigRuleHandler } from "../../src/lambda/config-rule.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, type Moto } from "../support/moto.js";
import { type LogLine, recordingLog } from "./helpers.js";

const RULE = "cloudpatrol-iam-user-no-access-key-at-setup";

function envelope(invokingEvent: object): ConfigRuleEvent {
  return {
    version: "1.0",
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: "{}",
    resultToken: "TESTMODE",
    eventLeftScope: false,
    configRuleArn: `arn:aws:config:us-east-1:${MOTO_ACCOUNT_ID}:config-rule/config-rule-abc123`,
    configRuleName: RULE,
    accountId: MOTO_ACCOUNT_ID,
  };
}

describeWithMoto("AWS Config rule handler against moto (issue 18)", (moto: () => Moto) => {
  let clients: AwsClients;
  let lines: LogLine[];
  let handler: ReturnType<typeof createConfigRuleHandler>;

  beforeEach(() => {
    const connection = {
      endpointUrl: moto().endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      region: "us-east-1",
      maxAttempts: 1,
    };
    clients = createClients(connection);
    const log = recordingLog();
    lines = log.lines;
    handler = createConfigRuleHandler({
      clients,
      config: createConfigClient(connection),
      log,
      reportPollBaseMs: 1,
      reportTimeoutMs: 10_000,
    });
  });
  afterEach(() => {
    clients.destroy();
  });

  /** A user with a console password and a never-used key; returns its UserId and ARN. */
  async function consoleUserWithKey(userName: string): Promise<{ userId: string; arn: string }> {
    const user = await clients.iam.send(new CreateUserCommand({ UserName: userName }));
    await clients.iam.send(
      new CreateLoginProfileCommand({ UserName: userName, Password: "Initial-Passw0rd!" }),
    );
    await clients.iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return { userId: user.User?.UserId ?? "", arn: user.User?.Arn ?? "" };
  }

  it("defect 6: an oversized notification whose GetResourceConfigHistory fails is judged from its summary", async () => {
    const { userId, arn } = await consoleUserWithKey("frank");
    const result = await handler(
      envelope({
        configurationItemSummary: {
          changeType: "UPDATE",
          configurationItemVersion: "1.3",
          configurationItemCaptureTime: "2026-03-01T09:58:00.000Z",
          configurationStateId: 1,
          awsAccountId: MOTO_ACCOUNT_ID,
          configurationItemStatus: "OK",
          resourceType: "AWS::IAM::User",
          resourceId: userId,
          resourceName: null,
          ARN: arn,
          awsRegion: "global",
          availabilityZone: "Not Applicable",
          configurationStateMd5Hash: "",
        },
        messageType: "OversizedConfigurationItemChangeNotification",
        notificationCreationTime: "2026-03-01T10:00:00.000Z",
        recordVersion: "1.0",
      }),
    );
    expect(result.evaluations.map((e) => [e.complianceResourceId, e.complianceType])).toEqual([
      [userId, "NON_COMPLIANT"],
    ]);
    expect(result.evaluations[0]?.orderingTimestamp).toEqual(new Date("2026-03-01T09:58:00.000Z"));
    expect(result.testMode).toBe(true);
    // moto records no configuration item for AWS::IAM::User: the call fails as it can on AWS.
    expect(
      lines
        .filter((line) => line.level === "warn")
        .map((line) => [line.message, line.extra?.errorCode, line.extra?.resourceName]),
    ).toEqual([
      [
        "Could not read the configuration item; judging from the notification's summary.",
        "ResourceNotDiscoveredException",
        "frank",
      ],
    ]);
  });

  it("defect 7: a user name with commas, unquoted in moto's credential report, does not break the daily run", async () => {
    const comma = await consoleUserWithKey("smith,john");
    const plain = await consoleUserWithKey("grace");
    await clients.iam.send(new CreateUserCommand({ UserName: "robot@example.com" }));
    const result = await handler(
      envelope({
        awsAccountId: MOTO_ACCOUNT_ID,
        notificationCreationTime: "2026-03-01T10:00:00.000Z",
        messageType: "ScheduledNotification",
        recordVersion: "1.0",
      }),
    );
    const verdicts = new Map(result.evaluations.map((e) => [e.complianceResourceId, e.complianceType]));
    expect(verdicts.get(comma.userId)).toBe("NON_COMPLIANT");
    expect(verdicts.get(plain.userId)).toBe("NON_COMPLIANT");
    expect(result.evaluations).toHaveLength(3);
    expect(result.evaluations.find((e) => e.complianceResourceId === comma.userId)?.annotation).toMatch(
      /^smith,john has a console password and access key AKIA/,
    );
    expect(lines.filter((line) => line.level === "warn").map((line) => line.message)).toContain(
      'GetCredentialReport Content, line 2: the user name "smith,john" holds commas but is not quoted (RFC 4180): read from the ARN, which ends with it',
    );
  });
});
