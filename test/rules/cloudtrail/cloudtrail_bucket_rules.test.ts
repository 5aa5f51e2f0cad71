/**
 * CIS 3.3 (cloudtrail_bucket_not_public) and 3.6 (cloudtrail_bucket_logging_enabled) over literal datasets
 * (a public ACL grant, an Allow-everyone policy neutralised or not by Block Public Access, a bucket of
 * another account, a denied read) and against moto (the trail bucket read in its region, exact calls;
 * the snapshot file gives the same findings).
 */
import { CloudTrailClient, CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule as logging } from "../../../src/rules/cloudtrail/cloudtrail_bucket_logging_enabled.js";
import { rule as notPublic } from "../../../src/rules/cloudtrail/cloudtrail_bucket_not_public.js";
import type { TrailBucket } from "../../../src/snapshot/datasets/cloudtrail.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { collectInRegions } from "../../support/collect-regions.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, motoClientConfig } from "../../support/moto.js";
import { ACCOUNT, AT } from "./trail-fixtures.js";

const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const OFF = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};
const ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

function bucket(overrides: Partial<TrailBucket> = {}): TrailBucket {
  return {
    bucket: "trail-logs",
    trailArns: [TRAIL],
    inAccount: true,
    region: "us-east-1",
    acl: { status: "read", value: { ownerId: "owner", grants: [] } },
    policy: { status: "read", value: { policy: null } },
    publicAccessBlock: { status: "read", value: { configuration: null } },
    logging: { status: "read", value: { targetBucket: "access-logs", targetPrefix: "trail/" } },
    ...overrides,
  };
}

function snapshot(buckets: TrailBucket[], account: typeof OFF | null = null): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors: [],
    regional: {
      regions: [{ regionName: "us-east-1", optInStatus: "opt-in-not-required" }],
      enabledRegions: ["us-east-1"],
    },
    datasets: { "cloudtrail.trails": new Map([["us-east-1", []]]) },
    accountDatasets: {
      "cloudtrail.trailBuckets": buckets,
      "s3.buckets": [],
      "s3.accountPublicAccessBlock": { configuration: account },
    },
    collected: [
      "ec2.regions",
      "cloudtrail.trails",
      "s3.buckets",
      "cloudtrail.trailBuckets",
      "s3.accountPublicAccessBlock",
    ],
  };
}

const PUBLIC_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Open",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::trail-logs/*",
    },
  ],
});

