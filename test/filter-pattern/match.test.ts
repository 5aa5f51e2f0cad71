import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchesEvent, parseFilterPattern } from "../../src/filter-pattern/index.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON, samplePath } from "../support/samples.js";

function matches(pattern: string, event: unknown): boolean | undefined {
  const result = parseFilterPattern(pattern);
  if (!result.ok) throw new Error(result.error.message);
  return matchesEvent(result.expression, event);
}

// The AWS documentation's example events ("Filter pattern syntax", JSON log events).
const DOC_EVENT = {
  eventType: "UpdateTrail",
  sourceIPAddress: "111.111.111.111",
  arrayKey: ["value", "another value"],
  objectList: [
    { name: "a", id: 1 },
    { name: "b", id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

const COMPOUND_EVENT = {
  user: { id: 1, email: "John.Stiles@example.com" },
  users: [
    { id: 2, email: "John.Doe@example.com" },
    { id: 3, email: "Jane.Doe@example.com" },
  ],
  actions: ["GET", "PUT", "DELETE"],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

describe("matchesEvent: the documented examples", () => {
  it.each([
    ['{ $.eventType = "UpdateTrail" }', true],
    ["{ $.sourceIPAddress != 123.123.* }", true],
    ["{ $.sourceIPAddress = 111.111.* }", true],
    ["{ $.sourceIPAddress = *.111 }", true],
    ["{ $.sourceIPAddress = *11.11* }", true],
    ["{ $.sourceIPAddress = 111*111 }", false],
    ['{ $.arrayKey[0] = "value" }', true],
    ['{ $.arrayKey[2] = "value" }', false],
    ["{ $.objectList[1].id = 2 }", true],
    ["{ $.objectList[1].id = 2.0 }", true],
    ["{ $.objectList[1].id > 1 }", true],
    ["{ $.objectList[1].id >= 3 }", false],
    ["{ $.objectList[1].id = 2* }", true],
    ["{ $.SomeObject IS NULL }", true],
    ["{ $.eventType IS NULL }", false],
    ["{ $.SomeOtherObject NOT EXISTS }", true],
    ["{ $.SomeObject NOT EXISTS }", false],
    ["{ $.ThisFlag IS TRUE }", true],
    ["{ $.ThisFlag IS FALSE }", false],
    ["{ $.eventType = * }", true],
    ["{ $.missing = * }", false],
    ["{ $.missing != anything }", false],
    ["{ $.SomeObject != x }", false],
    ["{ $.arrayKey = value }", false],
    ["{ $.arrayKey != value }", false],
    ["{ $.ThisFlag = true }", false],
    ["{ $.eventType.inner = x }", false],
  ])("%s → %s", (pattern, expected) => {
    expect(matches(pattern, DOC_EVENT)).toBe(expected);
  });

  it.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    [
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
      true,
    ],
    [
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
      false,
    ],
    ["{ $.coordinates[2][0] = 7 }", true],
  ])("%s → %s", (pattern, expected) => {
    expect(matches(pattern, COMPOUND_EVENT)).toBe(expected);
  });

  it("does not evaluate regular expressions: undefined where the answer depends on one", () => {
    const outcome = (pattern: string) => {
      const result = parseFilterPattern(pattern);
      if (!result.ok) throw new Error(result.error.message);
      return matchesEvent(result.expression, DOC_EVENT);
    };
    expect(outcome("{ $.eventType = %Update.*% }")).toBeUndefined();
    expect(outcome("{ $.eventType != %Update.*% }")).toBeUndefined();
    // A false operand of && or a true operand of || decides without it.
    expect(outcome("{ $.eventType = %Update.*% && $.missing = * }")).toBe(false);
    expect(outcome("{ $.eventType = %Update.*% || $.eventType = * }")).toBe(true);
    // An absent field makes = and != false whatever the value.
    expect(outcome("{ $.missing = %x% }")).toBe(false);
  });

  it("never reads inherited properties", () => {
    expect(matches("{ $.constructor NOT EXISTS }", {})).toBe(true);
    expect(matches("{ $.toString = * }", {})).toBe(false);
    expect(matches("{ $.__proto__ NOT EXISTS }", JSON.parse("{}"))).toBe(true);
  });
});

/** Every CloudTrail record of the shared samples (the file form `{Records: […]}`, an array, or one record). */
function sampleRecords(): { file: string; record: Record<string, unknown> }[] {
  const dir = samplePath("events", "cloudtrail", "records");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .flatMap((file) => {
      const parsed = JSON.parse(readFileSync(`${dir}/${file}`, "utf8"));
      const records = Array.isArray(parsed)
        ? parsed
        : Array.isArray(parsed.Records)
          ? parsed.Records
          : [parsed];
      return records.map((record: Record<string, unknown>) => ({ file, record }));
    });
}

describe.skipIf(!HAVE_SAMPLES)(
  `matchesEvent: real CloudTrail records ${HAVE_SAMPLES ? "" : SAMPLES_SKIP_REASON}`,
  () => {
    const names = (pattern: string) =>
      sampleRecords()
        .filter(({ record }) => matches(pattern, record))
        .map(({ file, record }) => `${file}:${String(record.eventName)}`);

    it("reads every record", () => {
      expect(sampleRecords()).toHaveLength(13);
    });

    it("CIS 4.4 (IAM policy changes) matches AttachUserPolicy only", () => {
      const pattern =
        "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}";
      expect(names(pattern)).toEqual(["stratus-2024-capture.iam-create-admin-user.json:AttachUserPolicy"]);
    });

    it("errorCode and errorMessage: the failed calls, by their CloudTrail error codes", () => {
      expect(names("{ $.errorCode = * }")).toEqual([
        "panther-test.CreateAccessKey.LimitExceeded.record.json:CreateAccessKey",
        "stratus-2024-capture.iam-create-user-login-profile.json:DeleteLoginProfile",
      ]);
      expect(names('{ $.errorCode = "*Exception" && $.errorMessage = "Cannot exceed quota*" }')).toEqual([
        "panther-test.CreateAccessKey.LimitExceeded.record.json:CreateAccessKey",
      ]);
      // CIS 4.1's terms: none of the samples is an authorization failure.
      expect(
        names('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'),
      ).toEqual([]);
    });

    it("NOT EXISTS, nested fields and null: console calls (invokedBy signin) against API calls", () => {
      expect(names('{ $.userIdentity.invokedBy = "signin.amazonaws.com" }')).toEqual([
        "elastic-docs-style.CreateAccessKey.Records.ASSEMBLED.json:CreateAccessKey",
        "elastic-docs-style.CreateAccessKey.record.json:CreateAccessKey",
        "elastic-docs-style.DeleteAccessKey.record.json:DeleteAccessKey",
        "elastic-docs-style.UpdateAccessKey.record.json:UpdateAccessKey",
      ]);
      expect(names("{ $.userIdentity.invokedBy NOT EXISTS && $.eventName = CreateAccessKey }")).toEqual([
        "panther-test.CreateAccessKey.LimitExceeded.record.json:CreateAccessKey",
        "stratus-2024-capture.iam-backdoor-user.json:CreateAccessKey",
        "stratus-2024-capture.iam-create-admin-user.json:CreateAccessKey",
      ]);
      expect(names("{ $.responseElements IS NULL && $.eventName = UpdateAccessKey }")).toEqual([
        "elastic-docs-style.UpdateAccessKey.record.json:UpdateAccessKey",
      ]);
      expect(names("{ $.userIdentity.sessionContext.attributes.mfaAuthenticated = true }")).toHaveLength(5);
    });

    it("booleans with IS TRUE / IS FALSE (eventVersion 1.08+ fields)", () => {
      expect(
        names("{ $.readOnly IS FALSE && $.managementEvent IS TRUE && $.eventName = CreateUser }"),
      ).toEqual(["stratus-2024-capture.iam-create-admin-user.json:CreateUser"]);
      // readOnly is a boolean, not a value node: "=" never matches it.
      expect(names("{ $.readOnly = false }")).toEqual([]);
    });

    it("CIS 4.3 (root usage) matches none of the IAM-user records", () => {
      expect(
        names(
          '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
        ),
      ).toEqual([]);
      // 13 IAM-user records, but the 2014 documentation record (eventVersion 1.0) has no eventType: "!=" on an
      // absent field does not hold, so it is the one left out.
      const iamUser = names('{ $.userIdentity.type = "IAMUser" && $.eventType != "AwsServiceEvent" }');
      expect(iamUser).toHaveLength(12);
      expect(iamUser).not.toContain("aws-docs.CreateUser.Records.json:CreateUser");
      expect(names('{ $.userIdentity.type = "IAMUser" && $.eventType NOT EXISTS }')).toEqual([
        "aws-docs.CreateUser.Records.json:CreateUser",
      ]);
    });
  },
);
