/**
 * The S3 datasets against moto (the real SDK v3 clients): buckets in three regions found by
 * GetBucketLocation (moto's ListBuckets gives no BucketRegion), each bucket's settings read in its own
 * region, "not configured" answers as values, the account's Block Public Access through S3 Control, and
 * exact call counts: one ListBuckets, one GetBucketLocation per bucket, one call per bucket per dataset.
 * The snapshot written and read again holds the same values.
 */
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
  S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { collectDatasets } from "../../src/aws/runner.js";
import { regionOfLocation } from "../../src/aws/s3-bucket-reads.js";
import { accountValue } from "../../src/snapshot/account-values.js";
import type { DatasetName } from "../../src/snapshot/datasets/index.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { regionalValues } from "../../src/snapshot/regional-values.js";
import { type FakeS3, startFakeS3 } from "../support/fake-s3.js";
import {
  describeWithMoto,
  MOTO_ACCOUNT_ID,
  MOTO_CREDENTIALS,
  motoClientConfig,
  motoS3ControlConfig,
} from "../support/moto.js";

const S3_DATASETS: readonly DatasetName[] = [
  "s3.buckets",
  "s3.accountPublicAccessBlock",
  "s3.bucketPolicies",
  "s3.bucketAcls",
  "s3.bucketPublicAccessBlocks",
  "s3.bucketEncryption",
  "s3.bucketVersioning",
  "s3.bucketLogging",
];
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

describe("regionOfLocation", () => {
  it("reads GetBucketLocation's constraint: empty/null/absent → us-east-1, EU → eu-west-1, else itself", () => {
    expect([undefined, null, "", "EU", "eu-west-1", "ap-southeast-2"].map(regionOfLocation)).toEqual([
      "us-east-1",
      "us-east-1",
      "us-east-1",
      "eu-west-1",
      "eu-west-1",
      "ap-southeast-2",
    ]);
  });
});

