/**
 * The RDS and EFS rules over literal datasets, for what moto cannot produce: DocumentDB and Neptune
 * instances (named by engine), a Multi-AZ Aurora cluster, route tables that could not be read (the
 * evidence says why, the verdict stands), an explicitly associated route table without an internet
 * gateway, a region that failed, no instance or file system at all.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule as efsEncrypted } from "../../../src/rules/efs/efs_file_system_encrypted.js";
import { rule as minorUpgrade } from "../../../src/rules/rds/rds_instance_minor_version_upgrade_enabled.js";
import { rule as multiAz } from "../../../src/rules/rds/rds_instance_multi_az.js";
import { rule as noPublic } from "../../../src/rules/rds/rds_instance_no_public_access.js";
import { rule as encrypted } from "../../../src/rules/rds/rds_instance_storage_encrypted.js";
import type { DbCluster, DbInstance, SubnetRoute } from "../../../src/snapshot/datasets/rds.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";

const ACCOUNT = "111122223333";

function instance(identifier: string, engine: string, changes: Partial<DbInstance> = {}): DbInstance {
  return {
    identifier,
    arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:${identifier}`,
    engine,
    engineVersion: "1.0",
    status: "available",
    storageEncrypted: true,
    kmsKeyId: null,
    autoMinorVersionUpgrade: true,
    publiclyAccessible: false,
    multiAZ: false,
    availabilityZone: "eu-west-1a",
    clusterIdentifier: null,
    vpcId: "vpc-1",
    subnetGroupName: "db",
    subnets: [{ subnetId: "subnet-a", availabilityZone: "eu-west-1a" }],
    ...changes,
  };
}

function snapshot(options: {
  instances?: Record<string, DbInstance[]>;
  clusters?: Record<string, DbCluster[]>;
  routes?: Record<string, SubnetRoute[]>;
  fileSystems?: Record<string, unknown[]>;
  errors?: CollectionError[];
  regions?: string[];
}): Snapshot {
  const regions = options.regions ?? ["eu-west-1"];
  const map = (record: Record<string, unknown[]> | undefined) =>
    record ? new Map(Object.entries(record)) : undefined;
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-03-02T12:00:00Z"),
    source: "aws",
    errors: options.errors ?? [],
    regional: {
      regions: regions.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: regions,
    },
    datasets: {
      ...(options.instances ? { "rds.dbInstances": map(options.instances) } : {}),
      ...(options.clusters ? { "rds.dbClusters": map(options.clusters) } : {}),
      ...(options.routes ? { "rds.publicSubnetRoutes": map(options.routes) } : {}),
      ...(options.fileSystems ? { "efs.fileSystems": map(options.fileSystems) } : {}),
    } as Snapshot["datasets"],
    collected: [
      "ec2.regions",
      ...(options.instances ? (["rds.dbInstances"] as const) : []),
      ...(options.clusters ? (["rds.dbClusters"] as const) : []),
      ...(options.routes ? (["rds.publicSubnetRoutes"] as const) : []),
      ...(options.fileSystems ? (["efs.fileSystems"] as const) : []),
    ],
  };
}

describe("RDS rules over literal datasets", () => {
  it("names DocumentDB and Neptune instances by engine and service", () => {
    const findings = evaluateRule(
      minorUpgrade,
      snapshot({
        instances: {
          "eu-west-1": [
            instance("docs-1", "docdb", { autoMinorVersionUpgrade: false }),
            instance("graph-1", "neptune"),
          ],
        },
      }),
    );
    expect(findings.map((f) => [f.status, f.statusExtended, f.evidence.service])).toEqual([
      [
        "FAIL",
        "DB instance docs-1 (docdb, Amazon DocumentDB) in eu-west-1 does not upgrade minor engine versions automatically (AutoMinorVersionUpgrade is false).",
        "Amazon DocumentDB",
      ],
      [
        "PASS",
        "DB instance graph-1 (neptune, Amazon Neptune) in eu-west-1 upgrades minor engine versions automatically.",
        "Amazon Neptune",
      ],
    ]);
  });

  it("an unencrypted Aurora instance names its cluster, whose setting it mirrors", () => {
    const [finding] = evaluateRule(
      encrypted,
      snapshot({
        instances: {
          "eu-west-1": [
            instance("aur-1", "aurora-mysql", { storageEncrypted: false, clusterIdentifier: "aur" }),
          ],
        },
        clusters: {
          "eu-west-1": [
            {
              identifier: "aur",
              arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:aur`,
              engine: "aurora-mysql",
              storageEncrypted: false,
              kmsKeyId: null,
              autoMinorVersionUpgrade: null,
              multiAZ: true,
              availabilityZones: ["eu-west-1a", "eu-west-1b"],
              members: ["aur-1", "aur-2"],
            },
          ],
        },
      }),
    );
    expect([finding?.status, finding?.statusExtended, finding?.evidence.clusterStorageEncrypted]).toEqual([
      "FAIL",
      "DB instance aur-1 (aurora-mysql, Amazon Aurora) in eu-west-1 does not encrypt its storage at rest (the setting of its cluster aur).",
      false,
    ]);
  });

  it("Multi-AZ: an Aurora instance of a cluster spanning two zones PASSes on the cluster's flag", () => {
    const [finding] = evaluateRule(
      multiAz,
      snapshot({
        instances: { "eu-west-1": [instance("aur-1", "aurora-mysql", { clusterIdentifier: "aur" })] },
        clusters: {
          "eu-west-1": [
            {
              identifier: "aur",
              arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:aur`,
              engine: "aurora-mysql",
              storageEncrypted: true,
              kmsKeyId: null,
              autoMinorVersionUpgrade: null,
              multiAZ: true,
              availabilityZones: ["eu-west-1a", "eu-west-1b"],
              members: ["aur-1", "aur-2"],
            },
          ],
        },
      }),
    );
    expect([finding?.status, finding?.statusExtended, finding?.evidence.clusterMembers]).toEqual([
      "PASS",
      "DB instance aur-1 (aurora-mysql, Amazon Aurora) in eu-west-1 runs Multi-AZ (its cluster aur spans eu-west-1a, eu-west-1b).",
      ["aur-1", "aur-2"],
    ]);
  });

  it("a public instance whose routes could not be read: FAIL, the evidence says why", () => {
    const [finding] = evaluateRule(
      noPublic,
      snapshot({
        instances: { "eu-west-1": [instance("pub", "postgres", { publiclyAccessible: true })] },
        errors: [
          {
            dataset: "rds.publicSubnetRoutes",
            api: "ec2:DescribeRouteTables",
            code: "UnauthorizedOperation",
            message: "denied",
            missingPermission: "ec2:DescribeRouteTables",
            region: "eu-west-1",
          },
        ],
      }),
    );
    expect([finding?.status, finding?.statusExtended, finding?.evidence.subnetRoutes]).toEqual([
      "FAIL",
      "DB instance pub (postgres, Amazon RDS) in eu-west-1 is publicly accessible; whether its subnets route to an internet gateway is unknown (ec2:DescribeRouteTables failed in eu-west-1: UnauthorizedOperation (missing permission ec2:DescribeRouteTables)).",
      null,
    ]);
  });

  it("a public instance in a subnet whose explicit route table has no internet gateway: FAIL, saying so", () => {
    const [finding] = evaluateRule(
      noPublic,
      snapshot({
        instances: { "eu-west-1": [instance("pub", "postgres", { publiclyAccessible: true })] },
        routes: {
          "eu-west-1": [
            {
              subnetId: "subnet-a",
              routeTableId: "rtb-private",
              association: "explicit",
              internetGatewayRoutes: [],
            },
          ],
        },
      }),
    );
    expect([finding?.status, finding?.statusExtended, finding?.evidence.routesToInternetGateway]).toEqual([
      "FAIL",
      "DB instance pub (postgres, Amazon RDS) in eu-west-1 is publicly accessible; none of its subnets has a default route to an internet gateway today.",
      false,
    ]);
  });

  it("no instance in the region read while a region failed: only that region's ERROR, no PASS on the account", () => {
    const findings = evaluateRule(
      encrypted,
      snapshot({
        regions: ["eu-west-1", "us-east-1"],
        instances: { "us-east-1": [] },
        errors: [
          {
            dataset: "rds.dbInstances",
            api: "rds:DescribeDBInstances",
            code: "AccessDenied",
            message: "rds:DescribeDBInstances failed in eu-west-1 for account 111122223333: AccessDenied.",
            missingPermission: "rds:DescribeDBInstances",
            region: "eu-west-1",
          },
        ],
      }),
    );
    expect(findings.map((f) => [f.status, f.region, f.statusExtended])).toEqual([
      ["ERROR", "eu-west-1", expect.stringContaining("rds:DescribeDBInstances failed in eu-west-1")],
    ]);
  });
});

describe("efs_file_system_encrypted over literal datasets", () => {
  it("PASS naming the key, FAIL, and one PASS on the account when there is none", () => {
    const fs = (id: string, encrypted: boolean) => ({
      fileSystemId: id,
      arn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/${id}`,
      name: id === "fs-1" ? "shared" : null,
      encrypted,
      kmsKeyId: encrypted ? "arn:aws:kms:eu-west-1:111122223333:key/k" : null,
      lifeCycleState: "available",
      creationTime: new Date("2025-01-01T00:00:00Z"),
    });
    const findings = evaluateRule(
      efsEncrypted,
      snapshot({ fileSystems: { "eu-west-1": [fs("fs-1", true), fs("fs-2", false)] } }),
    );
    expect(findings.map((f) => [f.status, f.resourceType, f.statusExtended])).toEqual([
      [
        "PASS",
        "AWS::EFS::FileSystem",
        "EFS file system fs-1 (shared) in eu-west-1 is encrypted at rest with arn:aws:kms:eu-west-1:111122223333:key/k.",
      ],
      ["FAIL", "AWS::EFS::FileSystem", "EFS file system fs-2 in eu-west-1 is not encrypted at rest."],
    ]);
    const none = evaluateRule(efsEncrypted, snapshot({ fileSystems: { "eu-west-1": [] } }));
    expect(none.map((f) => [f.status, f.statusExtended])).toEqual([
      ["PASS", `Account ${ACCOUNT} has no EFS file system in the 1 region read: nothing to judge.`],
    ]);
  });
});
