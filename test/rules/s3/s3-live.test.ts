/**
 * The S3 rules live: against moto (the real SDK v3; buckets in two regions, each read in its own region)
 * with exact findings and API calls, and offline from the snapshot the scan collected (the same findings);
 * through our fake for what moto cannot do: a bucket denied in one region (ERROR for that bucket only,
 * the others judged), MFA delete on, no default encryption.
 */
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scanAccount } from "../../../src/app/scan.js";
import { createClients } from "../../../src/aws/clients.js";
import { evaluate } from "../../../src/engine/evaluate.js";
import { rule as encryption } from "../../../src/rules/s3/s3_bucket_default_encryption_enabled.js";
import { rule as mfaDelete } from "../../../src/rules/s3/s3_bucket_mfa_delete_enabled.js";
import { rule as publicAccessBlock } from "../../../src/rules/s3/s3_bucket_public_access_block_enabled.js";
import { rule as secureTransport } from "../../../src/rules/s3/s3_bucket_secure_transport_policy.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, motoClientConfig } from "../../support/moto.js";

const RULES = [encryption, secureTransport, mfaDelete, publicAccessBlock];
const ALL_FOUR = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

describeWithMoto("S3 rules against moto (two regions)", (moto) => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("judges each bucket in its own region; the snapshot judged offline gives the same findings", async () => {
    const west = new S3Client(motoClientConfig(moto(), "eu-west-1"));
    const sydney = new S3Client(motoClientConfig(moto(), "ap-southeast-2"));
    try {
      await west.send(
        new CreateBucketCommand({
          Bucket: "secure-west",
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      );
      await west.send(
        new PutBucketPolicyCommand({
          Bucket: "secure-west",
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyHttp",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:*",
                Resource: ["arn:aws:s3:::secure-west", "arn:aws:s3:::secure-west/*"],
                Condition: { Bool: { "aws:SecureTransport": false } },
              },
            ],
          }),
        }),
      );
      await west.send(
        new PutBucketEncryptionCommand({
          Bucket: "secure-west",
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
          },
        }),
      );
      await west.send(
        new PutBucketVersioningCommand({
          Bucket: "secure-west",
          VersioningConfiguration: { Status: "Enabled" },
        }),
      );
      await west.send(
        new PutPublicAccessBlockCommand({ Bucket: "secure-west", PublicAccessBlockConfiguration: ALL_FOUR }),
      );
      await sydney.send(
        new CreateBucketCommand({
          Bucket: "open-sydney",
          CreateBucketConfiguration: { LocationConstraint: "ap-southeast-2" },
        }),
      );
    } finally {
      west.destroy();
      sydney.destroy();
    }
    const clients = createClients({ region: "us-east-1", endpointUrl: moto().endpoint, maxAttempts: 1 });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, {
        rules: RULES,
        regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
        collectedAt: new Date("2026-03-02T12:00:00Z"),
      });
      // Once per account: the list, each bucket's region (moto gives no BucketRegion), the account's
      // Block Public Access; then one call per bucket per dataset, in the bucket's region.
      expect(clients.apiCalls()).toEqual({
        "sts:GetCallerIdentity": 1,
        "ec2:DescribeRegions": 1,
        "s3:ListBuckets": 1,
        "s3:GetBucketLocation": 2,
        "s3control:GetPublicAccessBlock": 1,
        "s3:GetBucketEncryption": 2,
        "s3:GetBucketPolicy": 2,
        "s3:GetBucketVersioning": 2,
        "s3:GetPublicAccessBlock": 2,
      });
    } finally {
      clients.destroy();
    }
    expect(live.findings.map((f) => [f.ruleId, f.resourceName, f.region, f.status, f.accountId])).toEqual([
      [encryption.id, "open-sydney", "ap-southeast-2", "FAIL", MOTO_ACCOUNT_ID],
      [encryption.id, "secure-west", "eu-west-1", "PASS", MOTO_ACCOUNT_ID],
      [secureTransport.id, "open-sydney", "ap-southeast-2", "FAIL", MOTO_ACCOUNT_ID],
      [secureTransport.id, "secure-west", "eu-west-1", "PASS", MOTO_ACCOUNT_ID],
      // moto never returns MFADelete: FAIL even with versioning on.
      [mfaDelete.id, "open-sydney", "ap-southeast-2", "FAIL", MOTO_ACCOUNT_ID],
      [mfaDelete.id, "secure-west", "eu-west-1", "FAIL", MOTO_ACCOUNT_ID],
      [publicAccessBlock.id, "open-sydney", "ap-southeast-2", "FAIL", MOTO_ACCOUNT_ID],
      [publicAccessBlock.id, "secure-west", "eu-west-1", "PASS", MOTO_ACCOUNT_ID],
    ]);
    expect(live.findings.map((f) => f.statusExtended)).toEqual([
      "Bucket open-sydney (ap-southeast-2) has no default encryption configuration (ServerSideEncryptionConfigurationNotFoundError): objects written without encryption headers are stored unencrypted.",
      "Bucket secure-west (eu-west-1) encrypts new objects by default with AES256 (Amazon S3 managed keys).",
      "Bucket open-sydney (ap-southeast-2) has no bucket policy, so nothing denies plain-HTTP requests.",
      "Bucket secure-west (eu-west-1) denies plain-HTTP requests: statement 0 (DenyHttp) of its policy denies every S3 action to everyone when aws:SecureTransport is false.",
      "Bucket open-sydney (ap-southeast-2) does not have MFA delete enabled: versioning is not enabled (never turned on).",
      "Bucket secure-west (eu-west-1) does not have MFA delete enabled: MFA delete is not configured.",
      "Bucket open-sydney (ap-southeast-2) does not have all four Block Public Access settings on at bucket level (not configured) nor at account level (not configured).",
      "Bucket secure-west (eu-west-1) has all four Block Public Access settings on at bucket level.",
    ]);
    // Offline from the snapshot file: the same findings, no AWS call.
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(evaluate(offline, RULES)).toEqual(live.findings);
  });
});