describeWithMoto("S3 datasets against moto", (moto) => {
  async function seed(): Promise<void> {
    const clients = REGIONS.map((region) => new S3Client(motoClientConfig(moto(), region)));
    const [east, west, sydney] = clients as [S3Client, S3Client, S3Client];
    try {
      await east.send(new CreateBucketCommand({ Bucket: "east-plain" }));
      await west.send(
        new CreateBucketCommand({
          Bucket: "west-locked",
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      );
      await sydney.send(
        new CreateBucketCommand({
          Bucket: "sydney-open",
          CreateBucketConfiguration: { LocationConstraint: "ap-southeast-2" },
        }),
      );
      const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::west-locked", "arn:aws:s3:::west-locked/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
      await west.send(new PutBucketPolicyCommand({ Bucket: "west-locked", Policy: policy }));
      await west.send(
        new PutPublicAccessBlockCommand({
          Bucket: "west-locked",
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
      await west.send(
        new PutBucketEncryptionCommand({
          Bucket: "west-locked",
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: "aws:kms",
                  KMSMasterKeyID: "arn:aws:kms:eu-west-1:123456789012:key/abcd",
                },
                BucketKeyEnabled: true,
              },
            ],
          },
        }),
      );
      await west.send(
        new PutBucketVersioningCommand({
          Bucket: "west-locked",
          VersioningConfiguration: { Status: "Enabled" },
        }),
      );
      await sydney.send(new PutBucketAclCommand({ Bucket: "sydney-open", ACL: "public-read" }));
      await east.send(
        new PutBucketAclCommand({
          Bucket: "east-plain",
          GrantWrite: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"',
          GrantReadACP: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"',
        }),
      );
      await east.send(
        new PutBucketLoggingCommand({
          Bucket: "east-plain",
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "east-plain", TargetPrefix: "logs/" } },
        }),
      );
    } finally {
      for (const client of clients) client.destroy();
    }
  }

  it("reads every bucket in its own region; not-configured answers are values; exact calls", async () => {
    await seed();
    const control = new S3ControlClient(motoS3ControlConfig(moto(), "us-east-1"));
    try {
      await control.send(
        new PutAccountPublicAccessBlockCommand({
          AccountId: MOTO_ACCOUNT_ID,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true },
        }),
      );
    } finally {
      control.destroy();
    }
    const aws = createClients({
      region: "us-east-1",
      endpointUrl: moto().endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    let snapshot: Awaited<ReturnType<typeof collectDatasets>>["snapshot"];
    try {
      ({ snapshot } = await collectDatasets(
        aws,
        { accountId: MOTO_ACCOUNT_ID, partition: "aws" },
        { datasets: S3_DATASETS, collectedAt: new Date("2026-01-02T03:04:05Z"), regions: REGIONS },
      ));
      expect(aws.apiCalls()).toEqual({
        "ec2:DescribeRegions": 1,
        "s3:ListBuckets": 1,
        "s3:GetBucketLocation": 3,
        "s3control:GetPublicAccessBlock": 1,
        "s3:GetBucketPolicy": 3,
        "s3:GetBucketAcl": 3,
        "s3:GetPublicAccessBlock": 3,
        "s3:GetBucketEncryption": 3,
        "s3:GetBucketVersioning": 3,
        "s3:GetBucketLogging": 3,
      });
    } finally {
      aws.destroy();
    }
    expect(snapshot.errors).toEqual([]);
    const buckets = accountValue(snapshot, "s3.buckets");
    expect(buckets?.map((b) => [b.name, b.arn, b.region, b.regionSource, b.regionError])).toEqual([
      ["east-plain", "arn:aws:s3:::east-plain", "us-east-1", "GetBucketLocation", null],
      ["sydney-open", "arn:aws:s3:::sydney-open", "ap-southeast-2", "GetBucketLocation", null],
      ["west-locked", "arn:aws:s3:::west-locked", "eu-west-1", "GetBucketLocation", null],
    ]);
    expect(accountValue(snapshot, "s3.accountPublicAccessBlock")).toEqual({
      configuration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
    });
    const inRegion = (name: Parameters<typeof regionalValues>[1], region: string) =>
      Object.fromEntries(regionalValues(snapshot, name).get(region) as ReadonlyMap<string, unknown>);
    // Each region holds only its own buckets.
    expect(inRegion("s3.bucketPolicies", "us-east-1")).toEqual({
      "east-plain": { status: "read", value: { policy: null } },
    });
    expect(inRegion("s3.bucketPolicies", "ap-southeast-2")).toEqual({
      "sydney-open": { status: "read", value: { policy: null } },
    });
    const westPolicy = inRegion("s3.bucketPolicies", "eu-west-1")["west-locked"] as {
      value: { policy: string };
    };
    expect(JSON.parse(westPolicy.value.policy).Statement[0].Condition).toEqual({
      Bool: { "aws:SecureTransport": "false" },
    });
    expect(inRegion("s3.bucketPublicAccessBlocks", "eu-west-1")).toEqual({
      "west-locked": {
        status: "read",
        value: {
          configuration: {
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
          },
        },
      },
    });
    expect(inRegion("s3.bucketPublicAccessBlocks", "us-east-1")).toEqual({
      "east-plain": { status: "read", value: { configuration: null } },
    });
    expect(inRegion("s3.bucketEncryption", "eu-west-1")).toEqual({
      "west-locked": {
        status: "read",
        value: {
          rules: [
            {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abcd",
              bucketKeyEnabled: true,
            },
          ],
        },
      },
    });
    // moto does not apply S3's default SSE-S3 to new buckets: no configuration, a value.
    expect(inRegion("s3.bucketEncryption", "us-east-1")).toEqual({
      "east-plain": { status: "read", value: { rules: null } },
    });
    expect(inRegion("s3.bucketVersioning", "eu-west-1")).toEqual({
      "west-locked": { status: "read", value: { status: "Enabled", mfaDelete: null } },
    });
    expect(inRegion("s3.bucketVersioning", "us-east-1")).toEqual({
      "east-plain": { status: "read", value: { status: null, mfaDelete: null } },
    });
    expect(inRegion("s3.bucketLogging", "us-east-1")).toEqual({
      "east-plain": { status: "read", value: { targetBucket: "east-plain", targetPrefix: "logs/" } },
    });
    expect(inRegion("s3.bucketLogging", "eu-west-1")).toEqual({
      "west-locked": { status: "read", value: { targetBucket: null, targetPrefix: null } },
    });
    const sydneyAcl = inRegion("s3.bucketAcls", "ap-southeast-2")["sydney-open"] as {
      value: { grants: { uri: string | null; permission: string }[] };
    };
    expect(sydneyAcl.value.grants.filter((g) => g.uri !== null)).toEqual([
      expect.objectContaining({
        granteeType: "Group",
        uri: "http://acs.amazonaws.com/groups/global/AllUsers",
        permission: "READ",
      }),
    ]);
    // Nothing in a region without buckets.
    expect(regionalValues(snapshot, "s3.bucketAcls").size).toBe(3);

    // Written and read again: the same values (Maps by bucket name, dates).
    const again = parseSnapshot(serializeSnapshot(snapshot), "snap.json");
    expect(again.accountDatasets).toEqual(snapshot.accountDatasets);
    expect(again.datasets).toEqual(snapshot.datasets);
    expect(again.collected).toEqual(snapshot.collected);
  });
});

