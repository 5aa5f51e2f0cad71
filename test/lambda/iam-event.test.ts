/**
 * The CloudTrail/EventBridge handler against local IAM and SNS endpoints (issue 5, item 2).
 */
import { createHash } from "node:crypto";
import { ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { InvocationDeadline } from "../../src/lambda/common.js";
import {
  createIamEventHandler,
  describeCaller,
  type IamApiCallEvent,
  type IamEventResult,
  type Mode,
  modeFromEnv,
} from "../../src/lambda/iam-event.js";
import { AwsApiError } from "../../src/model/errors.js";
import { escapeTerminal } from "../../src/model/escape.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeSns, startFakeSns } from "../support/fake-sns.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON } from "../support/samples.js";
import { CREDENTIALS, iamClients, type LogLine, recordingLog, sampleEvent, snsClient } from "./helpers.js";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:cloudpatrol-alerts";
const USER_CREATED = "2026-03-01T12:00:00Z";
const KEY_CREATED = "2026-03-01T12:00:20Z";

let fake: FakeAws;
let sns: FakeSns;
let clients: AwsClients;
let lines: LogLine[];

beforeEach(async () => {
  fake = await startFakeAws({ accountId: "123456789012" });
  sns = await startFakeSns();
  clients = iamClients(fake.endpoint);
});
afterEach(async () => {
  clients.destroy();
  await fake.close();
  await sns.close();
});

function makeHandler(
  mode: Mode = "notify",
  topicArn = TOPIC,
): (event: IamApiCallEvent) => Promise<IamEventResult> {
  const log = recordingLog();
  lines = log.lines;
  return createIamEventHandler({
    iam: clients.iam,
    sns: snsClient(sns.endpoint),
    topicArn,
    mode,
    log,
    accountId: "123456789012",
  });
}

/** A CreateAccessKey event as EventBridge delivers it (shape of the shared Stratus capture). */
function createAccessKeyEvent(
  userName: string,
  accessKeyId: string,
  eventId = "11111111-2222-3333-4444-555555555555",
): IamApiCallEvent {
  return {
    version: "0",
    id: "6a7b8c9d-0000-1111-2222-333344445555",
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.iam",
    account: "123456789012",
    time: KEY_CREATED,
    region: "us-east-1",
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: {
        type: "IAMUser",
        principalId: "AIDACKCEVSQ6C2EXAMPLE",
        arn: "arn:aws:iam::123456789012:user/admin",
        accountId: "123456789012",
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        userName: "admin",
      },
      eventTime: KEY_CREATED,
      eventSource: "iam.amazonaws.com",
      eventName: "CreateAccessKey",
      awsRegion: "us-east-1",
      sourceIPAddress: "192.0.2.10",
      userAgent: "aws-cli/2.15.0",
      requestParameters: { userName },
      responseElements: {
        accessKey: { accessKeyId, createDate: "Mar 1, 2026 12:00:20 PM", status: "Active", userName },
      },
      eventID: eventId,
      recipientAccountId: "123456789012",
    },
  };
}

function seedConsoleUserWithNewKey(): void {
  fake.addUser({
    userName: "alice",
    userId: "AIDAALICE000000000001",
    createDate: USER_CREATED,
    loginProfile: { createDate: USER_CREATED },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: KEY_CREATED }],
  });
}

async function keyStatuses(userName: string): Promise<Record<string, string>> {
  const output = await clients.iam.send(new ListAccessKeysCommand({ UserName: userName }));
  return Object.fromEntries((output.AccessKeyMetadata ?? []).map((key) => [key.AccessKeyId, key.Status]));
}

