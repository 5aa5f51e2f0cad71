/**
 * AccessDenied per region for RDS and EFS through our fake, and their pages: the denied region's ERROR names the API, the
 * region and the permission; the other regions are judged; one call per region (exact requests).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanAccount } from "../../../src/app/scan.js";
import { createClients } from "../../../src/aws/clients.js";
import { rule as efsEncrypted } from "../../../src/rules/efs/efs_file_system_encrypted.js";
import { rule as encrypted } from "../../../src/rules/rds/rds_instance_storage_encrypted.js";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.js";

describe("RDS and EFS denied in one region", () => {
  let fake: FakeS3;
  beforeEach(async () => {
    fake = await startFakeS3();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("ERROR in the denied region only, no 'nothing to judge' PASS beside it; the others read", async () => {
    fake.deny("DescribeDBInstances", "eu-west-1");
    fake.deny("DescribeFileSystems", "ap-southeast-2");
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let findings: Awaited<ReturnType<typeof scanAccount>>["findings"];
    try {
      ({ findings } = await scanAccount(clients, { rules: [encrypted, efsEncrypted] }));
    } finally {
      clients.destroy();
    }
    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      "us-east-1 DescribeRegions": 1,
      "us-east-1 DescribeDBInstances": 1,
      "eu-west-1 DescribeDBInstances": 1,
      "ap-southeast-2 DescribeDBInstances": 1,
      "us-east-1 DescribeDBClusters": 1,
      "eu-west-1 DescribeDBClusters": 1,
      "ap-southeast-2 DescribeDBClusters": 1,
      "us-east-1 DescribeFileSystems": 1,
      "eu-west-1 DescribeFileSystems": 1,
      "ap-southeast-2 DescribeFileSystems": 1,
    });
    expect(
      findings.map((f) => [
        f.ruleId,
        f.region,
        f.status,
        f.evidence.api ?? null,
        f.evidence.missingPermission ?? null,
      ]),
    ).toEqual([
      [encrypted.id, "eu-west-1", "ERROR", "rds:DescribeDBInstances", "rds:DescribeDBInstances"],
      [
        efsEncrypted.id,
        "ap-southeast-2",
        "ERROR",
        "elasticfilesystem:DescribeFileSystems",
        "elasticfilesystem:DescribeFileSystems",
      ],
    ]);
    expect(findings[0]?.statusExtended).toMatch(
      /^Could not judge account 123456789012 in eu-west-1: rds:DescribeDBInstances failed in account 123456789012: AccessDenied: .*The caller lacks the IAM permission rds:DescribeDBInstances\.$/,
    );
  });

  it("follows the pages of DescribeDBInstances (Marker) and DescribeFileSystems (NextMarker)", async () => {
    fake.setRegions(["eu-west-1"]);
    fake.setPageSize(2);
    for (const [id, engine, on] of [
      ["a-pg", "postgres", true],
      ["b-docs", "docdb", false],
      ["c-graph", "neptune", true],
      ["d-my", "mysql", true],
      ["e-maria", "mariadb", false],
    ] as const)
      fake.addDbInstance("eu-west-1", id, engine, on);
    for (const [id, on] of [
      ["fs-1", true],
      ["fs-2", false],
      ["fs-3", true],
    ] as const)
      fake.addFileSystem("eu-west-1", id, on);
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let findings: Awaited<ReturnType<typeof scanAccount>>["findings"];
    try {
      ({ findings } = await scanAccount(clients, { rules: [encrypted, efsEncrypted] }));
      expect(clients.apiCalls()).toMatchObject({
        "rds:DescribeDBInstances": 3,
        "elasticfilesystem:DescribeFileSystems": 2,
      });
    } finally {
      clients.destroy();
    }
    expect(findings.map((f) => [f.resourceName, f.status])).toEqual([
      ["a-pg", "PASS"],
      ["b-docs", "FAIL"],
      ["c-graph", "PASS"],
      ["d-my", "PASS"],
      ["e-maria", "FAIL"],
      ["fs-1", "PASS"],
      ["fs-2", "FAIL"],
      ["fs-3", "PASS"],
    ]);
    expect(findings[1]?.statusExtended).toBe(
      "DB instance b-docs (docdb, Amazon DocumentDB) in eu-west-1 does not encrypt its storage at rest.",
    );
  });
});