describe("S3 datasets through our fake (AccessDenied per bucket and region, exact requests)", () => {
  let fake: FakeS3;
  beforeEach(async () => {
    fake = await startFakeS3();
    fake.addBucket({ name: "a-east", region: "us-east-1" });
    fake.addBucket({
      name: "b-west",
      region: "eu-west-1",
      versioning: { status: "Enabled", mfaDelete: "Enabled" },
    });
    fake.addBucket({ name: "c-west", region: "eu-west-1", policy: '{"Statement":[]}' });
    fake.addBucket({ name: "d-sydney", region: "ap-southeast-2" });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function collect(datasets: readonly DatasetName[]) {
    const aws = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    try {
      const { snapshot } = await collectDatasets(
        aws,
        { accountId: fake.accountId, partition: "aws" },
        { datasets, collectedAt: new Date("2026-01-02T03:04:05Z") },
      );
      return { snapshot, apiCalls: aws.apiCalls() };
    } finally {
      aws.destroy();
    }
  }

  it("a bucket denied in one region is recorded for that bucket; the others are read; one call per bucket in its region", async () => {
    fake.deny("GetBucketPolicy", "eu-west-1", "b-west");
    const { snapshot, apiCalls } = await collect(["s3.bucketPolicies"]);
    expect(snapshot.errors).toEqual([]);
    expect(apiCalls).toEqual({
      "ec2:DescribeRegions": 1,
      "s3:ListBuckets": 1,
      "s3:GetBucketLocation": 4,
      "s3:GetBucketPolicy": 4,
    });
    expect(fake.counts()).toEqual({
      "us-east-1 DescribeRegions": 1,
      "us-east-1 ListBuckets": 1,
      "us-east-1 GetBucketLocation": 4,
      "us-east-1 GetBucketLocation a-east": 1,
      "us-east-1 GetBucketLocation b-west": 1,
      "us-east-1 GetBucketLocation c-west": 1,
      "us-east-1 GetBucketLocation d-sydney": 1,
      "us-east-1 GetBucketPolicy": 1,
      "us-east-1 GetBucketPolicy a-east": 1,
      "eu-west-1 GetBucketPolicy": 2,
      "eu-west-1 GetBucketPolicy b-west": 1,
      "eu-west-1 GetBucketPolicy c-west": 1,
      "ap-southeast-2 GetBucketPolicy": 1,
      "ap-southeast-2 GetBucketPolicy d-sydney": 1,
    });
    const west = regionalValues(snapshot, "s3.bucketPolicies").get("eu-west-1");
    expect(Object.fromEntries(west ?? [])).toEqual({
      "b-west": {
        status: "failed",
        error: {
          api: "s3:GetBucketPolicy",
          code: "AccessDenied",
          message:
            "s3:GetBucketPolicy failed: AccessDenied: Access Denied (bucket b-west in eu-west-1). The caller lacks the IAM permission s3:GetBucketPolicy.",
          missingPermission: "s3:GetBucketPolicy",
        },
      },
      "c-west": { status: "read", value: { policy: '{"Statement":[]}' } },
    });
    expect(Object.fromEntries(regionalValues(snapshot, "s3.bucketPolicies").get("us-east-1") ?? [])).toEqual({
      "a-east": { status: "read", value: { policy: null } },
    });
  });

  it("ListBuckets' BucketRegion spares GetBucketLocation; pages are followed", async () => {
    fake.setListBucketRegion(true);
    fake.setListPageSize(3);
    const { snapshot, apiCalls } = await collect(["s3.bucketVersioning"]);
    expect(apiCalls).toEqual({
      "ec2:DescribeRegions": 1,
      "s3:ListBuckets": 2,
      "s3:GetBucketVersioning": 4,
    });
    expect(accountValue(snapshot, "s3.buckets")?.map((b) => [b.name, b.region, b.regionSource])).toEqual([
      ["a-east", "us-east-1", "ListBuckets"],
      ["b-west", "eu-west-1", "ListBuckets"],
      ["c-west", "eu-west-1", "ListBuckets"],
      ["d-sydney", "ap-southeast-2", "ListBuckets"],
    ]);
    // MFADelete, which moto never returns.
    expect(regionalValues(snapshot, "s3.bucketVersioning").get("eu-west-1")?.get("b-west")).toEqual({
      status: "read",
      value: { status: "Enabled", mfaDelete: "Enabled" },
    });
  });

  it("GetBucketLocation denied for one bucket: its region is unknown (recorded), the others are read", async () => {
    fake.deny("GetBucketLocation", "*", "c-west");
    const { snapshot } = await collect(["s3.bucketVersioning"]);
    const c = accountValue(snapshot, "s3.buckets")?.find((b) => b.name === "c-west");
    expect(c).toEqual({
      name: "c-west",
      arn: "arn:aws:s3:::c-west",
      creationDate: new Date("2024-01-02T03:04:05.000Z"),
      region: null,
      regionSource: null,
      regionError: {
        api: "s3:GetBucketLocation",
        code: "AccessDenied",
        message:
          "s3:GetBucketLocation failed: AccessDenied: Access Denied (bucket c-west). The caller lacks the IAM permission s3:GetBucketLocation.",
        missingPermission: "s3:GetBucketLocation",
      },
    });
    expect([...(regionalValues(snapshot, "s3.bucketVersioning").get("eu-west-1")?.keys() ?? [])]).toEqual([
      "b-west",
    ]);
  });

  it("ListBuckets denied: one account-wide error naming s3:ListAllMyBuckets; no bucket call", async () => {
    fake.deny("ListBuckets", "*");
    fake.setAccountPublicAccessBlock({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    const { snapshot, apiCalls } = await collect(["s3.bucketPolicies", "s3.accountPublicAccessBlock"]);
    expect(snapshot.errors).toEqual([
      {
        dataset: "s3.buckets",
        api: "s3:ListAllMyBuckets",
        code: "AccessDenied",
        message:
          "s3:ListAllMyBuckets failed in account 123456789012: AccessDenied: Access Denied. The caller lacks the IAM permission s3:ListAllMyBuckets.",
        missingPermission: "s3:ListAllMyBuckets",
      },
    ]);
    expect(snapshot.collected).toEqual(["ec2.regions", "s3.accountPublicAccessBlock"]);
    expect(accountValue(snapshot, "s3.accountPublicAccessBlock")).toEqual({
      configuration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
    });
    expect(apiCalls).toEqual({
      "ec2:DescribeRegions": 1,
      "s3:ListBuckets": 1,
      "s3control:GetPublicAccessBlock": 1,
    });
  });

  it("the account's Block Public Access denied: an account-wide error naming s3:GetAccountPublicAccessBlock", async () => {
    fake.deny("GetAccountPublicAccessBlock", "*");
    const { snapshot } = await collect(["s3.accountPublicAccessBlock"]);
    expect(snapshot.errors.map((e) => [e.dataset, e.api, e.code, e.missingPermission])).toEqual([
      [
        "s3.accountPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
        "AccessDenied",
        "s3:GetAccountPublicAccessBlock",
      ],
    ]);
  });
});