describe("CreateAccessKey for a console user", () => {
  it("publishes one SNS message naming the key, how long after the user it was made, and who called", async () => {
    seedConsoleUserWithNewKey();
    const handler = makeHandler();
    const result = await handler(createAccessKeyEvent("alice", "AKIAALICE00000000001"));
    expect(result).toMatchObject({
      outcome: "alerted",
      userName: "alice",
      accessKeyIds: ["AKIAALICE00000000001"],
      deactivated: [],
    });
    expect(sns.messages).toHaveLength(1);
    const message = sns.messages[0];
    expect(message?.topicArn).toBe(TOPIC);
    expect(message?.subject).toBe(
      "CIS 1.11: console user alice has never-used access key AKIAALICE00000000001 in 123456789012",
    );
    expect(message?.message).toBe(
      [
        "cloudpatrol found an IAM user with a console password and an active access key that has never been used",
        "(CIS AWS Foundations 1.11, rule iam_user_no_access_key_at_setup).",
        "",
        "Account:    123456789012",
        "User:       alice (arn:aws:iam::123456789012:user/alice)",
        "Access key: AKIAALICE00000000001, active, never used, created 2026-03-01T12:00:20Z, 20 seconds after the user (at initial setup)",
        "Event:      CreateAccessKey at 2026-03-01T12:00:20Z (CloudTrail event id 11111111-2222-3333-4444-555555555555)",
        "Called by:  IAMUser admin, arn:aws:iam::123456789012:user/admin, with key AKIAIOSFODNN7EXAMPLE, from 192.0.2.10, user agent aws-cli/2.15.0",
        "Action:     none (MODE=notify).",
        "",
        "Remediation (check with the owner first; deleting a key cannot be undone):",
        "  aws iam list-access-keys --user-name alice",
        "  aws iam get-access-key-last-used --access-key-id AKIAALICE00000000001",
        "  aws iam update-access-key --access-key-id AKIAALICE00000000001 --status Inactive --user-name alice",
        "  aws iam delete-access-key --access-key-id AKIAALICE00000000001 --user-name alice",
        "",
      ].join("\n"),
    );
    expect(message?.attributes).toEqual({
      "cloudpatrol.event-id": "11111111-2222-3333-4444-555555555555",
      "cloudpatrol.account": "123456789012",
      "cloudpatrol.rule": "iam_user_no_access_key_at_setup",
      "cloudpatrol.message-kind": "alert",
    });
    // Standard topic: no FIFO parameters (SNS would reject them).
    expect(message?.messageDeduplicationId).toBeUndefined();
    expect(await keyStatuses("alice")).toEqual({ AKIAALICE00000000001: "Active" });
    expect(fake.counts().UpdateAccessKey).toBeUndefined();
  });

  it("the same event delivered twice → still one message", async () => {
    seedConsoleUserWithNewKey();
    const handler = makeHandler();
    const event = createAccessKeyEvent("alice", "AKIAALICE00000000001");
    await handler(event);
    const second = await handler(structuredClone(event));
    expect(second).toEqual({ outcome: "duplicate", eventId: "11111111-2222-3333-4444-555555555555" });
    expect(sns.messages).toHaveLength(1);
    expect(sns.counts().Publish).toBe(1);
  });

  it("on a FIFO topic the message carries a deterministic de-duplication id", async () => {
    seedConsoleUserWithNewKey();
    await makeHandler("notify", `${TOPIC}.fifo`)(createAccessKeyEvent("alice", "AKIAALICE00000000001"));
    expect(sns.messages[0]?.messageDeduplicationId).toBe(
      createHash("sha256").update("11111111-2222-3333-4444-555555555555").digest("hex"),
    );
    expect(sns.messages[0]?.messageGroupId).toBe("cloudpatrol");
  });

  it("MODE=enforce deactivates exactly that key; the user's other key stays untouched", async () => {
    seedConsoleUserWithNewKey();
    const other = fake.addAccessKey("alice", {
      accessKeyId: "AKIAALICEOTHER000002",
      createDate: "2026-03-01T12:00:30Z",
    });
    const result = await makeHandler("enforce")(createAccessKeyEvent("alice", "AKIAALICE00000000001"));
    expect(result).toMatchObject({ outcome: "alerted", deactivated: ["AKIAALICE00000000001"] });
    expect(await keyStatuses("alice")).toEqual({ AKIAALICE00000000001: "Inactive", [other]: "Active" });
    const updates = fake.requests.filter((request) => request.action === "UpdateAccessKey");
    expect(
      updates.map((request) => [request.params.UserName, request.params.AccessKeyId, request.params.Status]),
    ).toEqual([["alice", "AKIAALICE00000000001", "Inactive"]]);
    expect(sns.messages).toHaveLength(1);
    expect(sns.messages[0]?.message).toContain(
      [
        "Action:     MODE=enforce: cloudpatrol deactivates access key AKIAALICE00000000001 (status Inactive) right after sending this alert; nothing is deleted.",
        "            If the key is still Active when you read this, the deactivation failed and a second alert says why.",
        "            To undo: aws iam update-access-key --user-name alice --access-key-id AKIAALICE00000000001 --status Active",
        "            (cloudpatrol reports a reactivation by a person and never deactivates that key again).",
      ].join("\n"),
    );
  });

  it("a user without console password → no message", async () => {
    fake.addUser({
      userName: "robot",
      createDate: USER_CREATED,
      accessKeys: [{ accessKeyId: "AKIAROBOT00000000001", createDate: KEY_CREATED }],
    });
    const result = await makeHandler("enforce")(createAccessKeyEvent("robot", "AKIAROBOT00000000001"));
    expect(result).toEqual({ outcome: "compliant", userName: "robot" });
    expect(sns.counts()).toEqual({});
    expect(await keyStatuses("robot")).toEqual({ AKIAROBOT00000000001: "Active" });
  });

  it("AuthorizationError on Publish → error logged and rethrown; the redelivery then publishes", async () => {
    seedConsoleUserWithNewKey();
    sns.fail("Publish", { code: "AuthorizationError", times: 1 });
    const handler = makeHandler();
    const event = createAccessKeyEvent("alice", "AKIAALICE00000000001");
    const error = await handler(event).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as AwsApiError).api).toBe("sns:Publish");
    expect((error as AwsApiError).missingPermission).toBe("sns:Publish");
    expect(lines.filter((line) => line.level === "error").map((line) => line.message)).toEqual([
      "IAM event handling failed",
    ]);
    expect(lines.some((line) => line.message === "Alert published")).toBe(false);
    // Not remembered as published: Lambda's retry sends the alert.
    await expect(handler(event)).resolves.toMatchObject({ outcome: "alerted" });
    expect(sns.messages).toHaveLength(1);
  });

  it("MODE=enforce with AccessDenied on UpdateAccessKey → the alert says so, then the handler fails", async () => {
    seedConsoleUserWithNewKey();
    fake.fail("UpdateAccessKey", { code: "AccessDenied" });
    const error = await makeHandler("enforce")(createAccessKeyEvent("alice", "AKIAALICE00000000001")).catch(
      (caught: unknown) => caught,
    );
    expect((error as AwsApiError).api).toBe("iam:UpdateAccessKey");
    // The alert announcing the deactivation, then the one saying it failed.
    expect(sns.messages.map((message) => message.subject)).toEqual([
      "CIS 1.11: deactivating access key AKIAALICE00000000001 of console user alice in 123456789012",
      "CIS 1.11: deactivation FAILED for key AKIAALICE00000000001 of console user alice in 123456789012",
    ]);
    expect(sns.messages[1]?.message).toContain(
      "Action:     MODE=enforce: deactivating AKIAALICE00000000001 FAILED:",
    );
    expect(sns.messages[1]?.message).toContain("--status Inactive");
    expect(sns.messages[1]?.attributes["cloudpatrol.message-kind"]).toBe("deactivation-failed");
    expect(await keyStatuses("alice")).toEqual({ AKIAALICE00000000001: "Active" });
  });
});

