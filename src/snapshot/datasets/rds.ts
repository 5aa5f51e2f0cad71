/**
 * Amazon RDS datasets (per region): the DB instances (DescribeDBInstances also lists Amazon DocumentDB and
 * Amazon Neptune instances: their engine says which), the DB clusters (Aurora, Multi-AZ DB clusters,
 * DocumentDB, Neptune), and, for publicly accessible instances only, how their subnets route to the
 * internet (EC2 DescribeRouteTables), as evidence for CIS 2.3.3.
 *
 * Sources: Amazon RDS API Reference, DescribeDBInstances, DescribeDBClusters (`Marker` paging); Amazon EC2
 * API Reference, DescribeRouteTables.
 */
import type { z as zod } from "zod";
import { defineDataset } from "../dataset.js";

/** One subnet of a DB subnet group. */
export interface DbSubnet {
  readonly subnetId: string;
  readonly availabilityZone: string | null;
}

/** One DB instance, as DescribeDBInstances shows it. */
export interface DbInstance {
  readonly identifier: string;
  readonly arn: string;
  /** `mysql`, `postgres`, `aurora-postgresql`, `docdb`, `neptune`, ... */
  readonly engine: string;
  readonly engineVersion: string | null;
  readonly status: string | null;
  readonly storageEncrypted: boolean;
  readonly kmsKeyId: string | null;
  readonly autoMinorVersionUpgrade: boolean;
  readonly publiclyAccessible: boolean;
  readonly multiAZ: boolean;
  readonly availabilityZone: string | null;
  /** The cluster the instance belongs to (Aurora, DocumentDB, Neptune), or null. */
  readonly clusterIdentifier: string | null;
  readonly vpcId: string | null;
  readonly subnetGroupName: string | null;
  readonly subnets: readonly DbSubnet[];
}

/** One DB cluster, as DescribeDBClusters shows it. */
export interface DbCluster {
  readonly identifier: string;
  readonly arn: string;
  readonly engine: string;
  readonly storageEncrypted: boolean;
  readonly kmsKeyId: string | null;
  /** The cluster-level flag (Multi-AZ DB clusters), or null when the cluster does not report it (Aurora). */
  readonly autoMinorVersionUpgrade: boolean | null;
  readonly multiAZ: boolean;
  readonly availabilityZones: readonly string[];
  readonly members: readonly string[];
}

/** How one subnet routes: its route table and its routes to an internet gateway. */
export interface SubnetRoute {
  readonly subnetId: string;
  /** The route table that applies (the explicitly associated one, else the VPC's main table), or null. */
  readonly routeTableId: string | null;
  /** `explicit` (associated with the subnet) or `main` (the VPC's main table); null when none was found. */
  readonly association: "explicit" | "main" | null;
  /** Routes of that table whose target is an internet gateway (`igw-...`). */
  readonly internetGatewayRoutes: readonly { readonly destination: string; readonly gatewayId: string }[];
}

export const dbInstances = defineDataset({
  name: "rds.dbInstances",
  scope: "region",
  title: "the RDS DB instances",
  actions: ["rds:DescribeDBInstances"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z): zod.ZodType<readonly DbInstance[]> =>
    z
      .array(
        z.looseObject({
          identifier: z.string(),
          arn: z.string(),
          engine: z.string(),
          engineVersion: z.string().nullable(),
          status: z.string().nullable(),
          storageEncrypted: z.boolean(),
          kmsKeyId: z.string().nullable(),
          autoMinorVersionUpgrade: z.boolean(),
          publiclyAccessible: z.boolean(),
          multiAZ: z.boolean(),
          availabilityZone: z.string().nullable(),
          clusterIdentifier: z.string().nullable(),
          vpcId: z.string().nullable(),
          subnetGroupName: z.string().nullable(),
          subnets: z.array(z.looseObject({ subnetId: z.string(), availabilityZone: z.string().nullable() })),
        }),
      )
      .readonly(),
});

export const dbClusters = defineDataset({
  name: "rds.dbClusters",
  scope: "region",
  title: "the RDS DB clusters",
  actions: ["rds:DescribeDBClusters"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z): zod.ZodType<readonly DbCluster[]> =>
    z
      .array(
        z.looseObject({
          identifier: z.string(),
          arn: z.string(),
          engine: z.string(),
          storageEncrypted: z.boolean(),
          kmsKeyId: z.string().nullable(),
          autoMinorVersionUpgrade: z.boolean().nullable(),
          multiAZ: z.boolean(),
          availabilityZones: z.array(z.string()),
          members: z.array(z.string()),
        }),
      )
      .readonly(),
});

/**
 * The route of every subnet of the region's publicly accessible DB instances (none read when no instance
 * is public), by subnet id.
 */
export const publicSubnetRoutes = defineDataset({
  name: "rds.publicSubnetRoutes",
  scope: "region",
  title: "the routes of the publicly accessible DB instances' subnets",
  actions: ["ec2:DescribeRouteTables"],
  dependsOn: ["ec2.regions", "rds.dbInstances"],
  stored: "datasets",
  schema: (z): zod.ZodType<readonly SubnetRoute[]> =>
    z
      .array(
        z.looseObject({
          subnetId: z.string(),
          routeTableId: z.string().nullable(),
          association: z.enum(["explicit", "main"]).nullable(),
          internetGatewayRoutes: z.array(z.looseObject({ destination: z.string(), gatewayId: z.string() })),
        }),
      )
      .readonly(),
});