describeWithMoto("S3 rules against moto: a bucket in a region that is not enabled", (moto) => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("ap-east-1 (not opted in, as moto lists it): MANUAL for its bucket naming why, never silence; with --regions leaving us-west-2 out, MANUAL saying so", async () => {
    const east = new S3Client(motoClientConfig(moto(), "us-east-1"));
    const hongKong = new S3Client(motoClientConfig(moto(), "ap-east-1"));
    const oregon = new S3Client(motoClientConfig(moto(), "us-west-2"));
    try {
      await east.send(new CreateBucketCommand({ Bucket: "home-bucket" }));
      await hongKong.send(
        new CreateBucketCommand({
          Bucket: "hk-bucket",
          CreateBucketConfiguration: { LocationConstraint: "ap-east-1" },
        }),
      );
      await oregon.send(
        new CreateBucketCommand({
          Bucket: "or-bucket",
          CreateBucketConfiguration: { LocationConstraint: "us-west-2" },
        }),
      );
    } finally {
      east.destroy();
      hongKong.destroy();
      oregon.destroy();
    }
    const clients = createClients({ region: "us-east-1", endpointUrl: moto().endpoint, maxAttempts: 1 });
    let full: Awaited<ReturnType<typeof scanAccount>>;
    let narrowed: Awaited<ReturnType<typeof scanAccount>>;
    try {
      full = await scanAccount(clients, {
        rules: [secureTransport],
        collectedAt: new Date("2026-03-02T12:00:00Z"),
      });
      narrowed = await scanAccount(clients, {
        rules: [secureTransport],
        regions: ["us-east-1"],
        collectedAt: new Date("2026-03-02T12:00:00Z"),
      });
    } finally {
      clients.destroy();
    }
    expect(full.findings.map((f) => [f.resourceName, f.region, f.status, f.evidence.reason ?? null])).toEqual(
      [
        ["hk-bucket", "ap-east-1", "MANUAL", "region-not-enabled"],
        ["home-bucket", "us-east-1", "FAIL", null],
        ["or-bucket", "us-west-2", "FAIL", null],
      ],
    );
    expect(full.findings[0]?.statusExtended).toBe(
      "S3 bucket hk-bucket in ap-east-1 was not judged: ap-east-1 is not enabled for the account (opt-in status not-opted-in), so it was not read. Check its settings by hand (aws s3api ... --bucket hk-bucket --region ap-east-1).",
    );
    expect(full.findings[0]?.evidence).toEqual({
      bucket: "hk-bucket",
      region: "ap-east-1",
      reason: "region-not-enabled",
      optInStatus: "not-opted-in",
      notRead: ["s3.bucketPolicies"],
    });
    expect(
      narrowed.findings.map((f) => [f.resourceName, f.region, f.status, f.evidence.reason ?? null]),
    ).toEqual([
      ["hk-bucket", "ap-east-1", "MANUAL", "region-not-enabled"],
      ["home-bucket", "us-east-1", "FAIL", null],
      ["or-bucket", "us-west-2", "MANUAL", "region-not-scanned"],
    ]);
    expect(narrowed.findings[2]?.statusExtended).toBe(
      "S3 bucket or-bucket in us-west-2 was not judged: us-west-2 was left out of this scan (--regions). Scan again with us-west-2 in --regions.",
    );
    const offline = parseSnapshot(serializeSnapshot(full.snapshot), "snap.json");
    expect(evaluate(offline, [secureTransport])).toEqual(full.findings);
  });
});