describe("issue 18: one alert per key, from the event that made it fail (states moto cannot make)", () => {
  function loginProfileEvent(userName: string, eventId: string): IamApiCallEvent {
    const base = createAccessKeyEvent(userName, "unused", eventId);
    return {
      ...base,
      detail: {
        ...base.detail,
        eventName: "CreateLoginProfile",
        eventTime: "2026-03-01T12:05:00Z",
        requestParameters: { userName, passwordResetRequired: true },
        responseElements: {
          loginProfile: { userName, createDate: "Mar 1, 2026 12:05:00 PM", passwordResetRequired: true },
        },
      },
    };
  }

  it("a key created before the password: its CreateAccessKey event defers, the CreateLoginProfile event reports (and enforce changes nothing)", async () => {
    fake.addUser({
      userName: "bob",
      createDate: USER_CREATED,
      loginProfile: { createDate: "2026-03-01T12:05:00Z" },
      accessKeys: [{ accessKeyId: "AKIABOB0000000000001", createDate: KEY_CREATED }],
    });
    const key = await makeHandler("enforce")(createAccessKeyEvent("bob", "AKIABOB0000000000001", "e-key"));
    expect(key).toEqual({ outcome: "deferred", userName: "bob", accessKeyIds: ["AKIABOB0000000000001"] });
    const login = await makeHandler("enforce")(loginProfileEvent("bob", "e-login"));
    expect(login).toMatchObject({
      outcome: "alerted",
      accessKeyIds: ["AKIABOB0000000000001"],
      deactivated: [],
    });
    expect(sns.messages).toHaveLength(1);
    expect(sns.messages[0]?.message).toContain(
      "Action:     MODE=enforce, but nothing was changed: this CreateLoginProfile created no access key; only the key named in a CreateAccessKey event is deactivated.",
    );
    expect(await keyStatuses("bob")).toEqual({ AKIABOB0000000000001: "Active" });
  });

  it("a key created with or after the password is reported by its CreateAccessKey event only", async () => {
    seedConsoleUserWithNewKey();
    expect((await makeHandler()(loginProfileEvent("alice", "e-login"))).outcome).toBe("deferred");
    expect(
      (await makeHandler()(createAccessKeyEvent("alice", "AKIAALICE00000000001", "e-key"))).outcome,
    ).toBe("alerted");
    expect(sns.messages).toHaveLength(1);
  });
});

