/**
 * Which event reports which failing key (issue 18, defect 5): exactly one event per key, whatever
 * the order of a console setup's calls, including calls within the same second (IAM's times have
 * whole seconds).
 */
import { describe, expect, it } from "vitest";
import { assignFailingKeys } from "../../src/lambda/iam-event.js";

const T = (time: string) => new Date(`2026-03-01T${time}Z`);
const KEY = "AKIAKEY0000000000001";

/** The events that report `KEY` for a password set at `password` and the key created at `key`. */
function reporters(password: string, key: string, activated?: string): string[] {
  const keys = [{ accessKeyId: KEY, createDate: T(key) }];
  const events = [
    { eventName: "CreateUser", eventKeyId: undefined, eventTime: T("12:00:00") },
    { eventName: "CreateLoginProfile", eventKeyId: undefined, eventTime: T(password) },
    { eventName: "CreateAccessKey", eventKeyId: KEY, eventTime: T(key) },
    ...(activated ? [{ eventName: "UpdateAccessKey", eventKeyId: KEY, eventTime: T(activated) }] : []),
  ];
  return events
    .filter((event) =>
      assignFailingKeys({ ...event, loginProfileCreated: T(password), keys }).reported.includes(KEY),
    )
    .map((event) => event.eventName);
}

describe("assignFailingKeys", () => {
  it("password first: the CreateAccessKey event", () => {
    expect(reporters("12:00:05", "12:00:20")).toEqual(["CreateAccessKey"]);
  });

  it("key first: the CreateLoginProfile event", () => {
    expect(reporters("12:00:20", "12:00:05")).toEqual(["CreateLoginProfile"]);
  });

  it("both within the same second: the CreateAccessKey event, not both", () => {
    expect(reporters("12:00:05", "12:00:05")).toEqual(["CreateAccessKey"]);
  });

  it("a key reactivated while the user has a password: the UpdateAccessKey event as well (a new episode)", () => {
    expect(reporters("12:00:05", "12:00:20", "12:30:00")).toEqual(["CreateAccessKey", "UpdateAccessKey"]);
  });

  it("an event about another key defers this one, with the reason", () => {
    const result = assignFailingKeys({
      eventName: "CreateAccessKey",
      eventKeyId: "AKIAOTHER00000000001",
      eventTime: T("12:00:30"),
      loginProfileCreated: T("12:00:00"),
      keys: [{ accessKeyId: KEY, createDate: T("12:00:10") }],
    });
    expect(result).toEqual({
      reported: [],
      deferred: [
        {
          accessKeyId: KEY,
          reason:
            "the event is about another key (AKIAOTHER00000000001): the event that created or activated this one reports it",
        },
      ],
    });
  });
});
