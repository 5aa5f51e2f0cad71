/**
 * Whether a bucket is public (ACL grants to the AllUsers/AuthenticatedUsers groups, Allow statements for
 * everyone without a narrowing condition) and what Block Public Access neutralises, at bucket or account
 * level: every case with its exact verdict and evidence.
 */
import { describe, expect, it } from "vitest";
import {
  ALL_USERS_URI,
  AUTHENTICATED_USERS_URI,
  type BucketPublicAccessInput,
  judgeBucketPublicAccess,
} from "../../../src/rules/s3/bucket-public-access.js";
import { BucketPolicyError } from "../../../src/rules/s3/s3-policy-document.js";
import type { BucketAclGrant, PublicAccessBlockFlags } from "../../../src/snapshot/datasets/s3.js";

const OWNER: BucketAclGrant = {
  granteeType: "CanonicalUser",
  uri: null,
  id: "owner-id",
  displayName: null,
  emailAddress: null,
  permission: "FULL_CONTROL",
};
const group = (uri: string, permission: string): BucketAclGrant => ({
  granteeType: "Group",
  uri,
  id: null,
  displayName: null,
  emailAddress: null,
  permission,
});
const NONE: PublicAccessBlockFlags = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

function input(overrides: Partial<BucketPublicAccessInput> = {}): BucketPublicAccessInput {
  return {
    bucket: "trail-logs",
    acl: { ownerId: "owner-id", grants: [OWNER] },
    policy: null,
    bucketPublicAccessBlock: null,
    accountPublicAccessBlock: null,
    ...overrides,
  };
}

