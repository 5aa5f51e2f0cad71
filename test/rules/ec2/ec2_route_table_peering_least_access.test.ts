/**
 * CIS v1.5.0 5.5 (ec2_route_table_peering_least_access, Manual) over literal route tables: a region with
 * routes to peering connections is MANUAL with every such route by table as evidence; a region without
 * any passes; other routes are not listed.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/ec2/ec2_route_table_peering_least_access.js";
import type { RouteTable } from "../../../src/snapshot/datasets/ec2.js";
import { ACCOUNT, snapshotOf } from "./networking-fixtures.js";

type Route = RouteTable["routes"][number];

function route(more: Partial<Route>): Route {
  return {
    destinationCidrBlock: null,
    destinationIpv6CidrBlock: null,
    destinationPrefixListId: null,
    vpcPeeringConnectionId: null,
    target: null,
    state: "active",
    origin: "CreateRoute",
    ...more,
  };
}

const LOCAL = route({ destinationCidrBlock: "10.0.0.0/16", target: "local", origin: "CreateRouteTable" });

describe("ec2_route_table_peering_least_access over literal datasets", () => {
  const findings = evaluateRule(
    rule,
    snapshotOf({
      "ec2.routeTables": {
        "eu-west-1": [
          {
            routeTableId: "rtb-2",
            vpcId: "vpc-1",
            main: false,
            subnetIds: ["subnet-a", "subnet-b"],
            routes: [
              LOCAL,
              route({ destinationCidrBlock: "10.1.2.0/24", vpcPeeringConnectionId: "pcx-1" }),
              route({
                destinationIpv6CidrBlock: "2001:db8:1::/56",
                vpcPeeringConnectionId: "pcx-2",
                state: "blackhole",
              }),
              route({ destinationCidrBlock: "0.0.0.0/0", target: "igw-1" }),
            ],
          },
          {
            routeTableId: "rtb-1",
            vpcId: "vpc-1",
            main: true,
            subnetIds: [],
            routes: [LOCAL, route({ destinationCidrBlock: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-1" })],
          },
          { routeTableId: "rtb-3", vpcId: "vpc-1", main: false, subnetIds: ["subnet-c"], routes: [LOCAL] },
        ],
        "us-east-1": [{ routeTableId: "rtb-9", vpcId: "vpc-9", main: true, subnetIds: [], routes: [LOCAL] }],
      },
    }),
  );

  it("a region with peering routes: MANUAL, each route table's peering routes and destinations as evidence", () => {
    expect(findings[0]).toMatchObject({
      status: "MANUAL",
      region: "eu-west-1",
      resourceType: "AWS::::Account",
      resourceArn: `arn:aws:iam::${ACCOUNT}:root`,
      uid: findingUid(ACCOUNT, rule.id, ["account", "eu-west-1"]),
      statusExtended:
        "3 routes in 2 route tables in eu-west-1 send traffic to VPC peering connections pcx-1, pcx-2: check that each destination is only what must be reached (evidence).",
    });
    expect(findings[0]?.evidence).toEqual({
      region: "eu-west-1",
      routeTablesWithPeeringRoutes: [
        {
          routeTableId: "rtb-1",
          vpcId: "vpc-1",
          main: true,
          subnetIds: [],
          peeringRoutes: [{ destination: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-1", state: "active" }],
        },
        {
          routeTableId: "rtb-2",
          vpcId: "vpc-1",
          main: false,
          subnetIds: ["subnet-a", "subnet-b"],
          peeringRoutes: [
            { destination: "10.1.2.0/24", vpcPeeringConnectionId: "pcx-1", state: "active" },
            { destination: "2001:db8:1::/56", vpcPeeringConnectionId: "pcx-2", state: "blackhole" },
          ],
        },
      ],
      routeTablesRead: 3,
      source: "ec2:DescribeRouteTables",
    });
  });

  it("a region without any route to a peering connection: PASS, nothing to review", () => {
    expect(findings.slice(1).map((f) => [f.region, f.status, f.statusExtended])).toEqual([
      [
        "us-east-1",
        "PASS",
        "No route table in us-east-1 routes to a VPC peering connection: nothing to review.",
      ],
    ]);
  });
});