describe("cloudtrail_bucket_not_public (3.3)", () => {
  it("PASS: no public grant, no policy; the uid is the bucket's", () => {
    const [finding] = evaluateRule(notPublic, snapshot([bucket()]));
    expect(finding).toMatchObject({
      status: "PASS",
      resourceType: "AWS::S3::Bucket",
      resourceArn: "arn:aws:s3:::trail-logs",
      region: "us-east-1",
      uid: findingUid(ACCOUNT, notPublic.id, ["arn:aws:s3:::trail-logs"]),
      statusExtended: `S3 bucket trail-logs, the log bucket of ${TRAIL}, is not publicly accessible. Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups. It has no bucket policy.`,
    });
  });

  it("FAIL: an ACL grant to AllUsers; FAIL: a policy allowing everyone; the account's Block Public Access neutralises both: PASS", () => {
    const aclPublic = bucket({
      acl: {
        status: "read",
        value: {
          ownerId: "owner",
          grants: [
            {
              granteeType: "Group",
              uri: ALL_USERS,
              id: null,
              displayName: null,
              emailAddress: null,
              permission: "READ",
            },
          ],
        },
      },
    });
    const policyPublic = bucket({
      bucket: "trail-logs-2",
      policy: { status: "read", value: { policy: PUBLIC_POLICY } },
    });
    const open = evaluateRule(notPublic, snapshot([aclPublic, policyPublic], OFF));
    expect(open.map((f) => [f.resourceName, f.status])).toEqual([
      ["trail-logs", "FAIL"],
      ["trail-logs-2", "FAIL"],
    ]);
    expect(open[0]?.statusExtended).toBe(
      `S3 bucket trail-logs, the log bucket of ${TRAIL}, is publicly accessible. Its ACL grants READ to AllUsers. It has no bucket policy.`,
    );
    expect(open[0]?.evidence).toMatchObject({
      public: true,
      publicAclGrants: [{ group: "AllUsers", uri: ALL_USERS, permission: "READ" }],
      aclGrantsNeutralised: false,
    });
    expect(open[1]?.evidence).toMatchObject({
      publicPolicyStatements: [{ index: 0, sid: "Open", principal: "*" }],
    });
    const blocked = evaluateRule(notPublic, snapshot([aclPublic, policyPublic], ON));
    expect(blocked.map((f) => [f.resourceName, f.status])).toEqual([
      ["trail-logs", "PASS"],
      ["trail-logs-2", "PASS"],
    ]);
    expect(blocked[0]?.evidence).toMatchObject({ aclGrantsNeutralised: true });
  });

  it("MANUAL: the bucket of another account (central logging); ERROR: a read denied", () => {
    const findings = evaluateRule(
      notPublic,
      snapshot([
        bucket({
          bucket: "central-logs",
          inAccount: false,
          region: null,
          acl: null,
          policy: null,
          publicAccessBlock: null,
          logging: null,
        }),
        bucket({
          policy: {
            status: "failed",
            error: {
              api: "s3:GetBucketPolicy",
              code: "AccessDenied",
              message: "s3:GetBucketPolicy failed (bucket trail-logs in us-east-1): AccessDenied.",
              missingPermission: "s3:GetBucketPolicy",
            },
          },
        }),
      ]),
    );
    expect(findings.map((f) => [f.resourceName, f.status, f.region])).toEqual([
      ["central-logs", "MANUAL", "global"],
      ["trail-logs", "ERROR", "us-east-1"],
    ]);
    expect(findings[0]?.statusExtended).toBe(
      `S3 bucket central-logs, where ${TRAIL} delivers logs, is not in account ${ACCOUNT}'s bucket list: it belongs to another account (central logging), whose settings cannot be read from here. Check its ACL, policy and Block Public Access there: aws s3api get-bucket-acl, get-bucket-policy and get-public-access-block --bucket <bucket>.`,
    );
    expect(findings[0]?.evidence).toMatchObject({ reason: "bucket-in-another-account", inAccount: false });
    expect(findings[1]?.evidence).toMatchObject({
      api: "s3:GetBucketPolicy",
      errorCode: "AccessDenied",
      missingPermission: "s3:GetBucketPolicy",
    });
  });

  it("no trail: one account FAIL", () => {
    expect(evaluateRule(notPublic, snapshot([])).map((f) => [f.status, f.resourceType])).toEqual([
      ["FAIL", "AWS::::Account"],
    ]);
  });
});

describe("cloudtrail_bucket_logging_enabled (3.6)", () => {
  it("PASS with the target; FAIL without; MANUAL for another account's bucket", () => {
    const findings = evaluateRule(
      logging,
      snapshot([
        bucket(),
        bucket({
          bucket: "quiet",
          logging: { status: "read", value: { targetBucket: null, targetPrefix: null } },
        }),
        bucket({
          bucket: "central",
          inAccount: false,
          region: null,
          acl: null,
          policy: null,
          publicAccessBlock: null,
          logging: null,
        }),
      ]),
    );
    expect(findings.map((f) => [f.resourceName, f.status, f.statusExtended])).toEqual([
      [
        "trail-logs",
        "PASS",
        `Server access logging is enabled on S3 bucket trail-logs (the log bucket of ${TRAIL}): requests are logged to access-logs/trail/.`,
      ],
      [
        "quiet",
        "FAIL",
        `Server access logging is disabled on S3 bucket quiet, the log bucket of ${TRAIL}: reads and deletions of the trail's log files are not recorded.`,
      ],
      [
        "central",
        "MANUAL",
        `S3 bucket central, where ${TRAIL} delivers logs, is not in account ${ACCOUNT}'s bucket list: it belongs to another account (central logging), whose settings cannot be read from here. Check its server access logging there: aws s3api get-bucket-logging --bucket <bucket>.`,
      ],
    ]);
  });
});

