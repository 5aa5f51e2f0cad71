/**
 * `scan --framework cis_v150` against moto (the real SDK v3 in the built bin), live and offline from the
 * snapshot `collect --framework cis_v150` wrote: the same findings for section 5 (networking), in the two
 * regions `--regions` names. moto's default VPC in each region fails 5.1 (its network ACL allows all) and
 * 5.4 (its default group allows all outbound); a group open on 22 to 0.0.0.0/0 and on 3389 to ::/0 fails
 * 5.2 and 5.3; a route to a peering connection makes 5.5 MANUAL in that region only.
 */

import { join } from "node:path";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { beforeAll, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { describeWithMoto, MOTO_CREDENTIALS, motoClientConfig } from "../support/moto.js";
import { expectMotoCollectGaps } from "../support/moto-collect.js";

beforeAll(ensureBuilt, 120_000);

interface JsonFinding {
  ruleId: string;
  status: string;
  region: string;
  resourceName: string;
  frameworks: Record<string, string[]>;
  evidence: Record<string, unknown>;
}

describeWithMoto("scan --framework cis_v150, section 5, live against moto and offline", (moto) => {
  it("gives the same networking findings live and from the collected snapshot", async ({
    onTestFinished,
  }) => {
    const region = "eu-west-1";
    const ec2 = new EC2Client(motoClientConfig(moto(), region));
    let groupId: string;
    try {
      const { Vpcs } = await ec2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }),
      );
      const vpcId = Vpcs?.[0]?.VpcId as string;
      groupId = (
        await ec2.send(new CreateSecurityGroupCommand({ GroupName: "admin", Description: "x", VpcId: vpcId }))
      ).GroupId as string;
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
            { IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
          ],
        }),
      );
      // A second VPC to peer with: only the route to it through the peering matters here.
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
      const pcx = (
        await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: Vpc?.VpcId }))
      ).VpcPeeringConnection?.VpcPeeringConnectionId as string;
      const { RouteTables } = await ec2.send(
        new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
      );
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: RouteTables?.[0]?.RouteTableId,
          DestinationCidrBlock: "10.1.0.0/16",
          VpcPeeringConnectionId: pcx,
        }),
      );
    } finally {
      ec2.destroy();
    }

    const dir = await tempDir(onTestFinished);
    const env = {
      AWS_ENDPOINT_URL: moto().endpoint,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_MAX_ATTEMPTS: "1",
      CLOUDPATROL_REPORT_POLL_MS: "1",
    };
    const scope = ["--framework", "cis_v150", "--regions", "eu-west-1,us-east-1"];
    const section5 = (stdout: string) =>
      (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.filter((f) =>
        f.frameworks.cis_v150?.some((id) => id.startsWith("5.")),
      );

    const live = await cli(dir, ["scan", ...scope, "-o", "json", "--no-history"], env);
    expect(live.stdout.length, live.stderr).toBeGreaterThan(0);
    const collected = await cli(dir, ["collect", "--out", "snap.json", ...scope], env);
    // moto answers neither Access Analyzer nor Macie: the snapshot is written, and collect exits 1 saying so.
    await expectMotoCollectGaps(collected, join(dir, "snap.json"));
    const offline = await cli(
      dir,
      ["scan", "--snapshot", "snap.json", "--framework", "cis_v150", "-o", "json", "--no-history"],
      { ...env, AWS_ENDPOINT_URL: "http://127.0.0.1:9" }, // nothing answers there: offline means no call
    );
    expect(offline.stdout.length, offline.stderr).toBeGreaterThan(0);

    const liveFindings = section5(live.stdout);
    expect(section5(offline.stdout)).toEqual(liveFindings);
    const summary = liveFindings.map((f) => [f.frameworks.cis_v150?.join(), f.region, f.status, f.ruleId]);
    expect(summary.filter(([, r]) => r === "us-east-1")).toEqual([
      ["5.1", "us-east-1", "FAIL", "ec2_network_acl_admin_ports_closed"],
      ["5.2", "us-east-1", "PASS", "ec2_security_group_admin_closed_ipv4"],
      ["5.3", "us-east-1", "PASS", "ec2_security_group_admin_closed_ipv6"],
      ["5.4", "us-east-1", "FAIL", "ec2_default_security_group_no_rules"],
      ["5.5", "us-east-1", "PASS", "ec2_route_table_peering_least_access"],
    ]);
    const euWest = liveFindings.filter((f) => f.region === "eu-west-1");
    const statusOf = (ruleId: string, name: string) =>
      euWest.find((f) => f.ruleId === ruleId && f.resourceName === name)?.status;
    expect(statusOf("ec2_security_group_admin_closed_ipv4", groupId)).toBe("FAIL");
    expect(statusOf("ec2_security_group_admin_closed_ipv6", groupId)).toBe("FAIL");
    expect(
      euWest.filter((f) => f.ruleId === "ec2_network_acl_admin_ports_closed").map((f) => f.status),
    ).toEqual(["FAIL", "FAIL"]); // the default VPC's and the peer VPC's default network ACLs
    expect(
      euWest.filter((f) => f.ruleId === "ec2_default_security_group_no_rules").map((f) => f.status),
    ).toEqual(["FAIL", "FAIL"]);
    const peering = euWest.find((f) => f.ruleId === "ec2_route_table_peering_least_access");
    expect(peering?.status).toBe("MANUAL");
    expect(peering?.evidence.routeTablesWithPeeringRoutes).toEqual([
      expect.objectContaining({
        main: true,
        peeringRoutes: [
          {
            destination: "10.1.0.0/16",
            vpcPeeringConnectionId: expect.stringMatching(/^pcx-/),
            state: "active",
          },
        ],
      }),
    ]);
  }, 180_000);
});
