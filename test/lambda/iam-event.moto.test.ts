/**
 * The CloudTrail event handler against moto_server (IAM and SNS), issue 18: one alert per key per
 * console setup, enforce mode that lets the administrator's undo stick and never deactivates without an
 * alert, events of other accounts ignored, and an alert that says what enforce did to the key.
 * Faults moto cannot produce (a failing sns:Publish) use our SNS fake with moto's IAM.
 */
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { CreateTopicCommand, type SNSClient } from "@aws-sdk/client-sns";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { createSnsClient } from "../../src/aws/sns.js";
import {
  createIamEventHandler,
  type IamApiCallEvent,
  type IamEventResult,
  type Mode,
} from "../../src/lambda/iam-event.js";
import type { AwsApiError } from "../../src/model/errors.js";
import { type FakeSns, startFakeSns } from "../support/fake-sns.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, type Moto } from "../support/moto.js";
import { type LogLine, motoSnsMessages, recordingLog } from "./helpers.js";

const ADMIN = {
  type: "IAMUser",
  principalId: "AIDACKCEVSQ6C2EXAMPLE",
  arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/admin`,
  accountId: MOTO_ACCOUNT_ID,
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  userName: "admin",
};

/** An EventBridge `AWS API Call via CloudTrail` event for one IAM call (shape of the shared captures). */
function iamEvent(
  eventName: "CreateUser" | "CreateLoginProfile" | "CreateAccessKey" | "UpdateAccessKey",
  options: {
    userName: string;
    accessKeyId?: string;
    status?: "Active" | "Inactive";
    account?: string;
    id: string;
  },
): IamApiCallEvent {
  const account = options.account ?? MOTO_ACCOUNT_ID;
  // CloudTrail's eventTime has whole seconds; the call happened just before the event is built.
  const time = new Date(Math.ceil(Date.now() / 1000) * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const { userName, accessKeyId } = options;
  const request: Record<string, unknown> =
    eventName === "UpdateAccessKey"
      ? { userName, accessKeyId, status: options.status ?? "Active" }
      : eventName === "CreateLoginProfile"
        ? { userName, passwordResetRequired: true }
        : { userName };
  const response: Record<string, unknown> | null =
    eventName === "CreateAccessKey"
      ? { accessKey: { accessKeyId, status: "Active", userName, createDate: time } }
      : eventName === "CreateLoginProfile"
        ? { loginProfile: { userName, createDate: time, passwordResetRequired: true } }
        : eventName === "CreateUser"
          ? { user: { userName, path: "/", arn: `arn:aws:iam::${account}:user/${userName}` } }
          : null;
  return {
    version: "0",
    id: `eb-${options.id}`,
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.iam",
    account,
    time,
    region: "us-east-1",
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: { ...ADMIN, arn: `arn:aws:iam::${account}:user/admin`, accountId: account },
      eventTime: time,
      eventSource: "iam.amazonaws.com",
      eventName,
      awsRegion: "us-east-1",
      sourceIPAddress: "192.0.2.10",
      userAgent: "AWS Internal",
      requestParameters: request,
      responseElements: response,
      eventID: options.id,
      recipientAccountId: account,
    },
  };
}

describeWithMoto("IAM event handler against moto (issue 18)", (moto: () => Moto) => {
  let clients: AwsClients;
  let sns: SNSClient;
  let topicArn: string;
  let lines: LogLine[];

  beforeEach(async () => {
    clients = createClients({
      endpointUrl: moto().endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      region: "us-east-1",
      maxAttempts: 1,
    });
    sns = createSnsClient({
      endpointUrl: moto().endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      region: "us-east-1",
      maxAttempts: 1,
    });
    topicArn = (await sns.send(new CreateTopicCommand({ Name: "cloudpatrol-alerts" }))).TopicArn ?? "";
  });
  afterEach(() => {
    clients.destroy();
    sns.destroy();
  });

  /** A handler as a fresh Lambda container would run it (nothing remembered from other invocations). */
  function container(
    mode: Mode = "notify",
    snsClient: SNSClient = sns,
  ): (event: IamApiCallEvent) => Promise<IamEventResult> {
    const log = recordingLog();
    lines = log.lines;
    return createIamEventHandler({
      iam: clients.iam,
      sns: snsClient,
      topicArn,
      mode,
      log,
      accountId: MOTO_ACCOUNT_ID,
    });
  }

  /** The console's user setup: user, console password, access key; returns the key id moto made. */
  async function consoleSetup(userName: string): Promise<string> {
    await clients.iam.send(new CreateUserCommand({ UserName: userName }));
    await clients.iam.send(
      new CreateLoginProfileCommand({ UserName: userName, Password: "Initial-Passw0rd!" }),
    );
    const key = await clients.iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return key.AccessKey?.AccessKeyId ?? "";
  }

  async function keyStatus(userName: string, accessKeyId: string): Promise<string | undefined> {
    const output = await clients.iam.send(new ListAccessKeysCommand({ UserName: userName }));
    return output.AccessKeyMetadata?.find((key) => key.AccessKeyId === accessKeyId)?.Status;
  }

  it("defect 5: one console setup (CreateUser, CreateLoginProfile, CreateAccessKey) → one alert for the key, whichever container gets which event", async () => {
    const key = await consoleSetup("alice");
    const events = [
      iamEvent("CreateUser", { userName: "alice", id: "e-user" }),
      iamEvent("CreateLoginProfile", { userName: "alice", id: "e-login" }),
      iamEvent("CreateAccessKey", { userName: "alice", accessKeyId: key, id: "e-key" }),
    ];
    // EventBridge may deliver them in any order, each to its own container.
    const outcomes = [];
    for (const event of [events[2], events[0], events[1]] as IamApiCallEvent[])
      outcomes.push((await container()(event)).outcome);
    expect(outcomes).toEqual(["alerted", "deferred", "deferred"]);
    const messages = await motoSnsMessages(moto().endpoint, topicArn);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.subject).toBe(
      `CIS 1.11: console user alice has never-used access key ${key} in ${MOTO_ACCOUNT_ID}`,
    );
    expect(messages[0]?.attributes.get("cloudpatrol.event-id")).toBe("e-key");
  });

  it("defect 2: enforce deactivates the created key; the administrator's documented undo sticks and is reported, not reverted", async () => {
    const key = await consoleSetup("bob");
    const created = await container("enforce")(
      iamEvent("CreateAccessKey", { userName: "bob", accessKeyId: key, id: "e-create" }),
    );
    expect(created).toMatchObject({ outcome: "alerted", deactivated: [key] });
    expect(await keyStatus("bob", key)).toBe("Inactive");
    const [first] = await motoSnsMessages(moto().endpoint, topicArn);
    const undo = `aws iam update-access-key --user-name bob --access-key-id ${key} --status Active`;
    expect(first?.message).toContain(`To undo: ${undo}`);

    // The administrator runs the undo command from the alert: IAM records UpdateAccessKey (Active).
    await clients.iam.send(
      new UpdateAccessKeyCommand({ UserName: "bob", AccessKeyId: key, Status: "Active" }),
    );
    const reactivated = await container("enforce")(
      iamEvent("UpdateAccessKey", { userName: "bob", accessKeyId: key, status: "Active", id: "e-undo" }),
    );
    expect(reactivated).toMatchObject({ outcome: "alerted", deactivated: [] });
    expect(await keyStatus("bob", key)).toBe("Active");
    const messages = await motoSnsMessages(moto().endpoint, topicArn);
    expect(messages).toHaveLength(2);
    expect(messages[1]?.message).toContain(
      `Action:     MODE=enforce, but nothing was changed: access key ${key} was reactivated (UpdateAccessKey), and cloudpatrol never reverts a reactivation by a person.`,
    );
    // Our own deactivation's event (UpdateAccessKey to Inactive) is ignored.
    const own = await container("enforce")(
      iamEvent("UpdateAccessKey", { userName: "bob", accessKeyId: key, status: "Inactive", id: "e-own" }),
    );
    expect(own.outcome).toBe("ignored");
  });

  it("defect 6: after a deactivation the alert neither calls the key active nor offers to deactivate it", async () => {
    const key = await consoleSetup("carol");
    await container("enforce")(
      iamEvent("CreateAccessKey", { userName: "carol", accessKeyId: key, id: "e-c" }),
    );
    const [message] = await motoSnsMessages(moto().endpoint, topicArn);
    expect(message?.subject).toBe(
      `CIS 1.11: deactivating access key ${key} of console user carol in ${MOTO_ACCOUNT_ID}`,
    );
    const body = message?.message ?? "";
    expect(body).toMatch(
      new RegExp(
        `^Access key: ${key}, never used, active until cloudpatrol deactivates it now \\(see Action\\), created `,
        "m",
      ),
    );
    expect(body).not.toMatch(/, active, never used/);
    expect(body).not.toContain("--status Inactive");
    expect(body).toContain(`  aws iam delete-access-key --access-key-id ${key} --user-name carol`);
    expect(await keyStatus("carol", key)).toBe("Inactive");
  });

  it("defect 4: an event of another account is ignored with a log line, never reported under that account", async () => {
    const key = await consoleSetup("dave");
    const handler = container("enforce");
    const result = await handler(
      iamEvent("CreateAccessKey", { userName: "dave", accessKeyId: key, account: "210987654321", id: "e-x" }),
    );
    expect(result).toEqual({
      outcome: "ignored",
      reason: `the event is about account 210987654321; this function watches account ${MOTO_ACCOUNT_ID}`,
    });
    expect(lines.map((line) => [line.level, line.message, line.extra?.eventAccount])).toEqual([
      ["info", "Event ignored", "210987654321"],
    ]);
    expect(await motoSnsMessages(moto().endpoint, topicArn)).toEqual([]);
    // The same-named user of this account was not touched.
    expect(await keyStatus("dave", key)).toBe("Active");
  });

  describe("defect 3: sns:Publish fails (our SNS fake) while enforce would deactivate", () => {
    let fakeSns: FakeSns;
    beforeEach(async () => {
      fakeSns = await startFakeSns();
    });
    afterEach(async () => {
      await fakeSns.close();
    });

    it("nothing is deactivated before an alert is out; the retry (another container) alerts, then deactivates", async () => {
      const key = await consoleSetup("erin");
      const snsFake = createSnsClient({
        endpointUrl: fakeSns.endpoint,
        credentials: { ...MOTO_CREDENTIALS },
        region: "us-east-1",
        maxAttempts: 1,
      });
      fakeSns.fail("Publish", { code: "InternalError", httpStatus: 500, times: 1 });
      const event = iamEvent("CreateAccessKey", { userName: "erin", accessKeyId: key, id: "e-erin" });
      const error = await container("enforce", snsFake)(event).catch((caught: unknown) => caught);
      expect((error as AwsApiError).api).toBe("sns:Publish");
      expect(await keyStatus("erin", key)).toBe("Active");
      expect(lines.some((line) => line.message === "Access key deactivated (MODE=enforce)")).toBe(false);

      // Lambda retries the event (possibly on another container).
      const retried = await container("enforce", snsFake)(event);
      expect(retried).toMatchObject({ outcome: "alerted", deactivated: [key] });
      expect(await keyStatus("erin", key)).toBe("Inactive");
      expect(fakeSns.messages).toHaveLength(1);
      expect(fakeSns.messages[0]?.message).toContain(
        `To undo: aws iam update-access-key --user-name erin --access-key-id ${key} --status Active`,
      );
      snsFake.destroy();
    });
  });
});