const policy = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Principal: principal,
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::trail-logs/*",
  ...extra,
});

describe("judgeBucketPublicAccess: ACL", () => {
  it("owner-only ACL and no policy: not public, with the reasons and every flag null", () => {
    expect(judgeBucketPublicAccess(input())).toEqual({
      public: false,
      publicAclGrants: [],
      aclGrantsNeutralised: false,
      publicPolicyStatements: [],
      narrowedPolicyStatements: [],
      policyNeutralised: false,
      blockPublicAccess: {
        blockPublicAcls: { bucket: null, account: null, effective: false },
        ignorePublicAcls: { bucket: null, account: null, effective: false },
        blockPublicPolicy: { bucket: null, account: null, effective: false },
        restrictPublicBuckets: { bucket: null, account: null, effective: false },
      },
      reasons: [
        "Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups.",
        "It has no bucket policy.",
      ],
    });
  });

  it("READ to AllUsers and WRITE to AuthenticatedUsers: public, both grants in the evidence", () => {
    const result = judgeBucketPublicAccess(
      input({
        acl: {
          ownerId: "owner-id",
          grants: [OWNER, group(ALL_USERS_URI, "READ"), group(AUTHENTICATED_USERS_URI, "WRITE")],
        },
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicAclGrants).toEqual([
      { group: "AllUsers", uri: ALL_USERS_URI, permission: "READ" },
      { group: "AuthenticatedUsers", uri: AUTHENTICATED_USERS_URI, permission: "WRITE" },
    ]);
    expect(result.reasons[0]).toBe("Its ACL grants READ to AllUsers, WRITE to AuthenticatedUsers.");
  });

  it("a grant to the LogDelivery group is not public", () => {
    const result = judgeBucketPublicAccess(
      input({
        acl: {
          ownerId: "owner-id",
          grants: [OWNER, group("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE")],
        },
      }),
    );
    expect([result.public, result.publicAclGrants]).toEqual([false, []]);
  });

  it("IgnorePublicAcls at account level neutralises a public ACL; BlockPublicAcls alone does not", () => {
    const acl = { ownerId: "owner-id", grants: [OWNER, group(ALL_USERS_URI, "READ")] };
    const ignored = judgeBucketPublicAccess(
      input({ acl, accountPublicAccessBlock: { ...NONE, ignorePublicAcls: true } }),
    );
    expect([
      ignored.public,
      ignored.aclGrantsNeutralised,
      ignored.blockPublicAccess.ignorePublicAcls,
    ]).toEqual([false, true, { bucket: null, account: true, effective: true }]);
    expect(ignored.reasons[0]).toBe(
      "Its ACL grants READ to AllUsers, which IgnorePublicAcls makes S3 ignore.",
    );
    const blockedOnly = judgeBucketPublicAccess(
      input({ acl, bucketPublicAccessBlock: { ...NONE, blockPublicAcls: true } }),
    );
    expect([
      blockedOnly.public,
      blockedOnly.aclGrantsNeutralised,
      blockedOnly.blockPublicAccess.blockPublicAcls,
    ]).toEqual([true, false, { bucket: true, account: null, effective: true }]);
  });
});

describe("judgeBucketPublicAccess: policy", () => {
  it.each([
    ['"*"', "*"],
    ['{"AWS": "*"}', { AWS: "*" }],
    ['{"AWS": ["arn:aws:iam::111122223333:root", "*"]}', { AWS: ["arn:aws:iam::111122223333:root", "*"] }],
  ])("Allow to %s without condition: public", (_, principal) => {
    const result = judgeBucketPublicAccess(input({ policy: policy({ Sid: "Open", ...allow(principal) }) }));
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements).toEqual([
      {
        index: 0,
        sid: "Open",
        principal,
        principalKey: "Principal",
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::trail-logs/*"],
        condition: null,
      },
    ]);
    expect(result.reasons[1]).toBe("Its policy allows everyone in statement 0 (Open).");
  });

  it("a lone Statement object (not a list) is read", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: allow("*") });
    expect(judgeBucketPublicAccess(input({ policy: text })).public).toBe(true);
  });

  it("Allow to a named account, Allow to a service, Deny to everyone: not public", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow({ AWS: "arn:aws:iam::111122223333:root" }),
          allow({ Service: "cloudtrail.amazonaws.com" }),
          { ...allow("*"), Effect: "Deny" },
        ),
      }),
    );
    expect([result.public, result.publicPolicyStatements]).toEqual([false, []]);
    expect(result.reasons[1]).toBe(
      "Its policy allows nobody outside named principals or narrowing conditions.",
    );
  });

  it("NotPrincipal with Allow is everyone but some: public", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy({
          Effect: "Allow",
          NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "s3:*",
          Resource: "*",
        }),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements[0]?.principalKey).toBe("NotPrincipal");
  });

  it.each([
    ["StringEquals aws:SourceVpce", { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }, false],
    [
      "IpAddress aws:sourceip 10.0.0.0/8 (key in any case)",
      { IpAddress: { "aws:sourceip": "10.0.0.0/8" } },
      false,
    ],
    ["StringEquals aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }, false],
    [
      "ArnEquals aws:SourceArn on a trail",
      { ArnEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t" } },
      false,
    ],
    ["IpAddress aws:SourceIp 0.0.0.0/0", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, true],
    ["IpAddress aws:SourceIp ::/0", { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "::/0"] } }, true],
    ["StringLike aws:SourceArn with a wildcard", { StringLike: { "aws:SourceArn": "arn:aws:*" } }, true],
    ["StringEqualsIfExists aws:SourceVpce", { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } }, true],
    ["StringNotEquals aws:SourceVpce", { StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, true],
    [
      "Bool aws:SecureTransport true (says nothing of who)",
      { Bool: { "aws:SecureTransport": "true" } },
      true,
    ],
    ["a policy variable", { StringEquals: { "aws:userid": ["$", "{aws:username}"].join("") } }, true],
  ])("Allow to everyone under %s: public %s", (_, condition, expected) => {
    const result = judgeBucketPublicAccess(input({ policy: policy(allow("*", { Condition: condition })) }));
    expect(result.public).toBe(expected);
    expect(result.publicPolicyStatements.map((s) => s.condition)).toEqual(expected ? [condition] : []);
  });

  it("RestrictPublicBuckets at bucket level neutralises a public policy; BlockPublicPolicy alone does not", () => {
    const text = policy(allow("*"));
    const restricted = judgeBucketPublicAccess(
      input({ policy: text, bucketPublicAccessBlock: { ...NONE, restrictPublicBuckets: true } }),
    );
    expect([restricted.public, restricted.policyNeutralised]).toEqual([false, true]);
    expect(restricted.reasons[1]).toBe(
      "Its policy allows everyone in statement 0, which RestrictPublicBuckets limits to AWS services and the owner account.",
    );
    const blockedOnly = judgeBucketPublicAccess(
      input({ policy: text, accountPublicAccessBlock: { ...NONE, blockPublicPolicy: true } }),
    );
    expect([blockedOnly.public, blockedOnly.policyNeutralised]).toEqual([true, false]);
  });

  it("a public ACL with a neutralised policy is still public", () => {
    const result = judgeBucketPublicAccess(
      input({
        acl: { ownerId: "owner-id", grants: [group(ALL_USERS_URI, "READ")] },
        policy: policy(allow("*")),
        accountPublicAccessBlock: { ...NONE, restrictPublicBuckets: true },
      }),
    );
    expect([result.public, result.aclGrantsNeutralised, result.policyNeutralised]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("a policy that is not JSON, or not a policy document, throws an error naming the bucket", () => {
    expect(() => judgeBucketPublicAccess(input({ policy: "{not json" }))).toThrow(BucketPolicyError);
    expect(() => judgeBucketPublicAccess(input({ policy: "{not json" }))).toThrow(
      /^The policy of bucket trail-logs cannot be read: not valid JSON \(/,
    );
    expect(() => judgeBucketPublicAccess(input({ policy: "[1]" }))).toThrow(
      "The policy of bucket trail-logs cannot be read: the policy document is not a JSON object.",
    );
    expect(() => judgeBucketPublicAccess(input({ policy: '{"Statement": ["x"]}' }))).toThrow(
      "The policy of bucket trail-logs cannot be read: the policy document has a Statement that is not an object.",
    );
  });
});

describe("judgeBucketPublicAccess: aws:SourceIp read as address ranges", () => {
  const ip = (values: string[], operator = "IpAddress") => ({ [operator]: { "aws:SourceIp": values } });

  it.each([
    [["0::/0"]],
    [["::0/0"]],
    [["0:0:0:0:0:0:0:0/0"]],
    [["10.0.0.0/0"]],
    [["0.0.0.0/1", "128.0.0.0/1"]],
    [["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"]],
    [["::/1", "8000::/1"]],
    [["::ffff:0:0/96"]],
    [["10.0.0.0/8", "::/0"]],
    [["10.0.0.0/8", "not-an-address"]],
    [["10.0.0.0/33"]],
  ])(
    "IpAddress aws:SourceIp %j is the internet (or not a range): public, no narrowed statement",
    (values) => {
      const condition = ip(values);
      const result = judgeBucketPublicAccess(
        input({ policy: policy(allow("*", { Sid: "ReadFromIps", Condition: condition })) }),
      );
      expect(result.public).toBe(true);
      expect(result.publicPolicyStatements.map((s) => [s.sid, s.condition])).toEqual([
        ["ReadFromIps", condition],
      ]);
      expect(result.narrowedPolicyStatements).toEqual([]);
      expect(result.reasons[1]).toBe("Its policy allows everyone in statement 0 (ReadFromIps).");
    },
  );

  it.each([
    [["10.0.0.0/8"]],
    [["0.0.0.0/1"]],
    [["203.0.113.7"]],
    [["2001:DB8::/32", "10.0.0.0/8"]],
    [["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"]],
    [["::ffff:10.0.0.0/104"]],
  ])(
    "IpAddress aws:SourceIp %j is not the internet: not public, the statement and its condition in the evidence",
    (values) => {
      const condition = ip(values);
      const result = judgeBucketPublicAccess(
        input({ policy: policy(allow("*", { Sid: "ReadFromIps", Condition: condition })) }),
      );
      expect([result.public, result.publicPolicyStatements]).toEqual([false, []]);
      expect(result.narrowedPolicyStatements).toEqual([
        {
          index: 0,
          sid: "ReadFromIps",
          principal: "*",
          principalKey: "Principal",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::trail-logs/*"],
          condition,
          narrowedBy: [{ operator: "IpAddress", key: "aws:SourceIp", values }],
        },
      ]);
      expect(result.reasons[1]).toBe(
        `Its policy allows everyone only under narrowing conditions: statement 0 (ReadFromIps) by IpAddress aws:SourceIp ${values.join(", ")}.`,
      );
    },
  );

  it("NotIpAddress aws:SourceIp over a small range leaves the internet: public", () => {
    const condition = ip(["10.0.0.0/8"], "NotIpAddress");
    const result = judgeBucketPublicAccess(input({ policy: policy(allow("*", { Condition: condition })) }));
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements.map((s) => s.condition)).toEqual([condition]);
    expect(result.narrowedPolicyStatements).toEqual([]);
  });

  it("a statement narrowed by another key stays narrowed whatever its aws:SourceIp; every narrowing entry is listed", () => {
    const condition = {
      IpAddress: { "aws:SourceIp": "0.0.0.0/0" },
      StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d", "aws:PrincipalOrgID": ["o-abc123"] },
    };
    const result = judgeBucketPublicAccess(
      input({ policy: policy(allow({ AWS: "*" }), allow("*", { Condition: condition })) }),
    );
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements.map((s) => s.index)).toEqual([0]);
    expect(result.narrowedPolicyStatements.map((s) => [s.index, s.narrowedBy])).toEqual([
      [
        1,
        [
          { operator: "StringEquals", key: "aws:SourceVpce", values: ["vpce-1a2b3c4d"] },
          { operator: "StringEquals", key: "aws:PrincipalOrgID", values: ["o-abc123"] },
        ],
      ],
    ]);
    expect(result.reasons.slice(1)).toEqual([
      "Its policy allows everyone in statement 0.",
      "Its policy allows everyone only under narrowing conditions: statement 1 by StringEquals aws:SourceVpce vpce-1a2b3c4d; StringEquals aws:PrincipalOrgID o-abc123.",
    ]);
  });
});