describeWithMoto("the CloudTrail bucket rules against moto", (moto) => {
  it("two trails on one bucket with a public ACL and policy and access logging: 4 reads for the one bucket, in its region", async () => {
    const s3 = new S3Client(motoClientConfig(moto(), "eu-west-1"));
    const trails = new CloudTrailClient(motoClientConfig(moto(), "eu-west-1"));
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket: "trail-logs",
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      );
      await s3.send(
        new CreateBucketCommand({
          Bucket: "access-logs",
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      );
      const logDelivery = 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"';
      await s3.send(
        new PutBucketAclCommand({
          Bucket: "access-logs",
          GrantWrite: logDelivery,
          GrantReadACP: logDelivery,
        }),
      );
      await s3.send(new PutBucketAclCommand({ Bucket: "trail-logs", ACL: "public-read" }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: "trail-logs", Policy: PUBLIC_POLICY }));
      await s3.send(
        new PutBucketLoggingCommand({
          Bucket: "trail-logs",
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "access-logs", TargetPrefix: "trail/" } },
        }),
      );
      await trails.send(new CreateTrailCommand({ Name: "one", S3BucketName: "trail-logs" }));
      await trails.send(
        new CreateTrailCommand({ Name: "two", S3BucketName: "trail-logs", IsMultiRegionTrail: true }),
      );
    } finally {
      s3.destroy();
      trails.destroy();
    }
    const { snapshot: live, calls } = await collectInRegions(
      moto().endpoint,
      ["cloudtrail.trailBuckets", "s3.accountPublicAccessBlock"],
      ["eu-west-1", "us-east-1"],
      { collectedAt: AT },
    );
    expect(calls).toMatchObject({
      "cloudtrail:DescribeTrails": 2,
      "s3:GetBucketAcl": 1,
      "s3:GetBucketPolicy": 1,
      "s3:GetPublicAccessBlock": 1,
      "s3:GetBucketLogging": 1,
    });
    const findings = [...evaluateRule(notPublic, live), ...evaluateRule(logging, live)];
    expect(findings.map((f) => [f.ruleId, f.resourceName, f.region, f.status])).toEqual([
      [notPublic.id, "trail-logs", "eu-west-1", "FAIL"],
      [logging.id, "trail-logs", "eu-west-1", "PASS"],
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      trailArns: [
        `arn:aws:cloudtrail:eu-west-1:${MOTO_ACCOUNT_ID}:trail/one`,
        `arn:aws:cloudtrail:eu-west-1:${MOTO_ACCOUNT_ID}:trail/two`,
      ],
      publicAclGrants: [{ group: "AllUsers", permission: "READ" }],
    });
    const offline = parseSnapshot(serializeSnapshot(live), "snap.json");
    expect([...evaluateRule(notPublic, offline), ...evaluateRule(logging, offline)]).toEqual(findings);
  });
  it("3.3: trail buckets open to everyone through aws:SourceIp spellings of the internet FAIL; a narrow range PASSes, the statement and its range in the evidence", async () => {
    const variants: [string, string[]][] = [
      ["ctl-zero", ["0.0.0.0/0"]],
      ["pub-v6-0colon", ["0::/0"]],
      ["pub-v6-colon0", ["::0/0"]],
      ["pub-v4-hostbits", ["10.0.0.0/0"]],
      ["pub-v4-halves", ["0.0.0.0/1", "128.0.0.0/1"]],
      ["narrow", ["10.0.0.0/8", "2001:db8::/32"]],
    ];
    const s3 = new S3Client(motoClientConfig(moto(), "us-east-1"));
    const trails = new CloudTrailClient(motoClientConfig(moto(), "us-east-1"));
    const statement = (name: string, cidrs: string[]) => ({
      Sid: "ReadFromIps",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::trail-${name}/*`,
      Condition: { IpAddress: { "aws:SourceIp": cidrs } },
    });
    try {
      for (const [name, cidrs] of variants) {
        await s3.send(new CreateBucketCommand({ Bucket: `trail-${name}` }));
        await s3.send(
          new PutBucketPolicyCommand({
            Bucket: `trail-${name}`,
            Policy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "CloudTrailWrite",
                  Effect: "Allow",
                  Principal: { Service: "cloudtrail.amazonaws.com" },
                  Action: "s3:PutObject",
                  Resource: `arn:aws:s3:::trail-${name}/*`,
                },
                statement(name, cidrs),
              ],
            }),
          }),
        );
        await trails.send(new CreateTrailCommand({ Name: `trail-${name}`, S3BucketName: `trail-${name}` }));
      }
    } finally {
      s3.destroy();
      trails.destroy();
    }
    const { snapshot: live } = await collectInRegions(
      moto().endpoint,
      ["cloudtrail.trailBuckets", "s3.accountPublicAccessBlock"],
      ["us-east-1"],
      { collectedAt: AT },
    );
    const findings = evaluateRule(notPublic, live);
    expect(findings.map((f) => [f.resourceName, f.status])).toEqual([
      ["trail-ctl-zero", "FAIL"],
      ["trail-narrow", "PASS"],
      ["trail-pub-v4-halves", "FAIL"],
      ["trail-pub-v4-hostbits", "FAIL"],
      ["trail-pub-v6-0colon", "FAIL"],
      ["trail-pub-v6-colon0", "FAIL"],
    ]);
    const byName = new Map(findings.map((f) => [f.resourceName, f]));
    for (const [name, cidrs] of variants.filter(([name]) => name !== "narrow")) {
      expect(byName.get(`trail-${name}`)?.evidence).toMatchObject({
        public: true,
        publicPolicyStatements: [
          { index: 1, sid: "ReadFromIps", condition: statement(name, cidrs).Condition },
        ],
        narrowedPolicyStatements: [],
      });
    }
    const narrow = byName.get("trail-narrow");
    expect(narrow?.statusExtended).toBe(
      `S3 bucket trail-narrow, the log bucket of arn:aws:cloudtrail:us-east-1:${MOTO_ACCOUNT_ID}:trail/trail-narrow, is not publicly accessible. Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups. Its policy allows everyone only under narrowing conditions: statement 1 (ReadFromIps) by IpAddress aws:SourceIp 10.0.0.0/8, 2001:db8::/32.`,
    );
    expect(narrow?.evidence).toMatchObject({
      public: false,
      publicAclGrants: [],
      publicPolicyStatements: [],
      narrowedPolicyStatements: [
        {
          index: 1,
          sid: "ReadFromIps",
          principal: "*",
          principalKey: "Principal",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::trail-narrow/*"],
          condition: statement("narrow", variants[5]?.[1] ?? []).Condition,
          narrowedBy: [
            { operator: "IpAddress", key: "aws:SourceIp", values: ["10.0.0.0/8", "2001:db8::/32"] },
          ],
        },
      ],
    });
    const offline = parseSnapshot(serializeSnapshot(live), "snap.json");
    expect(evaluateRule(notPublic, offline)).toEqual(findings);
  });
  it("3.3: the internet split across two Allow-everyone statements by aws:SourceIp FAILs; a gap in their union, or one half also narrowed by aws:SourceVpce, PASSes", async () => {
    const half = (name: string, sid: string, cidr: string, extra: Record<string, unknown> = {}) => ({
      Sid: sid,
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::trail-${name}/*`,
      Condition: { IpAddress: { "aws:SourceIp": cidr }, ...extra },
    });
    const variants: [string, unknown[]][] = [
      ["halves", [half("halves", "LowHalf", "0.0.0.0/1"), half("halves", "HighHalf", "128.0.0.0/1")]],
      ["gap", [half("gap", "LowHalf", "0.0.0.0/1"), half("gap", "Quarter", "128.0.0.0/2")]],
      [
        "vpce",
        [
          half("vpce", "LowHalf", "0.0.0.0/1"),
          half("vpce", "HighHalfViaEndpoint", "128.0.0.0/1", {
            StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" },
          }),
        ],
      ],
    ];
    const s3 = new S3Client(motoClientConfig(moto(), "us-east-1"));
    const trails = new CloudTrailClient(motoClientConfig(moto(), "us-east-1"));
    try {
      for (const [name, statements] of variants) {
        await s3.send(new CreateBucketCommand({ Bucket: `trail-${name}` }));
        await s3.send(
          new PutBucketPolicyCommand({
            Bucket: `trail-${name}`,
            Policy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "CloudTrailWrite",
                  Effect: "Allow",
                  Principal: { Service: "cloudtrail.amazonaws.com" },
                  Action: "s3:PutObject",
                  Resource: `arn:aws:s3:::trail-${name}/*`,
                },
                ...statements,
              ],
            }),
          }),
        );
        await trails.send(new CreateTrailCommand({ Name: `trail-${name}`, S3BucketName: `trail-${name}` }));
      }
    } finally {
      s3.destroy();
      trails.destroy();
    }
    const { snapshot: live } = await collectInRegions(
      moto().endpoint,
      ["cloudtrail.trailBuckets", "s3.accountPublicAccessBlock"],
      ["us-east-1"],
      { collectedAt: AT },
    );
    const findings = evaluateRule(notPublic, live);
    expect(findings.map((f) => [f.resourceName, f.status])).toEqual([
      ["trail-gap", "PASS"],
      ["trail-halves", "FAIL"],
      ["trail-vpce", "PASS"],
    ]);
    const byName = new Map(findings.map((f) => [f.resourceName, f]));
    const trailArn = (name: string) => `arn:aws:cloudtrail:us-east-1:${MOTO_ACCOUNT_ID}:trail/trail-${name}`;
    const halves = byName.get("trail-halves");
    expect(halves?.statusExtended).toBe(
      `S3 bucket trail-halves, the log bucket of ${trailArn("halves")}, is publicly accessible. Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups. Its policy allows everyone from every IPv4 address through statements whose aws:SourceIp ranges together hold them all (whatever their actions): statement 1 (LowHalf) by IpAddress aws:SourceIp 0.0.0.0/1, statement 2 (HighHalf) by IpAddress aws:SourceIp 128.0.0.0/1.`,
    );
    expect(halves?.evidence).toMatchObject({
      public: true,
      publicPolicyStatements: [],
      narrowedPolicyStatements: [],
      publicTogether: {
        covers: ["ipv4"],
        statements: [
          {
            index: 1,
            sid: "LowHalf",
            principal: "*",
            actions: ["s3:GetObject"],
            narrowedBy: [{ operator: "IpAddress", key: "aws:SourceIp", values: ["0.0.0.0/1"] }],
          },
          {
            index: 2,
            sid: "HighHalf",
            principal: "*",
            actions: ["s3:GetObject"],
            narrowedBy: [{ operator: "IpAddress", key: "aws:SourceIp", values: ["128.0.0.0/1"] }],
          },
        ],
      },
    });
    expect(byName.get("trail-gap")?.evidence).toMatchObject({
      public: false,
      publicTogether: null,
      narrowedPolicyStatements: [
        { index: 1, sid: "LowHalf" },
        { index: 2, sid: "Quarter" },
      ],
    });
    expect(byName.get("trail-gap")?.statusExtended).toBe(
      `S3 bucket trail-gap, the log bucket of ${trailArn("gap")}, is not publicly accessible. Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups. Its policy allows everyone only under narrowing conditions: statement 1 (LowHalf) by IpAddress aws:SourceIp 0.0.0.0/1, statement 2 (Quarter) by IpAddress aws:SourceIp 128.0.0.0/2.`,
    );
    expect(byName.get("trail-vpce")?.evidence).toMatchObject({
      public: false,
      publicTogether: null,
      narrowedPolicyStatements: [
        { index: 1, sid: "LowHalf" },
        {
          index: 2,
          sid: "HighHalfViaEndpoint",
          narrowedBy: [
            { operator: "IpAddress", key: "aws:SourceIp", values: ["128.0.0.0/1"] },
            { operator: "StringEquals", key: "aws:SourceVpce", values: ["vpce-1a2b3c4d"] },
          ],
        },
      ],
    });
    const offline = parseSnapshot(serializeSnapshot(live), "snap.json");
    expect(evaluateRule(notPublic, offline)).toEqual(findings);
  });
});

describe("a snapshot file whose trail bucket names an empty trail ARN", () => {
  it("is refused with the field's path", () => {
    const text = serializeSnapshot(snapshot([bucket({ trailArns: [TRAIL, ""] })]));
    expect(() => parseSnapshot(text, "x.json")).toThrow(
      "x.json: not a cloudpatrol snapshot (version 2): snapshot.accountDatasets.cloudtrail.trailBuckets.0.trailArns.1: an empty TrailARN (AWS names every trail by its ARN; trails without one cannot be told apart)",
    );
  });
});
