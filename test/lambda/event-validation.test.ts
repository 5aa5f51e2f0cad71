/**
 * Issue 16 item 14: each Lambda event type is validated by one schema; a malformed event is named by
 * its field path, never sent on (no AWS call is made for it), and rule parameters obey the CLI's bounds.
 */
import { describe, expect, it, vi } from "vitest";
import { powertoolsLog, selectRules } from "../../src/lambda/common.js";
import { type ConfigRuleEvent, createConfigRuleHandler } from "../../src/lambda/config-rule.js";
import { createIamEventHandler, type IamApiCallEvent } from "../../src/lambda/iam-event.js";
import { configClient, iamClients, recordingLog, snsClient } from "./helpers.js";

/** Nothing listens here: any AWS call would fail, so these tests prove none is made. */
const NOWHERE = "http://127.0.0.1:9";

function iamHandler() {
  const clients = iamClients(NOWHERE);
  return createIamEventHandler({
    iam: clients.iam,
    sns: snsClient(NOWHERE),
    topicArn: "arn:aws:sns:us-east-1:111122223333:alerts",
    mode: "notify",
    log: recordingLog(),
  });
}

/** A CreateAccessKey event with these `detail` fields. */
function apiCall(detail: Record<string, unknown>): unknown {
  return {
    "detail-type": "AWS API Call via CloudTrail",
    account: "111122223333",
    detail: {
      eventName: "CreateAccessKey",
      eventSource: "iam.amazonaws.com",
      eventID: "e-1",
      ...detail,
    },
  };
}

describe("the IAM event handler", () => {
  it.each([
    [
      { "detail-type": "AWS API Call via CloudTrail" },
      'not a valid "AWS API Call via CloudTrail" event: detail: missing',
    ],
    [
      { "detail-type": "AWS API Call via CloudTrail", detail: { eventSource: "iam.amazonaws.com" } },
      'not a valid "AWS API Call via CloudTrail" event: detail.eventName: missing',
    ],
    [
      { "detail-type": "Scheduled Event", detail: {} },
      'not an "AWS API Call via CloudTrail" event: detail-type "Scheduled Event"',
    ],
    [{}, 'not an "AWS API Call via CloudTrail" event: detail-type missing'],
    [null, 'not an "AWS API Call via CloudTrail" event: (top level): an object expected, found null'],
    ["event", 'not an "AWS API Call via CloudTrail" event: (top level): an object expected, found string'],
    [[], 'not an "AWS API Call via CloudTrail" event: (top level): an object expected, found an array'],
    [
      apiCall({
        requestParameters: { userName: "alice" },
        responseElements: { accessKey: { userName: "alice", accessKeyId: { $ne: 1 } } },
      }),
      'not a valid "AWS API Call via CloudTrail" event: detail.responseElements.accessKey.accessKeyId: Invalid input: expected string, received object',
    ],
    [
      apiCall({ requestParameters: { userName: ["alice"] } }),
      'not a valid "AWS API Call via CloudTrail" event: detail.requestParameters.userName: Invalid input: expected string, received array',
    ],
    [
      apiCall({ requestParameters: { userName: "alice" }, userIdentity: { type: "IAMUser", arn: 7 } }),
      'not a valid "AWS API Call via CloudTrail" event: detail.userIdentity.arn: Invalid input: expected string, received number',
    ],
    [
      apiCall({ requestParameters: { userName: "alice" }, userAgent: { ua: "x" } }),
      'not a valid "AWS API Call via CloudTrail" event: detail.userAgent: Invalid input: expected string, received object',
    ],
  ])("ignores %j saying why", async (event, reason) => {
    expect(await iamHandler()(event as unknown as IamApiCallEvent)).toEqual({ outcome: "ignored", reason });
  });
});

describe("the AWS Config rule handler", () => {
  const handler = () =>
    createConfigRuleHandler({
      clients: iamClients(NOWHERE),
      config: configClient(NOWHERE),
      log: recordingLog(),
    });
  const invoking = JSON.stringify({
    messageType: "ScheduledNotification",
    notificationCreationTime: "2026-01-01T00:00:00Z",
  });

  it.each([
    [{ resultToken: "t" }, "not a valid AWS Config rule event: invokingEvent: missing"],
    [{ invokingEvent: invoking }, "not a valid AWS Config rule event: resultToken: missing"],
    [
      { invokingEvent: "{}", resultToken: "t" },
      "not a valid AWS Config rule event: invokingEvent.messageType: missing",
    ],
    [
      { invokingEvent: invoking, resultToken: "t", ruleParameters: '{"setupWindowSeconds": "-5"}' },
      'Rule parameter setupWindowSeconds of iam_user_no_access_key_at_setup must be a whole number, 0 or more, found "-5".',
    ],
  ])("refuses %j before any AWS call", async (event, message) => {
    await expect(handler()(event as unknown as ConfigRuleEvent)).rejects.toThrow(message);
  });
});

describe("rule parameters", () => {
  it.each([["-5"], ["1.5"], ["abc"], [""]])(
    "setupWindowSeconds %j is refused, as the CLI refuses it",
    (value) => {
      expect(() => selectRules({ setupWindowSeconds: value })).toThrow(
        `Rule parameter setupWindowSeconds of iam_user_no_access_key_at_setup must be a whole number, 0 or more, found ${JSON.stringify(value)}.`,
      );
    },
  );
});

describe("powertoolsLog", () => {
  it("writes account text's bidi, C1 and line-separator characters as visible escapes, one JSON line per entry", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      powertoolsLog("cloudpatrol-test").info("judged alice\u202etxt.exe", {
        userAgent: "a\u009bb\u2028c\u001bd",
      });
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(line)).toBe(false);
    const entry = JSON.parse(line) as { message: string; userAgent: string };
    expect([entry.message, entry.userAgent]).toEqual([
      "judged alice\\u202etxt.exe",
      "a\\u009bb\\u2028c\u001bd",
    ]);
  });
});