describe("S3 rules through our fake (AccessDenied per bucket, MFA delete, exact requests)", () => {
  let fake: FakeS3;
  beforeEach(async () => {
    fake = await startFakeS3();
    fake.setListBucketRegion(true);
    fake.addBucket({
      name: "a-east",
      region: "us-east-1",
      versioning: { status: "Enabled", mfaDelete: "Enabled" },
      encryption: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/data", bucketKeyEnabled: true }],
    });
    fake.addBucket({
      name: "b-west",
      region: "eu-west-1",
      versioning: { status: "Enabled", mfaDelete: "Disabled" },
    });
    fake.addBucket({ name: "c-west", region: "eu-west-1" });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("a bucket denied in eu-west-1 is that bucket's ERROR; the other buckets are judged; offline the same", async () => {
    fake.deny("GetBucketVersioning", "eu-west-1", "c-west");
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, {
        rules: [mfaDelete, encryption],
        collectedAt: new Date("2026-03-02T12:00:00Z"),
      });
    } finally {
      clients.destroy();
    }
    expect(live.findings.map((f) => [f.ruleId, f.resourceName, f.region, f.status])).toEqual([
      [mfaDelete.id, "a-east", "us-east-1", "PASS"],
      [mfaDelete.id, "b-west", "eu-west-1", "FAIL"],
      [mfaDelete.id, "c-west", "eu-west-1", "ERROR"],
      [encryption.id, "a-east", "us-east-1", "PASS"],
      [encryption.id, "b-west", "eu-west-1", "FAIL"],
      [encryption.id, "c-west", "eu-west-1", "FAIL"],
    ]);
    expect(live.findings[2]?.statusExtended).toBe(
      "Could not judge bucket c-west in eu-west-1: s3:GetBucketVersioning failed: AccessDenied: Access Denied (bucket c-west in eu-west-1). The caller lacks the IAM permission s3:GetBucketVersioning.",
    );
    expect(live.findings[2]?.evidence).toEqual({
      bucket: "c-west",
      region: "eu-west-1",
      api: "s3:GetBucketVersioning",
      errorCode: "AccessDenied",
      missingPermission: "s3:GetBucketVersioning",
    });
    expect(live.findings[3]?.evidence).toMatchObject({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: "alias/data",
    });
    // BucketRegion given: no GetBucketLocation. One call per bucket per dataset, in the bucket's region.
    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      "us-east-1 DescribeRegions": 1,
      "us-east-1 ListBuckets": 1,
      "us-east-1 GetBucketVersioning": 1,
      "us-east-1 GetBucketVersioning a-east": 1,
      "us-east-1 GetBucketEncryption": 1,
      "us-east-1 GetBucketEncryption a-east": 1,
      "eu-west-1 GetBucketVersioning": 2,
      "eu-west-1 GetBucketVersioning b-west": 1,
      "eu-west-1 GetBucketVersioning c-west": 1,
      "eu-west-1 GetBucketEncryption": 2,
      "eu-west-1 GetBucketEncryption b-west": 1,
      "eu-west-1 GetBucketEncryption c-west": 1,
    });
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(evaluate(offline, [mfaDelete, encryption])).toEqual(live.findings);
  });
});