describe("issue 18, defect 6: AWS retries end before the function's timeout", () => {
  function boundedHandler(mode: Mode) {
    const deadline = new InvocationDeadline();
    const bounded = createClients({
      endpointUrl: fake.endpoint,
      credentials: CREDENTIALS,
      region: "us-east-1",
      retryBaseMs: 500,
      retryDeadline: deadline.get,
    });
    const log = recordingLog();
    lines = log.lines;
    const handler = createIamEventHandler({
      iam: bounded.iam,
      sns: snsClient(sns.endpoint),
      topicArn: TOPIC,
      mode,
      log,
      accountId: "123456789012",
      deadline,
    });
    return { handler, destroy: () => bounded.destroy() };
  }
  /** A Lambda context with 4 s left: retries must end 3 s (DEADLINE_RESERVE_MS) before that. */
  const context = { getRemainingTimeInMillis: () => 4_000 };

  it("throttled reads fail within the remaining time, with an error line naming the throttled call", async () => {
    seedConsoleUserWithNewKey();
    fake.fail("GetUser", { code: "Throttling" });
    const { handler, destroy } = boundedHandler("notify");
    const started = Date.now();
    const error = await handler(createAccessKeyEvent("alice", "AKIAALICE00000000001"), context).catch(
      (caught: unknown) => caught,
    );
    const elapsed = Date.now() - started;
    destroy();
    // Unbounded, 8 attempts back off 0.5+1+2+4+8+16+20 = 51.5 s: past a 60 s function's budget once the
    // other calls are counted, and Lambda then kills the invocation without a line.
    expect(elapsed).toBeLessThan(4_000);
    expect(fake.counts().GetUser).toBe(2);
    expect((error as AwsApiError).code).toBe("Throttling");
    expect(
      lines.filter((line) => line.level === "error").map((line) => [line.message, line.extra?.errorCode]),
    ).toEqual([["IAM event handling failed", "Throttling"]]);
    expect(sns.messages).toEqual([]);
  }, 15_000);

  it("a deactivation throttled past the deadline ends in the failure alert, the key unchanged; the retry deactivates", async () => {
    seedConsoleUserWithNewKey();
    fake.fail("UpdateAccessKey", { code: "Throttling" });
    const { handler, destroy } = boundedHandler("enforce");
    const event = createAccessKeyEvent("alice", "AKIAALICE00000000001");
    const error = await handler(event, context).catch((caught: unknown) => caught);
    expect((error as AwsApiError).code).toBe("Throttling");
    expect(sns.messages.map((message) => message.attributes["cloudpatrol.message-kind"])).toEqual([
      "alert",
      "deactivation-failed",
    ]);
    expect(await keyStatuses("alice")).toEqual({ AKIAALICE00000000001: "Active" });
    fake.clearFaults("UpdateAccessKey");
    const retried = await boundedHandler("enforce").handler(event, context);
    expect(retried).toMatchObject({ outcome: "alerted", deactivated: ["AKIAALICE00000000001"] });
    expect(await keyStatuses("alice")).toEqual({ AKIAALICE00000000001: "Inactive" });
    destroy();
  }, 15_000);
});

