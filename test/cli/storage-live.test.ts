/**
 * `scan --framework cis_v150` live on moto and offline from the snapshot `collect --framework cis_v150`
 * wrote give the same findings for the storage section (2.x): S3 buckets in two regions, an RDS instance,
 * EFS file systems; the built bin, `--endpoint-url` pointing every service (S3 Control included) at moto.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CreateFileSystemCommand, EFSClient } from "@aws-sdk/client-efs";
import { CreateDBInstanceCommand, RDSClient } from "@aws-sdk/client-rds";
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from "@aws-sdk/client-s3";
import { PutPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { beforeAll, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, motoClientConfig, motoS3ControlConfig } from "../support/moto.js";
import { expectMotoCollectGaps } from "../support/moto-collect.js";

beforeAll(ensureBuilt, 120_000);

interface JsonFinding {
  uid: string;
  ruleId: string;
  status: string;
  region: string;
  resourceArn: string;
  statusExtended: string;
  evidence: Record<string, unknown>;
  frameworks: Record<string, string[]>;
}

/** The storage section's findings (cis_v150 2.x), without the fields a later run may change. */
function storage(stdout: string): Omit<JsonFinding, "frameworks">[] {
  const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
  return findings
    .filter((finding) => finding.frameworks.cis_v150?.some((id) => id.startsWith("2.")))
    .map(({ uid, ruleId, status, region, resourceArn, statusExtended, evidence }) => ({
      uid,
      ruleId,
      status,
      region,
      resourceArn,
      statusExtended,
      evidence,
    }));
}

describeWithMoto("the storage section live on moto and offline from its snapshot", (moto) => {
  it("gives the same findings", async ({ onTestFinished }) => {
    const west = new S3Client(motoClientConfig(moto(), "eu-west-1"));
    const east = new S3Client(motoClientConfig(moto(), "us-east-1"));
    const control = new S3ControlClient(motoS3ControlConfig(moto(), "us-east-1"));
    const rds = new RDSClient(motoClientConfig(moto(), "eu-west-1"));
    const efs = new EFSClient(motoClientConfig(moto(), "us-east-1"));
    try {
      await west.send(
        new CreateBucketCommand({
          Bucket: "west-data",
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      );
      await west.send(
        new PutBucketEncryptionCommand({
          Bucket: "west-data",
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
          },
        }),
      );
      await east.send(new CreateBucketCommand({ Bucket: "east-logs" }));
      await control.send(
        new PutPublicAccessBlockCommand({
          AccountId: MOTO_ACCOUNT_ID,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "orders",
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          AllocatedStorage: 20,
          MasterUsername: "admin1",
          MasterUserPassword: "password123",
        }),
      );
      await efs.send(new CreateFileSystemCommand({ CreationToken: "shared", Encrypted: true }));
    } finally {
      for (const client of [west, east, control, rds, efs]) client.destroy();
    }
    const dir = await tempDir(onTestFinished);
    const common = [
      "--framework",
      "cis_v150",
      "--endpoint-url",
      moto().endpoint,
      "--regions",
      "eu-west-1,us-east-1",
    ];
    const env = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
    const live = await cli(dir, ["scan", ...common, "--no-history", "-o", "json"], env);
    const collected = await cli(dir, ["collect", ...common, "--out", "snap.json"], env);
    // moto answers neither Access Analyzer nor Macie: the snapshot is written, and collect exits 1 saying so.
    await expectMotoCollectGaps(collected, join(dir, "snap.json"));
    const offline = await cli(
      dir,
      ["scan", "--snapshot", join(dir, "snap.json"), "--framework", "cis_v150", "--no-history", "-o", "json"],
      env,
    );
    const liveStorage = storage(live.stdout);
    expect(storage(offline.stdout)).toEqual(liveStorage);
    // What the section holds: the buckets judged in their regions, the instance, the file system, Macie.
    const verdicts = liveStorage
      .filter((f) => !f.ruleId.startsWith("manual_") && f.ruleId !== "ec2_ebs_encryption_by_default_enabled")
      .map((f) => [f.ruleId, f.resourceArn.replace(/fs-[0-9a-f]+$/, "fs-*"), f.region, f.status]);
    expect(verdicts).toEqual([
      ["s3_bucket_default_encryption_enabled", "arn:aws:s3:::east-logs", "us-east-1", "FAIL"],
      ["s3_bucket_default_encryption_enabled", "arn:aws:s3:::west-data", "eu-west-1", "PASS"],
      ["s3_bucket_secure_transport_policy", "arn:aws:s3:::east-logs", "us-east-1", "FAIL"],
      ["s3_bucket_secure_transport_policy", "arn:aws:s3:::west-data", "eu-west-1", "FAIL"],
      ["s3_bucket_mfa_delete_enabled", "arn:aws:s3:::east-logs", "us-east-1", "FAIL"],
      ["s3_bucket_mfa_delete_enabled", "arn:aws:s3:::west-data", "eu-west-1", "FAIL"],
      ["s3_bucket_public_access_block_enabled", "arn:aws:s3:::east-logs", "us-east-1", "PASS"],
      ["s3_bucket_public_access_block_enabled", "arn:aws:s3:::west-data", "eu-west-1", "PASS"],
      // moto's Macie answers dates the SDK cannot read: that region's ERROR, live and offline alike.
      ["macie_session_enabled", `arn:aws:iam::${MOTO_ACCOUNT_ID}:root`, "eu-west-1", "ERROR"],
      ["macie_session_enabled", `arn:aws:iam::${MOTO_ACCOUNT_ID}:root`, "us-east-1", "ERROR"],
      ["rds_instance_storage_encrypted", "arn:aws:rds:eu-west-1:123456789012:db:orders", "eu-west-1", "FAIL"],
      [
        "rds_instance_minor_version_upgrade_enabled",
        "arn:aws:rds:eu-west-1:123456789012:db:orders",
        "eu-west-1",
        "PASS",
      ],
      ["rds_instance_no_public_access", "arn:aws:rds:eu-west-1:123456789012:db:orders", "eu-west-1", "PASS"],
      [
        "efs_file_system_encrypted",
        `arn:aws:elasticfilesystem:us-east-1:${MOTO_ACCOUNT_ID}:file-system/fs-*`,
        "us-east-1",
        "PASS",
      ],
    ]);
    const snapshot = JSON.parse(await readFile(join(dir, "snap.json"), "utf8")) as {
      snapshot: { accountDatasets: Record<string, unknown> };
    };
    // The logging section's trail buckets are account-wide too (cis_v150 3.3/3.6).
    expect(Object.keys(snapshot.snapshot.accountDatasets).sort()).toEqual([
      "cloudtrail.trailBuckets",
      "s3.accountPublicAccessBlock",
      "s3.buckets",
    ]);
  }, 180_000);
});
