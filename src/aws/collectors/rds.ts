/**
 * Collectors of the RDS datasets (`snapshot/datasets/rds.ts`), in every enabled region: DescribeDBInstances
 * and DescribeDBClusters (every page), and, only where a DB instance is publicly accessible, one
 * DescribeRouteTables (every page) filtered to those instances' VPCs.
 *
 * Sources: Amazon RDS API Reference, DescribeDBInstances, DescribeDBClusters; Amazon EC2 API Reference,
 * DescribeRouteTables.
 */
import type { DbCluster, DbInstance, SubnetRoute } from "../../snapshot/datasets/rds.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import { callAws } from "../errors.js";
import { regionalClients, regionalCollector } from "./types.js";

export const dbInstances = regionalCollector({
  dataset: "rds.dbInstances",
  async collect(context, region): Promise<readonly DbInstance[]> {
    const rds = await regionalClients(context).rds(region);
    const { paginateDescribeDBInstances } = await import("@aws-sdk/client-rds");
    const instances: DbInstance[] = [];
    await callAws("rds:DescribeDBInstances", context.accountId, async () => {
      for await (const page of paginateDescribeDBInstances({ client: rds }, {}))
        for (const db of page.DBInstances ?? [])
          instances.push({
            identifier: db.DBInstanceIdentifier ?? "",
            arn: db.DBInstanceArn ?? "",
            engine: db.Engine ?? "",
            engineVersion: db.EngineVersion ?? null,
            status: db.DBInstanceStatus ?? null,
            storageEncrypted: db.StorageEncrypted === true,
            kmsKeyId: db.KmsKeyId ?? null,
            autoMinorVersionUpgrade: db.AutoMinorVersionUpgrade === true,
            publiclyAccessible: db.PubliclyAccessible === true,
            multiAZ: db.MultiAZ === true,
            availabilityZone: db.AvailabilityZone ?? null,
            clusterIdentifier: db.DBClusterIdentifier ?? null,
            vpcId: db.DBSubnetGroup?.VpcId ?? null,
            subnetGroupName: db.DBSubnetGroup?.DBSubnetGroupName ?? null,
            subnets: (db.DBSubnetGroup?.Subnets ?? []).map((subnet) => ({
              subnetId: subnet.SubnetIdentifier ?? "",
              availabilityZone: subnet.SubnetAvailabilityZone?.Name ?? null,
            })),
          });
    });
    return instances.sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  },
});

export const dbClusters = regionalCollector({
  dataset: "rds.dbClusters",
  async collect(context, region): Promise<readonly DbCluster[]> {
    const rds = await regionalClients(context).rds(region);
    const { paginateDescribeDBClusters } = await import("@aws-sdk/client-rds");
    const clusters: DbCluster[] = [];
    await callAws("rds:DescribeDBClusters", context.accountId, async () => {
      for await (const page of paginateDescribeDBClusters({ client: rds }, {}))
        for (const cluster of page.DBClusters ?? [])
          clusters.push({
            identifier: cluster.DBClusterIdentifier ?? "",
            arn: cluster.DBClusterArn ?? "",
            engine: cluster.Engine ?? "",
            storageEncrypted: cluster.StorageEncrypted === true,
            kmsKeyId: cluster.KmsKeyId ?? null,
            autoMinorVersionUpgrade: cluster.AutoMinorVersionUpgrade ?? null,
            multiAZ: cluster.MultiAZ === true,
            availabilityZones: [...(cluster.AvailabilityZones ?? [])],
            members: (cluster.DBClusterMembers ?? []).flatMap((member) =>
              member.DBInstanceIdentifier ? [member.DBInstanceIdentifier] : [],
            ),
          });
    });
    return clusters.sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  },
});

/**
 * For the region's publicly accessible instances: the route table of each of their subnets (explicit
 * association, else the VPC's main table) and its routes to an internet gateway. No call when no instance
 * is public.
 */
export const publicSubnetRoutes = regionalCollector({
  dataset: "rds.publicSubnetRoutes",
  async collect(context, region): Promise<readonly SubnetRoute[]> {
    const instances = regionalValues(context.draft, "rds.dbInstances").get(region);
    if (!instances) throw new Error(`the DB instances of ${region} were not read`);
    const publicOnes = instances.filter((db) => db.publiclyAccessible);
    const vpcs = [...new Set(publicOnes.flatMap((db) => (db.vpcId ? [db.vpcId] : [])))].sort();
    const subnets = [
      ...new Set(publicOnes.flatMap((db) => db.subnets.map((subnet) => subnet.subnetId))),
    ].sort();
    if (vpcs.length === 0 || subnets.length === 0) return [];
    const ec2 = await regionalClients(context).ec2(region);
    const { paginateDescribeRouteTables } = await import("@aws-sdk/client-ec2");
    type Table = {
      id: string;
      vpcId: string;
      main: boolean;
      subnets: string[];
      igw: { destination: string; gatewayId: string }[];
    };
    const tables: Table[] = [];
    await callAws("ec2:DescribeRouteTables", context.accountId, async () => {
      for await (const page of paginateDescribeRouteTables(
        { client: ec2 },
        { Filters: [{ Name: "vpc-id", Values: vpcs }] },
      ))
        for (const table of page.RouteTables ?? [])
          tables.push({
            id: table.RouteTableId ?? "",
            vpcId: table.VpcId ?? "",
            main: (table.Associations ?? []).some((association) => association.Main === true),
            subnets: (table.Associations ?? []).flatMap((association) =>
              association.SubnetId ? [association.SubnetId] : [],
            ),
            igw: (table.Routes ?? []).flatMap((route) =>
              route.GatewayId?.startsWith("igw-")
                ? [
                    {
                      destination:
                        route.DestinationCidrBlock ??
                        route.DestinationIpv6CidrBlock ??
                        route.DestinationPrefixListId ??
                        "",
                      gatewayId: route.GatewayId,
                    },
                  ]
                : [],
            ),
          });
    });
    const vpcOf = new Map(
      publicOnes.flatMap((db) => db.subnets.map((subnet) => [subnet.subnetId, db.vpcId] as const)),
    );
    return subnets.map((subnetId): SubnetRoute => {
      const explicit = tables.find((table) => table.subnets.includes(subnetId));
      const main = tables.find((table) => table.main && table.vpcId === vpcOf.get(subnetId));
      const table = explicit ?? main;
      return {
        subnetId,
        routeTableId: table?.id ?? null,
        association: explicit ? "explicit" : main ? "main" : null,
        internetGatewayRoutes: table?.igw ?? [],
      };
    });
  },
});