describe("events that cannot make a user fail are ignored", () => {
  it("failed calls, deactivations, other sources and unwatched calls", async () => {
    seedConsoleUserWithNewKey();
    const handler = makeHandler("enforce");
    const base = createAccessKeyEvent("alice", "AKIAALICE00000000001");
    const detail = base.detail ?? {};
    const outcomes = await Promise.all([
      handler({
        ...base,
        detail: { ...detail, errorCode: "LimitExceededException", responseElements: null },
      }),
      handler({
        ...base,
        detail: {
          ...detail,
          eventName: "UpdateAccessKey",
          requestParameters: { userName: "alice", accessKeyId: "AKIAALICE00000000001", status: "Inactive" },
          responseElements: null,
        },
      }),
      handler({ ...base, detail: { ...detail, eventSource: "sts.amazonaws.com" } }),
      handler({ ...base, detail: { ...detail, eventName: "DeleteAccessKey" } }),
      handler({ ...base, "detail-type": "Scheduled Event" }),
    ]);
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual([
      "ignored",
      "ignored",
      "ignored",
      "ignored",
      "ignored",
    ]);
    expect(sns.counts()).toEqual({});
    expect(fake.counts()).toEqual({});
  });

  it("UpdateAccessKey to Active for a never-used key of a console user alerts", async () => {
    seedConsoleUserWithNewKey();
    const base = createAccessKeyEvent("alice", "AKIAALICE00000000001");
    const result = await makeHandler()({
      ...base,
      detail: {
        ...base.detail,
        eventName: "UpdateAccessKey",
        requestParameters: { userName: "alice", accessKeyId: "AKIAALICE00000000001", status: "Active" },
        responseElements: null,
      },
    });
    expect(result).toMatchObject({ outcome: "alerted", accessKeyIds: ["AKIAALICE00000000001"] });
  });
});

describe("configuration", () => {
  it("MODE defaults to notify and accepts only notify or enforce", () => {
    expect(modeFromEnv(undefined)).toBe("notify");
    expect(modeFromEnv("ENFORCE")).toBe("enforce");
    expect(() => modeFromEnv("delete")).toThrow(/MODE must be notify or enforce/);
  });
});

