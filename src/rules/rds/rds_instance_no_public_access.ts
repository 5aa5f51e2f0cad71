/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.3.3 (Level 1, Automated): "Ensure that public
 * access is not given to RDS Instance" (v2.0.0/v3.0.0 2.3.3; v4.0.0/v5.0.0 2.2.3; v6.0.0 3.2.3).
 *
 * Audit: in every enabled region, every DB instance (DescribeDBInstances, every page; DocumentDB and
 * Neptune named by engine) must show `PubliclyAccessible` false. The verdict is that flag. For a public
 * instance the evidence adds what the CIS audit then looks at: each subnet of its DB subnet group, the
 * route table that applies (the explicitly associated one, else the VPC's main table) and its routes to an
 * internet gateway (EC2 DescribeRouteTables, read only in regions with a public instance). Where the routes
 * could not be read, the evidence says so and why; the verdict stands. One finding per instance.
 *
 * Sources: Amazon RDS API Reference, DescribeDBInstances; Amazon EC2 API Reference, DescribeRouteTables;
 * Amazon RDS User Guide, "Hiding a DB instance in a VPC from the internet".
 */
import type { Finding } from "../../model/finding.js";
import type { DbInstance } from "../../snapshot/datasets/rds.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  describeInstance,
  instanceEvidence,
  instanceResource,
  judgeInstances,
} from "./db-instance-findings.js";

/** The routes evidence of a public instance: per subnet, or why they are unknown. */
function routesEvidence(snapshot: Snapshot, region: string, db: DbInstance) {
  const routes = regionalValues(snapshot, "rds.publicSubnetRoutes").get(region);
  if (!routes) {
    const failed = snapshot.errors.find(
      (error) => error.dataset === "rds.publicSubnetRoutes" && error.region === region,
    );
    return {
      subnetRoutes: null,
      subnetRoutesUnknown: failed
        ? `${failed.api} failed in ${region}: ${failed.code}${failed.missingPermission ? ` (missing permission ${failed.missingPermission})` : ""}`
        : "the subnets' route tables were not collected",
      routesToInternetGateway: null,
    };
  }
  const mine = db.subnets.map(
    (subnet) =>
      routes.find((route) => route.subnetId === subnet.subnetId) ?? {
        subnetId: subnet.subnetId,
        routeTableId: null,
        association: null,
        internetGatewayRoutes: [],
      },
  );
  return {
    subnetRoutes: mine.map((route) => ({
      ...route,
      internetGatewayRoutes: route.internetGatewayRoutes.map((r) => ({ ...r })),
    })),
    subnetRoutesUnknown: null,
    routesToInternetGateway: mine.some((route) =>
      route.internetGatewayRoutes.some((r) => r.destination === "0.0.0.0/0" || r.destination === "::/0"),
    ),
  };
}

/** The rule. */
export const rule: Rule = {
  id: "rds_instance_no_public_access",
  title: "RDS DB instances are not publicly accessible",
  severity: "critical",
  resourceTypes: ["AWS::RDS::DBInstance"],
  description:
    "Checks, in every enabled region, that no RDS DB instance is publicly accessible (a public DNS name " +
    "resolving to a public IP address), and shows for a public one whether its subnets route to an internet gateway.",
  rationale:
    "A publicly accessible database in a subnet with a route to an internet gateway can be reached from " +
    "the internet, limited only by its security groups: one mistaken rule exposes it to password guessing " +
    "and engine exploits.",
  remediation: {
    console: [
      "Open the RDS console in the region named in the finding, choose Databases, then the instance, then Modify.",
      "Under Connectivity → Additional configuration choose Not publicly accessible; choose Continue and Apply immediately.",
      "Also check the DB subnet group: its subnets should have no 0.0.0.0/0 route to an internet gateway.",
    ],
    cli: [
      "aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,PubliclyAccessible]'",
      "aws rds modify-db-instance --db-instance-identifier <instance> --no-publicly-accessible --apply-immediately --region <region>",
      "aws ec2 describe-route-tables --region <region> --filters Name=association.subnet-id,Values=<subnet>",
    ],
    iac: {
      cloudformation: [
        "Database:",
        "  Type: AWS::RDS::DBInstance",
        "  Properties:",
        "    PubliclyAccessible: false",
      ].join("\n"),
      terraform: ['resource "aws_db_instance" "this" {', "  publicly_accessible = false", "}"].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
  ],
  requires: ["rds.dbInstances"],
  optional: ["rds.publicSubnetRoutes"],
  cloudTrailEvents: [
    "CreateDBInstance",
    "ModifyDBInstance",
    "CreateRoute",
    "ReplaceRoute",
    "AssociateRouteTable",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeInstances(rule, snapshot, (db, region) => {
      const base = {
        ...instanceEvidence(db, region),
        publiclyAccessible: db.publiclyAccessible,
        vpcId: db.vpcId,
        dbSubnetGroup: db.subnetGroupName,
        source: "rds:DescribeDBInstances",
      };
      if (!db.publiclyAccessible)
        return {
          status: "PASS",
          ...instanceResource(db, region),
          statusExtended: `${describeInstance(db, region)} is not publicly accessible.`,
          evidence: base,
        };
      const routes = routesEvidence(snapshot, region, db);
      const where =
        routes.routesToInternetGateway === null
          ? `; whether its subnets route to an internet gateway is unknown (${routes.subnetRoutesUnknown})`
          : routes.routesToInternetGateway
            ? "; its subnets route 0.0.0.0/0 (or ::/0) to an internet gateway, so it can be reached from the internet where its security groups allow"
            : "; none of its subnets has a default route to an internet gateway today";
      return {
        status: "FAIL",
        ...instanceResource(db, region),
        statusExtended: `${describeInstance(db, region)} is publicly accessible${where}.`,
        evidence: { ...base, ...routes, routesSource: "ec2:DescribeRouteTables" },
      };
    });
  },
};
