/**
 * The RDS and EFS rules live against moto (the real SDK v3) in two regions: a public, encrypted, Multi-AZ
 * PostgreSQL instance whose subnets route to an internet gateway, an Aurora cluster and its instance, an
 * unencrypted single-AZ MySQL instance without minor upgrades, and one EFS file system per region; exact
 * findings, evidence and API calls (route tables read only where an instance is public); offline from the
 * collected snapshot, the same findings.
 */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { CreateFileSystemCommand, EFSClient } from "@aws-sdk/client-efs";
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBSubnetGroupCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { scanAccount } from "../../../src/app/scan.js";
import { createClients } from "../../../src/aws/clients.js";
import { evaluate } from "../../../src/engine/evaluate.js";
import { rule as efsEncrypted } from "../../../src/rules/efs/efs_file_system_encrypted.js";
import { rule as minorUpgrade } from "../../../src/rules/rds/rds_instance_minor_version_upgrade_enabled.js";
import { rule as multiAz } from "../../../src/rules/rds/rds_instance_multi_az.js";
import { rule as noPublic } from "../../../src/rules/rds/rds_instance_no_public_access.js";
import { rule as encrypted } from "../../../src/rules/rds/rds_instance_storage_encrypted.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import { describeWithMoto, MOTO_CREDENTIALS, motoClientConfig } from "../../support/moto.js";

const RULES = [encrypted, minorUpgrade, noPublic, multiAz, efsEncrypted];