describe.skipIf(!HAVE_SAMPLES)(
  `shared CloudTrail/EventBridge samples${HAVE_SAMPLES ? "" : ` (${SAMPLES_SKIP_REASON})`}`,
  () => {
    function seedMalicious(loginProfile: boolean): void {
      fake.addUser({
        userName: "malicious-iam-user",
        userId: "AIDACKCEVSQ6C3EXAMPLE",
        createDate: "2024-08-01T13:33:28Z",
        ...(loginProfile ? { loginProfile: { createDate: "2024-08-01T13:33:28Z" } } : {}),
        accessKeys: [{ accessKeyId: "AKIAI44QH8DHBEXAMPLE", createDate: "2024-08-01T13:33:28Z" }],
      });
    }

    it("Stratus 2024 CreateAccessKey (IAMUser caller) → one message naming the key", async () => {
      seedMalicious(true);
      await makeHandler()(
        sampleEvent("cloudtrail", "eventbridge", "CreateAccessKey.iamuser.from-stratus-2024.json"),
      );
      expect(sns.messages).toHaveLength(1);
      expect(sns.messages[0]?.message).toContain("Access key: AKIAI44QH8DHBEXAMPLE, active, never used");
      expect(sns.messages[0]?.message).toContain(
        "Called by:  IAMUser alice, arn:aws:iam::123456789012:user/alice",
      );
    });

    it("assumed-role caller is described by its role and session", async () => {
      const event = sampleEvent<IamApiCallEvent>(
        "cloudtrail",
        "eventbridge",
        "CreateAccessKey.assumedrole.ASSEMBLED.json",
      );
      expect(describeCaller(event.detail ?? {})).toMatch(
        /^AssumedRole \S+ \(session alice\), arn:aws:sts::123456789012:assumed-role\//,
      );
    });

    it("console-made CreateAccessKey for another user (elastic docs) alerts about that user", async () => {
      fake.addUser({
        userName: "Bob",
        createDate: "2020-01-08T20:40:00Z",
        loginProfile: { createDate: "2020-01-08T20:40:00Z" },
        accessKeys: [{ accessKeyId: "AKIAI44QH8DHBEXAMPLE", createDate: "2020-01-08T20:43:06Z" }],
      });
      const result = await makeHandler()(
        sampleEvent("cloudtrail", "eventbridge", "CreateAccessKey.iamuser-console.from-elastic-docs.json"),
      );
      expect(result).toMatchObject({ outcome: "alerted", userName: "Bob" });
      expect(sns.messages[0]?.message).toContain("created 2020-01-08T20:43:06Z, 3 minutes after the user");
    });

    it("CreateLoginProfile for a user with an unused key alerts; CreateUser of a user without password does not", async () => {
      fake.addUser({
        userName: "stratus-red-team-login-profile-user",
        createDate: "2024-08-01T13:42:00Z",
        loginProfile: { createDate: "2024-08-01T13:42:21Z" },
        accessKeys: [{ accessKeyId: "AKIASTRATUS000000001", createDate: "2024-08-01T13:42:05Z" }],
      });
      seedMalicious(false);
      const handler = makeHandler();
      const login = await handler(
        sampleEvent("cloudtrail", "eventbridge", "CreateLoginProfile.iamuser.from-stratus-2024.json"),
      );
      const created = await handler(
        sampleEvent("cloudtrail", "eventbridge", "CreateUser.iamuser.from-stratus-2024.json"),
      );
      expect([login.outcome, created.outcome]).toEqual(["alerted", "compliant"]);
      expect(sns.messages).toHaveLength(1);
    });

    it("failed, deleting and deactivating calls (Panther, elastic docs) are ignored", async () => {
      const handler = makeHandler("enforce");
      const outcomes = [
        await handler(
          sampleEvent("cloudtrail", "eventbridge", "CreateAccessKey.LimitExceeded.from-panther.json"),
        ),
        await handler(
          sampleEvent("cloudtrail", "eventbridge", "UpdateAccessKey.iamuser-console.from-elastic-docs.json"),
        ),
        await handler(
          sampleEvent("cloudtrail", "eventbridge", "DeleteAccessKey.iamuser-console.from-elastic-docs.json"),
        ),
        await handler(
          sampleEvent(
            "cloudtrail",
            "eventbridge",
            "reference.custodian-2022-capture.assumedrole-console.cloudfront-TagResource.json",
          ),
        ),
      ];
      expect(outcomes.map((outcome) => outcome.outcome)).toEqual([
        "ignored",
        "ignored",
        "ignored",
        "ignored",
      ]);
      expect(fake.counts()).toEqual({});
    });
  },
);

