/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 5.5 (Level 2, Manual): "Ensure routing tables for
 * VPC peering are \"least access\"" (v1.2.0 4.4 Not Scored, v1.3.0/v1.4.0 5.4, v2.0.0/v3.0.0 5.5,
 * v4.0.0/v5.0.0 5.6, v6.0.0 6.6).
 *
 * Whether a route through a peering is "least access" depends on what must talk to what, which only a
 * person knows. The rule does the gathering: one finding per enabled region (DescribeRouteTables). A
 * region without any route to a VPC peering connection has nothing to review: PASS. A region with such
 * routes: MANUAL, the evidence listing each route table (VPC, main or not, its subnets) with its routes
 * to peering connections (destination CIDR or prefix list, `pcx-` id, state), so the review is a read of
 * one finding per region: each destination must be only the peer subnets or hosts that are needed, not
 * the peer VPC's whole CIDR unless all of it is.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { RouteTable } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

/** The rule. */
export const rule: Rule = {
  id: "ec2_route_table_peering_least_access",
  aliases: ["vpc_peering_routing_tables_with_least_privilege"],
  title: "Routes to VPC peering connections are listed for a least-access review",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Lists, in every enabled region, every route that sends traffic to a VPC peering connection, by route " +
    "table, with its destination. A person checks that each names only the peer subnets or hosts that " +
    "must be reached. Regions without peering routes pass.",
  rationale:
    "A peering route to the peer's whole CIDR lets every subnet using the table reach every host of the " +
    "peer VPC (as far as security groups and network ACLs allow). Narrow routes limit what a compromised " +
    "host on either side can reach.",
  remediation: {
    console: [
      "Open the VPC console in the finding's region and choose Route tables, then each route table named in the evidence.",
      "On Routes, for each route whose target is a peering connection (pcx-...), check that the destination is only the peer subnets or hosts this table's subnets need.",
      "Edit routes: replace a broad destination by the narrower CIDRs needed, or delete the route; associate subnets that need different access with their own route tables.",
    ],
    cli: [
      "aws ec2 describe-vpc-peering-connections --region <region>",
      "aws ec2 describe-route-tables --region <region> --filters Name=route.vpc-peering-connection-id,Values=<pcx-id>",
      "aws ec2 delete-route --region <region> --route-table-id <route-table-id> --destination-cidr-block <broad-cidr>",
      "aws ec2 create-route --region <region> --route-table-id <route-table-id> --destination-cidr-block <needed-cidr> --vpc-peering-connection-id <pcx-id>",
    ],
    iac: {
      cloudformation: [
        "PeerRoute:",
        "  Type: AWS::EC2::Route",
        "  Properties:",
        "    RouteTableId: !Ref AppRouteTable",
        "    DestinationCidrBlock: 10.1.2.0/24 # the peer subnet needed, not the peer VPC's /16",
        "    VpcPeeringConnectionId: !Ref Peering",
      ].join("\n"),
      terraform: [
        'resource "aws_route" "peer" {',
        "  route_table_id            = aws_route_table.app.id",
        '  destination_cidr_block    = "10.1.2.0/24" # the peer subnet needed, not the peer VPC\'s /16',
        "  vpc_peering_connection_id = aws_vpc_peering_connection.this.id",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html",
  ],
  requires: ["ec2.routeTables"],
  cloudTrailEvents: [
    "CreateRoute",
    "ReplaceRoute",
    "DeleteRoute",
    "CreateRouteTable",
    "DeleteRouteTable",
    "AssociateRouteTable",
    "ReplaceRouteTableAssociation",
    "CreateVpcPeeringConnection",
    "AcceptVpcPeeringConnection",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return [...regionalValues(snapshot, "ec2.routeTables")].map(([region, tables]) =>
      judgeRegion(snapshot, region, tables),
    );
  },
};

function judgeRegion(snapshot: Snapshot, region: string, tables: readonly RouteTable[]): Finding {
  const peered = [...tables]
    .sort((a, b) => a.routeTableId.localeCompare(b.routeTableId))
    .flatMap((table) => {
      const routes = table.routes.filter((route) => route.vpcPeeringConnectionId !== null);
      if (routes.length === 0) return [];
      return [
        {
          routeTableId: table.routeTableId,
          vpcId: table.vpcId,
          main: table.main,
          subnetIds: table.subnetIds,
          peeringRoutes: routes.map((route) => ({
            destination:
              route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId,
            vpcPeeringConnectionId: route.vpcPeeringConnectionId,
            state: route.state,
          })),
        },
      ];
    });
  const routes = peered.reduce((n, table) => n + table.peeringRoutes.length, 0);
  const connections = [
    ...new Set(peered.flatMap((t) => t.peeringRoutes.map((r) => r.vpcPeeringConnectionId))),
  ].sort();
  return buildFinding(rule, snapshot, {
    status: peered.length === 0 ? "PASS" : "MANUAL",
    ...accountResource(snapshot),
    identity: ["account", region],
    region,
    statusExtended:
      peered.length === 0
        ? `No route table in ${region} routes to a VPC peering connection: nothing to review.`
        : `${routes} route${routes === 1 ? "" : "s"} in ${peered.length} route table${peered.length === 1 ? "" : "s"} in ${region} send traffic to VPC peering connection${connections.length === 1 ? "" : "s"} ${connections.join(", ")}: check that each destination is only what must be reached (evidence).`,
    evidence: {
      region,
      routeTablesWithPeeringRoutes: peered,
      routeTablesRead: tables.length,
      source: "ec2:DescribeRouteTables",
    },
  });
}
