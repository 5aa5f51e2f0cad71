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
      publicTogether: null,
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

describe("judgeBucketPublicAccess: Allow-everyone statements narrowed by aws:SourceIp alone, taken together", () => {
  const ip = (values: string[]) => ({ IpAddress: { "aws:SourceIp": values } });
  const BUCKET_ARN = "arn:aws:s3:::trail-logs";

  it("the internet split across two statements (0.0.0.0/1, 128.0.0.0/1) is public: both statements and their ranges in the evidence", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "LowHalf", Condition: ip(["0.0.0.0/1"]) }),
          allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
        ),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements).toEqual([]);
    expect(result.narrowedPolicyStatements).toEqual([]);
    expect(result.policyNeutralised).toBe(false);
    expect(result.publicTogether).toEqual({
      covers: ["ipv4"],
      statements: [
        {
          index: 0,
          sid: "LowHalf",
          principal: "*",
          principalKey: "Principal",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::trail-logs/*"],
          condition: ip(["0.0.0.0/1"]),
          narrowedBy: [{ operator: "IpAddress", key: "aws:SourceIp", values: ["0.0.0.0/1"] }],
        },
        {
          index: 1,
          sid: "HighHalf",
          principal: "*",
          principalKey: "Principal",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::trail-logs/*"],
          condition: ip(["128.0.0.0/1"]),
          narrowedBy: [{ operator: "IpAddress", key: "aws:SourceIp", values: ["128.0.0.0/1"] }],
        },
      ],
    });
    expect(result.reasons).toEqual([
      "Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups.",
      "Its policy allows everyone from every IPv4 address through statements whose aws:SourceIp ranges together hold them all (whatever their actions): statement 0 (LowHalf) by IpAddress aws:SourceIp 0.0.0.0/1, statement 1 (HighHalf) by IpAddress aws:SourceIp 128.0.0.0/1.",
    ]);
  });

  it.each([
    ["an IPv4 half and the other half as IPv4-mapped IPv6", [["0.0.0.0/1"], ["::ffff:128.0.0.0/97"]]],
    ["the IPv4-mapped block split in two", [["::ffff:0:0/97"], ["::ffff:8000:0/97"]]],
    [
      "four quarters, one with an IPv6 range too",
      [["0.0.0.0/2"], ["64.0.0.0/2", "2001:db8::/32"], ["128.0.0.0/2"], ["192.0.0.0/2"]],
    ],
    [
      "overlapping ranges, one a bare address",
      [
        ["0.0.0.0/1", "203.0.113.7"],
        ["127.0.0.0/8", "128.0.0.0/1"],
      ],
    ],
  ])("%s: public together, every IPv4 address covered", (_name, ranges) => {
    const sids = ranges.map((_, i) => `S${i}`);
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(...ranges.map((values, i) => allow("*", { Sid: sids[i], Condition: ip(values) }))),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicTogether?.covers).toEqual(["ipv4"]);
    expect(result.publicTogether?.statements.map((s) => s.sid)).toEqual(sids);
    expect(result.publicPolicyStatements).toEqual([]);
    expect(result.narrowedPolicyStatements).toEqual([]);
  });

  it("IPv6 halves ::/1 and 8000::/1: ::/1 holds every IPv4-mapped address, so it is public on its own; 8000::/1 stays narrowed", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "LowV6", Condition: ip(["::/1"]) }),
          allow("*", { Sid: "HighV6", Condition: ip(["8000::/1"]) }),
        ),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements.map((s) => s.sid)).toEqual(["LowV6"]);
    expect(result.publicTogether).toBeNull();
    expect(result.narrowedPolicyStatements.map((s) => s.sid)).toEqual(["HighV6"]);
  });

  it("every IPv6 address split so that neither statement holds the whole IPv4-mapped block: both families covered", () => {
    // ::/1 without ::ffff:8000:0/97, as the 96 blocks beside that block's path from ::/1 down.
    const target = 0xffff_8000_0000n;
    const hex = (n: bigint) =>
      Array.from({ length: 8 }, (_, g) => ((n >> BigInt(112 - 16 * g)) & 0xffffn).toString(16)).join(":");
    const lowHalfButOne = Array.from({ length: 96 }, (_, i) => {
      const k = i + 1;
      const shift = BigInt(127 - k);
      return `${hex(((target >> shift) ^ 1n) << shift)}/${k + 1}`;
    });
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "HighV6", Condition: ip(["8000::/1", "::ffff:8000:0/97"]) }),
          allow("*", { Sid: "LowV6", Condition: ip(lowHalfButOne) }),
        ),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements).toEqual([]);
    expect(result.publicTogether?.covers).toEqual(["ipv4", "ipv6"]);
    expect(result.publicTogether?.statements.map((s) => s.sid)).toEqual(["HighV6", "LowV6"]);
    expect(result.reasons[1]).toMatch(
      /^Its policy allows everyone from every IPv4 and every IPv6 address through statements whose aws:SourceIp ranges together hold them all \(whatever their actions\): statement 0 \(HighV6\) by IpAddress aws:SourceIp 8000::\/1, ::ffff:8000:0\/97, statement 1 \(LowV6\) by IpAddress aws:SourceIp 4000:0:0:0:0:0:0:0\/2, /,
    );
  });

  it("statements of different actions, resources and principals join (the bucket is reachable from the whole internet)", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "Read", Condition: ip(["0.0.0.0/1"]) }),
          allow(
            { AWS: "*" },
            { Sid: "List", Action: "s3:ListBucket", Resource: BUCKET_ARN, Condition: ip(["128.0.0.0/1"]) },
          ),
        ),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicTogether?.statements.map((s) => [s.sid, s.actions, s.resources])).toEqual([
      ["Read", ["s3:GetObject"], ["arn:aws:s3:::trail-logs/*"]],
      ["List", ["s3:ListBucket"], [BUCKET_ARN]],
    ]);
  });

  it("a NotPrincipal statement narrowed by aws:SourceIp joins too", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          {
            Sid: "AllButOne",
            Effect: "Allow",
            NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
            Action: "s3:GetObject",
            Resource: `${BUCKET_ARN}/*`,
            Condition: ip(["0.0.0.0/1"]),
          },
          allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
        ),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicTogether?.statements.map((s) => [s.sid, s.principalKey])).toEqual([
      ["AllButOne", "NotPrincipal"],
      ["HighHalf", "Principal"],
    ]);
  });

  it("two statements whose union leaves a gap (0.0.0.0/1, 128.0.0.0/2): not public, both narrowed", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "LowHalf", Condition: ip(["0.0.0.0/1"]) }),
          allow("*", { Sid: "Quarter", Condition: ip(["128.0.0.0/2"]) }),
        ),
      }),
    );
    expect(result.public).toBe(false);
    expect(result.publicTogether).toBeNull();
    expect(result.publicPolicyStatements).toEqual([]);
    expect(result.narrowedPolicyStatements.map((s) => [s.index, s.narrowedBy])).toEqual([
      [0, [{ operator: "IpAddress", key: "aws:SourceIp", values: ["0.0.0.0/1"] }]],
      [1, [{ operator: "IpAddress", key: "aws:SourceIp", values: ["128.0.0.0/2"] }]],
    ]);
    expect(result.reasons[1]).toBe(
      "Its policy allows everyone only under narrowing conditions: statement 0 (LowHalf) by IpAddress aws:SourceIp 0.0.0.0/1, statement 1 (Quarter) by IpAddress aws:SourceIp 128.0.0.0/2.",
    );
  });

  it("one of the two halves also narrowed by aws:SourceVpce stays narrowed and does not join: not public", () => {
    const vpce = {
      IpAddress: { "aws:SourceIp": "128.0.0.0/1" },
      StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" },
    };
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "LowHalf", Condition: ip(["0.0.0.0/1"]) }),
          allow("*", { Sid: "HighHalfViaEndpoint", Condition: vpce }),
        ),
      }),
    );
    expect(result.public).toBe(false);
    expect(result.publicTogether).toBeNull();
    expect(result.narrowedPolicyStatements.map((s) => [s.sid, s.narrowedBy])).toEqual([
      ["LowHalf", [{ operator: "IpAddress", key: "aws:SourceIp", values: ["0.0.0.0/1"] }]],
      [
        "HighHalfViaEndpoint",
        [
          { operator: "IpAddress", key: "aws:SourceIp", values: ["128.0.0.0/1"] },
          { operator: "StringEquals", key: "aws:SourceVpce", values: ["vpce-1a2b3c4d"] },
        ],
      ],
    ]);
  });

  it("a statement with two aws:SourceIp entries reaches only their intersection: 0.0.0.0/1 and 10.0.0.0/8 with 128.0.0.0/1 leaves a gap", () => {
    const both = {
      IpAddress: { "aws:SourceIp": "0.0.0.0/1" },
      "ForAnyValue:IpAddress": { "aws:SourceIp": "10.0.0.0/8" },
    };
    const narrowedPair = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "Both", Condition: both }),
          allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
        ),
      }),
    );
    expect([narrowedPair.public, narrowedPair.publicTogether]).toEqual([false, null]);
    expect(narrowedPair.narrowedPolicyStatements.map((s) => s.sid)).toEqual(["Both", "HighHalf"]);
    const wide = {
      IpAddress: { "aws:SourceIp": "0.0.0.0/1" },
      "ForAnyValue:IpAddress": { "aws:SourceIp": ["0.0.0.0/2", "64.0.0.0/2"] },
    };
    const covering = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "Both", Condition: wide }),
          allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
        ),
      }),
    );
    expect([covering.public, covering.publicTogether?.covers]).toEqual([true, ["ipv4"]]);
  });

  it("RestrictPublicBuckets does not restrict statements public only together (S3 counts a policy limited to CIDRs by aws:SourceIp as not public); it restricts a statement public on its own", () => {
    const halves = policy(
      allow("*", { Sid: "LowHalf", Condition: ip(["0.0.0.0/1"]) }),
      allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
    );
    const restricted = judgeBucketPublicAccess(
      input({ policy: halves, accountPublicAccessBlock: { ...NONE, restrictPublicBuckets: true } }),
    );
    expect([restricted.public, restricted.policyNeutralised]).toEqual([true, false]);
    expect(restricted.publicTogether?.covers).toEqual(["ipv4"]);
    expect(restricted.reasons[1]).toBe(
      "Its policy allows everyone from every IPv4 address through statements whose aws:SourceIp ranges together hold them all (whatever their actions): statement 0 (LowHalf) by IpAddress aws:SourceIp 0.0.0.0/1, statement 1 (HighHalf) by IpAddress aws:SourceIp 128.0.0.0/1, which RestrictPublicBuckets does not restrict (S3 counts a policy that limits access to CIDRs with aws:SourceIp as not public).",
    );
    const blockedOnly = judgeBucketPublicAccess(
      input({ policy: halves, bucketPublicAccessBlock: { ...NONE, blockPublicPolicy: true } }),
    );
    expect([blockedOnly.public, blockedOnly.policyNeutralised]).toEqual([true, false]);
    const openAndHalves = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "Open" }),
          allow("*", { Sid: "LowHalf", Condition: ip(["0.0.0.0/1"]) }),
          allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
        ),
        accountPublicAccessBlock: { ...NONE, restrictPublicBuckets: true },
      }),
    );
    // The open statement is restricted; the halves are not: still public.
    expect([openAndHalves.public, openAndHalves.policyNeutralised]).toEqual([true, true]);
    const openOnly = judgeBucketPublicAccess(
      input({
        policy: policy(allow("*", { Sid: "Open" })),
        accountPublicAccessBlock: { ...NONE, restrictPublicBuckets: true },
      }),
    );
    expect([openOnly.public, openOnly.policyNeutralised]).toEqual([false, true]);
  });

  it("a statement public on its own and two halves: both sentences, the halves still listed together", () => {
    const result = judgeBucketPublicAccess(
      input({
        policy: policy(
          allow("*", { Sid: "Open" }),
          allow("*", { Sid: "LowHalf", Condition: ip(["0.0.0.0/1"]) }),
          allow("*", { Sid: "HighHalf", Condition: ip(["128.0.0.0/1"]) }),
        ),
      }),
    );
    expect(result.public).toBe(true);
    expect(result.publicPolicyStatements.map((s) => s.sid)).toEqual(["Open"]);
    expect(result.publicTogether?.statements.map((s) => s.sid)).toEqual(["LowHalf", "HighHalf"]);
    expect(result.reasons.slice(1)).toEqual([
      "Its policy allows everyone in statement 0 (Open).",
      "Its policy allows everyone from every IPv4 address through statements whose aws:SourceIp ranges together hold them all (whatever their actions): statement 1 (LowHalf) by IpAddress aws:SourceIp 0.0.0.0/1, statement 2 (HighHalf) by IpAddress aws:SourceIp 128.0.0.0/1.",
    ]);
  });
});