describe("newcomer trial: account and event data in the alert body is escaped", () => {
  it("a user agent with an OSC title sequence and a user name with ESC, U+202E and a line break reach the Message escaped, on no line of their own", async () => {
    const name = "eve\u001b[31m\u202eadmin\nSubject: injected";
    fake.addUser({
      userName: name,
      createDate: USER_CREATED,
      loginProfile: { createDate: USER_CREATED },
      accessKeys: [{ accessKeyId: "AKIAEVE0000000000001", createDate: KEY_CREATED }],
    });
    const base = createAccessKeyEvent(name, "AKIAEVE0000000000001");
    const event = { ...base, detail: { ...base.detail, userAgent: "\u001b]0;title\u0007agent" } };
    const result = await makeHandler("enforce")(event);
    expect(result).toMatchObject({ outcome: "alerted", deactivated: ["AKIAEVE0000000000001"] });
    expect(sns.messages).toHaveLength(1);
    const message = sns.messages[0]?.message ?? "";
    const escaped = "eve\\u001b[31m\\u202eadmin\\u000aSubject: injected";
    // The commands quote the name for a shell ($'...' with \x escapes): already plain ASCII.
    const quoted = "$'eve\\x1B[31m\\xE2\\x80\\xAEadmin\\x0ASubject: injected'";
    expect(message).toBe(
      [
        "cloudpatrol found an IAM user with a console password and an active access key that has never been used",
        "(CIS AWS Foundations 1.11, rule iam_user_no_access_key_at_setup).",
        "",
        "Account:    123456789012",
        `User:       ${escaped} (arn:aws:iam::123456789012:user/${escaped})`,
        "Access key: AKIAEVE0000000000001, never used, active until cloudpatrol deactivates it now (see Action), created 2026-03-01T12:00:20Z, 20 seconds after the user (at initial setup)",
        "Event:      CreateAccessKey at 2026-03-01T12:00:20Z (CloudTrail event id 11111111-2222-3333-4444-555555555555)",
        "Called by:  IAMUser admin, arn:aws:iam::123456789012:user/admin, with key AKIAIOSFODNN7EXAMPLE, from 192.0.2.10, user agent \\u001b]0;title\\u0007agent",
        "Action:     MODE=enforce: cloudpatrol deactivates access key AKIAEVE0000000000001 (status Inactive) right after sending this alert; nothing is deleted.",
        "            If the key is still Active when you read this, the deactivation failed and a second alert says why.",
        `            To undo: aws iam update-access-key --user-name ${quoted} --access-key-id AKIAEVE0000000000001 --status Active`,
        "            (cloudpatrol reports a reactivation by a person and never deactivates that key again).",
        "",
        "Remediation (check with the owner first; deleting a key cannot be undone):",
        `  aws iam list-access-keys --user-name ${quoted}`,
        "  aws iam get-access-key-last-used --access-key-id AKIAEVE0000000000001",
        `  aws iam delete-access-key --access-key-id AKIAEVE0000000000001 --user-name ${quoted}`,
        "",
      ].join("\n"),
    );
    // No raw control, bidirectional or line-separator character; no line starting "Subject:".
    expect([...message].filter((char) => char !== "\n" && escapeTerminal(char) !== char)).toEqual([]);
    expect(message.split("\n").filter((line) => line.startsWith("Subject:"))).toEqual([]);
    expect(sns.messages[0]?.subject).toBe(
      "CIS 1.11: deactivating access key AKIAEVE0000000000001 of console user eve?[31m?admin Subject: in...",
    );
  });
});