describeWithMoto("RDS and EFS rules against moto (two regions)", (moto) => {
  beforeEach(() => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Seeds the two regions; returns the public instance's two subnets and the main route table. */
  async function seed(): Promise<{ subnets: string[]; routeTable: string; gateway: string }> {
    const west = new RDSClient(motoClientConfig(moto(), "eu-west-1"));
    const east = new RDSClient(motoClientConfig(moto(), "us-east-1"));
    const ec2 = new EC2Client(motoClientConfig(moto(), "eu-west-1"));
    const westEfs = new EFSClient(motoClientConfig(moto(), "eu-west-1"));
    const eastEfs = new EFSClient(motoClientConfig(moto(), "us-east-1"));
    try {
      const subnets = ((await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [])
        .map((subnet) => subnet.SubnetId as string)
        .sort()
        .slice(0, 2);
      const table = ((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [])[0];
      const gateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway
        ?.InternetGatewayId as string;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: table?.VpcId }));
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: table?.RouteTableId,
          DestinationCidrBlock: "0.0.0.0/0",
          GatewayId: gateway,
        }),
      );
      await west.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: "public",
          DBSubnetGroupDescription: "public subnets",
          SubnetIds: subnets,
        }),
      );
      await west.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "pub",
          Engine: "postgres",
          DBInstanceClass: "db.t3.micro",
          AllocatedStorage: 20,
          MasterUsername: "admin1",
          MasterUserPassword: "password123",
          PubliclyAccessible: true,
          StorageEncrypted: true,
          MultiAZ: true,
          DBSubnetGroupName: "public",
        }),
      );
      await west.send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: "aur",
          Engine: "aurora-postgresql",
          MasterUsername: "admin1",
          MasterUserPassword: "password123",
          StorageEncrypted: true,
        }),
      );
      await west.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "aur-1",
          Engine: "aurora-postgresql",
          DBInstanceClass: "db.r5.large",
          DBClusterIdentifier: "aur",
        }),
      );
      await east.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "plain",
          Engine: "mysql",
          DBInstanceClass: "db.t3.micro",
          AllocatedStorage: 20,
          MasterUsername: "admin1",
          MasterUserPassword: "password123",
          AutoMinorVersionUpgrade: false,
        }),
      );
      await westEfs.send(new CreateFileSystemCommand({ CreationToken: "west", Encrypted: true }));
      await eastEfs.send(new CreateFileSystemCommand({ CreationToken: "east" }));
      return { subnets, routeTable: table?.RouteTableId as string, gateway };
    } finally {
      for (const client of [west, east, ec2, westEfs, eastEfs]) client.destroy();
    }
  }

  it("judges every instance and file system in its region; the snapshot judged offline gives the same findings", async () => {
    const { subnets, routeTable, gateway } = await seed();
    const clients = createClients({ region: "us-east-1", endpointUrl: moto().endpoint, maxAttempts: 1 });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, {
        rules: RULES,
        regions: ["eu-west-1", "us-east-1"],
        collectedAt: new Date("2026-03-02T12:00:00Z"),
      });
      expect(clients.apiCalls()).toEqual({
        "sts:GetCallerIdentity": 1,
        "ec2:DescribeRegions": 1,
        "rds:DescribeDBInstances": 2,
        "rds:DescribeDBClusters": 2,
        // Only eu-west-1 has a public instance.
        "ec2:DescribeRouteTables": 1,
        "elasticfilesystem:DescribeFileSystems": 2,
      });
    } finally {
      clients.destroy();
    }
    expect(
      live.findings.map((f) => [
        f.ruleId,
        f.region,
        f.resourceName.startsWith("fs-") ? "fs" : f.resourceName,
        f.status,
      ]),
    ).toEqual([
      [encrypted.id, "eu-west-1", "aur-1", "PASS"],
      [encrypted.id, "eu-west-1", "pub", "PASS"],
      [encrypted.id, "us-east-1", "plain", "FAIL"],
      [minorUpgrade.id, "eu-west-1", "aur-1", "PASS"],
      [minorUpgrade.id, "eu-west-1", "pub", "PASS"],
      [minorUpgrade.id, "us-east-1", "plain", "FAIL"],
      [noPublic.id, "eu-west-1", "aur-1", "PASS"],
      [noPublic.id, "eu-west-1", "pub", "FAIL"],
      [noPublic.id, "us-east-1", "plain", "PASS"],
      [multiAz.id, "eu-west-1", "aur-1", "MANUAL"],
      [multiAz.id, "eu-west-1", "pub", "PASS"],
      [multiAz.id, "us-east-1", "plain", "MANUAL"],
      [efsEncrypted.id, "eu-west-1", "fs", "PASS"],
      [efsEncrypted.id, "us-east-1", "fs", "FAIL"],
    ]);
    const byKey = new Map(live.findings.map((f) => [`${f.ruleId} ${f.resourceName}`, f]));
    expect(byKey.get(`${encrypted.id} plain`)?.statusExtended).toBe(
      "DB instance plain (mysql, Amazon RDS) in us-east-1 does not encrypt its storage at rest.",
    );
    expect(byKey.get(`${encrypted.id} aur-1`)?.evidence).toMatchObject({
      engine: "aurora-postgresql",
      service: "Amazon Aurora",
      dbClusterIdentifier: "aur",
      storageEncrypted: true,
      clusterStorageEncrypted: true,
    });
    const publicOne = byKey.get(`${noPublic.id} pub`);
    expect(publicOne?.resourceArn).toBe("arn:aws:rds:eu-west-1:123456789012:db:pub");
    expect(publicOne?.statusExtended).toBe(
      "DB instance pub (postgres, Amazon RDS) in eu-west-1 is publicly accessible; its subnets route 0.0.0.0/0 (or ::/0) to an internet gateway, so it can be reached from the internet where its security groups allow.",
    );
    expect(publicOne?.evidence).toMatchObject({
      publiclyAccessible: true,
      dbSubnetGroup: "public",
      routesToInternetGateway: true,
      subnetRoutesUnknown: null,
      subnetRoutes: subnets.map((subnetId) => ({
        subnetId,
        routeTableId: routeTable,
        association: "main",
        internetGatewayRoutes: [{ destination: "0.0.0.0/0", gatewayId: gateway }],
      })),
    });
    expect(byKey.get(`${multiAz.id} aur-1`)?.statusExtended).toBe(
      "DB instance aur-1 (aurora-postgresql, Amazon Aurora) in eu-west-1 does not run Multi-AZ (its cluster aur reports MultiAZ false; instance in eu-west-1a): review whether it needs a standby in another Availability Zone (CIS assesses this by hand).",
    );
    expect(byKey.get(`${minorUpgrade.id} plain`)?.evidence).toMatchObject({ autoMinorVersionUpgrade: false });
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(evaluate(offline, RULES)).toEqual(live.findings);
  });
});
