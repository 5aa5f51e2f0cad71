/**
 * The networking datasets (ec2.securityGroups, ec2.networkAcls, ec2.networkInterfaces, ec2.routeTables)
 * and the metadata options of ec2.instances, collected through the runner with the real SDK v3: against
 * moto (its default VPC, security group and network ACL in every region, plus what each test makes), in
 * two regions only (`regions`), one call per dataset and region; and against our fake for AccessDenied
 * in one region (that region's ERROR, the others judged) with exact request counts.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { collectDatasets } from "../../src/aws/runner.js";
import { evaluateRule } from "../../src/engine/evaluate.js";
import { rule as defaultGroupRule } from "../../src/rules/ec2/ec2_default_security_group_no_rules.js";
import { rule as aclRule } from "../../src/rules/ec2/ec2_network_acl_admin_ports_closed.js";
import { rule as peeringRule } from "../../src/rules/ec2/ec2_route_table_peering_least_access.js";
import { rule as ipv4Rule } from "../../src/rules/ec2/ec2_security_group_admin_closed_ipv4.js";
import type { DatasetName } from "../../src/snapshot/datasets/index.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { regionalValues } from "../../src/snapshot/regional-values.js";
import { clientsFor } from "../support/collect-datasets.js";
import { startFakeAws } from "../support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, motoClientConfig } from "../support/moto.js";

const NETWORKING: readonly DatasetName[] = [
  "ec2.securityGroups",
  "ec2.networkAcls",
  "ec2.networkInterfaces",
  "ec2.routeTables",
  "ec2.instances",
];
const REGIONS = ["eu-west-1", "us-east-1"];

describeWithMoto("networking datasets against moto (the real SDK v3)", (moto) => {
  async function collect() {
    const clients = clientsFor(moto().endpoint, { ...MOTO_CREDENTIALS });
    try {
      const { snapshot } = await collectDatasets(
        clients,
        { accountId: MOTO_ACCOUNT_ID, partition: "aws" },
        { datasets: NETWORKING, collectedAt: new Date(), regions: REGIONS },
      );
      return { snapshot, calls: clients.apiCalls() };
    } finally {
      clients.destroy();
    }
  }

  it("reads moto's default VPC in each region: its default group (all outbound), network ACL (allow all), main route table; one call per dataset and region", async () => {
    const { snapshot, calls } = await collect();
    expect(snapshot.errors).toEqual([]);
    expect(calls).toEqual({
      "ec2:DescribeRegions": 1,
      "ec2:DescribeSecurityGroups": 2,
      "ec2:DescribeNetworkAcls": 2,
      "ec2:DescribeNetworkInterfaces": 2,
      "ec2:DescribeRouteTables": 2,
      "ec2:DescribeInstances": 2,
    });
    for (const region of REGIONS) {
      const [group, ...moreGroups] = regionalValues(snapshot, "ec2.securityGroups").get(region) ?? [];
      expect(moreGroups).toEqual([]);
      expect(group).toMatchObject({
        groupId: expect.stringMatching(/^sg-/),
        groupName: "default",
        vpcId: expect.stringMatching(/^vpc-/),
        ownerId: MOTO_ACCOUNT_ID,
        ingress: [],
        egress: [
          {
            ipProtocol: "-1",
            fromPort: null,
            toPort: null,
            ipv4Ranges: [{ cidr: "0.0.0.0/0", description: null }],
            ipv6Ranges: [],
            prefixListIds: [],
            groupPairs: [],
          },
        ],
      });
      const [acl, ...moreAcls] = regionalValues(snapshot, "ec2.networkAcls").get(region) ?? [];
      expect(moreAcls).toEqual([]);
      expect(acl?.isDefault).toBe(true);
      expect(acl?.vpcId).toBe(group?.vpcId);
      expect(acl?.subnetIds.length).toBeGreaterThan(0);
      const inbound = (acl?.entries ?? [])
        .filter((e) => !e.egress)
        .sort((a, b) => a.ruleNumber - b.ruleNumber);
      expect(inbound).toEqual([
        {
          ruleNumber: 100,
          egress: false,
          protocol: "-1",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
          ipv6CidrBlock: null,
          portRange: null,
        },
        {
          ruleNumber: 32767,
          egress: false,
          protocol: "-1",
          ruleAction: "deny",
          cidrBlock: "0.0.0.0/0",
          ipv6CidrBlock: null,
          portRange: null,
        },
      ]);
      expect(regionalValues(snapshot, "ec2.routeTables").get(region)).toEqual([
        {
          routeTableId: expect.stringMatching(/^rtb-/),
          vpcId: group?.vpcId,
          main: true,
          subnetIds: [],
          routes: [
            {
              destinationCidrBlock: "172.31.0.0/16",
              destinationIpv6CidrBlock: null,
              destinationPrefixListId: null,
              vpcPeeringConnectionId: null,
              target: "local",
              state: "active",
              origin: "CreateRouteTable",
            },
          ],
        },
      ]);
      expect(regionalValues(snapshot, "ec2.networkInterfaces").get(region)).toEqual([]);
      expect(regionalValues(snapshot, "ec2.instances").get(region)).toEqual([]);
    }
  });

  it("keeps IPv4 ranges, IPv6 ranges, prefix lists and group pairs apart; NACL entries with port ranges and IPv6; instances' metadata options and interfaces; peering routes", async () => {
    const region = "eu-west-1";
    const ec2 = new EC2Client(motoClientConfig(moto(), region));
    try {
      const { Vpcs } = await ec2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }),
      );
      const vpcId = Vpcs?.[0]?.VpcId as string;
      const { SecurityGroups } = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["default"] }] }),
      );
      const defaultGroupId = SecurityGroups?.[0]?.GroupId as string;
      const { GroupId } = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: "web", Description: "web tier", VpcId: vpcId }),
      );
      const groupId = GroupId as string;
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: "tcp",
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "ssh" }],
            },
            { IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
            {
              IpProtocol: "tcp",
              FromPort: 0,
              ToPort: 65535,
              UserIdGroupPairs: [{ GroupId: defaultGroupId, UserId: MOTO_ACCOUNT_ID }],
            },
          ],
        }),
      );
      const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
      const aclId = NetworkAcl?.NetworkAclId as string;
      await ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: aclId,
          RuleNumber: 10,
          Protocol: "6",
          RuleAction: "deny",
          Egress: false,
          CidrBlock: "0.0.0.0/0",
          PortRange: { From: 22, To: 22 },
        }),
      );
      await ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: aclId,
          RuleNumber: 101,
          Protocol: "-1",
          RuleAction: "allow",
          Egress: false,
          Ipv6CidrBlock: "::/0",
        }),
      );
      const run = await ec2.send(
        new RunInstancesCommand({
          ImageId: "ami-12c6146b",
          MinCount: 1,
          MaxCount: 1,
          MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled" },
        }),
      );
      const instanceId = run.Instances?.[0]?.InstanceId as string;
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
      const { VpcPeeringConnection } = await ec2.send(
        new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: Vpc?.VpcId }),
      );
      const pcx = VpcPeeringConnection?.VpcPeeringConnectionId as string;
      const { RouteTables } = await ec2.send(
        new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
      );
      const mainTable = RouteTables?.[0]?.RouteTableId as string;
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: mainTable,
          DestinationCidrBlock: "10.1.2.0/24",
          VpcPeeringConnectionId: pcx,
        }),
      );

      const { snapshot } = await collect();
      expect(snapshot.errors).toEqual([]);
      const web = regionalValues(snapshot, "ec2.securityGroups")
        .get(region)
        ?.find((g) => g.groupId === groupId);
      expect(web).toEqual({
        groupId,
        groupName: "web",
        vpcId,
        ownerId: MOTO_ACCOUNT_ID,
        description: "web tier",
        ingress: [
          {
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
            ipv4Ranges: [{ cidr: "0.0.0.0/0", description: "ssh" }],
            ipv6Ranges: [],
            prefixListIds: [],
            groupPairs: [],
          },
          {
            ipProtocol: "tcp",
            fromPort: 3389,
            toPort: 3389,
            ipv4Ranges: [],
            ipv6Ranges: [{ cidr: "::/0", description: null }],
            prefixListIds: [],
            groupPairs: [],
          },
          {
            ipProtocol: "tcp",
            fromPort: 0,
            toPort: 65535,
            ipv4Ranges: [],
            ipv6Ranges: [],
            prefixListIds: [],
            groupPairs: [
              {
                groupId: defaultGroupId,
                userId: MOTO_ACCOUNT_ID,
                vpcId: null,
                vpcPeeringConnectionId: null,
                description: null,
              },
            ],
          },
        ],
        egress: [
          expect.objectContaining({
            ipProtocol: "-1",
            ipv4Ranges: [{ cidr: "0.0.0.0/0", description: null }],
          }),
        ],
      });
      const acl = regionalValues(snapshot, "ec2.networkAcls")
        .get(region)
        ?.find((a) => a.networkAclId === aclId);
      expect(acl?.isDefault).toBe(false);
      expect(acl?.entries.filter((e) => e.ruleNumber < 32767)).toEqual([
        {
          ruleNumber: 10,
          egress: false,
          protocol: "6",
          ruleAction: "deny",
          cidrBlock: "0.0.0.0/0",
          ipv6CidrBlock: null,
          portRange: { from: 22, to: 22 },
        },
        {
          ruleNumber: 101,
          egress: false,
          protocol: "-1",
          ruleAction: "allow",
          cidrBlock: null,
          ipv6CidrBlock: "::/0",
          portRange: null,
        },
      ]);
      expect(regionalValues(snapshot, "ec2.instances").get(region)).toEqual([
        expect.objectContaining({ instanceId, httpTokens: "required", httpEndpoint: "enabled" }),
      ]);
      expect(regionalValues(snapshot, "ec2.networkInterfaces").get(region)).toEqual([
        {
          networkInterfaceId: expect.stringMatching(/^eni-/),
          vpcId,
          interfaceType: "interface",
          description: "Primary network interface",
          instanceId,
          requesterId: expect.any(String),
          groups: [{ groupId: defaultGroupId, groupName: "default" }],
        },
      ]);
      const main = regionalValues(snapshot, "ec2.routeTables")
        .get(region)
        ?.find((t) => t.routeTableId === mainTable);
      expect(main?.routes.filter((r) => r.vpcPeeringConnectionId !== null)).toEqual([
        {
          destinationCidrBlock: "10.1.2.0/24",
          destinationIpv6CidrBlock: null,
          destinationPrefixListId: null,
          vpcPeeringConnectionId: pcx,
          target: null,
          state: "active",
          origin: "CreateRoute",
        },
      ]);

      // The rules over what moto gave (the peer VPC has its own default group and network ACL), and the
      // same findings from the snapshot file.
      const statuses = (rule: typeof ipv4Rule) =>
        new Map(
          evaluateRule(rule, snapshot)
            .filter((f) => f.region === region)
            .map((f) => [f.resourceName, f.status]),
        );
      const groups = regionalValues(snapshot, "ec2.securityGroups").get(region) ?? [];
      const peerDefaultGroup = groups.find(
        (g) => g.vpcId === Vpc?.VpcId && g.groupName === "default",
      )?.groupId;
      expect(statuses(ipv4Rule)).toEqual(
        new Map([
          [defaultGroupId, "PASS"],
          [groupId, "FAIL"],
          [peerDefaultGroup, "PASS"],
        ]),
      );
      const acls = regionalValues(snapshot, "ec2.networkAcls").get(region) ?? [];
      expect(statuses(aclRule)).toEqual(
        new Map([
          [acls.find((a) => a.isDefault && a.vpcId === vpcId)?.networkAclId, "FAIL"],
          [aclId, "FAIL"], // IPv4: 22/tcp denied by 10, the rest by no entry; ::/0 allowed by 101
          [acls.find((a) => a.isDefault && a.vpcId === Vpc?.VpcId)?.networkAclId, "FAIL"],
        ]),
      );
      expect(
        (
          (evaluateRule(aclRule, snapshot).find((f) => f.resourceName === aclId)?.evidence.decisions ??
            []) as unknown[]
        ).slice(0, 1),
      ).toEqual([
        {
          source: "0.0.0.0/0",
          protocol: "tcp",
          port: 22,
          action: "deny",
          decidedBy: {
            ruleNumber: 10,
            ruleAction: "deny",
            protocol: "6",
            portRange: { from: 22, to: 22 },
            cidrBlock: "0.0.0.0/0",
          },
          decidedTogetherBy: [],
          partlyAllowedBy: [],
        },
      ]);
      const defaultGroup = evaluateRule(defaultGroupRule, snapshot).find(
        (f) => f.resourceName === defaultGroupId,
      );
      expect(defaultGroup?.status).toBe("FAIL");
      expect(defaultGroup?.evidence.networkInterfaces).toEqual([
        expect.objectContaining({ instanceId, interfaceType: "interface" }),
      ]);
      expect(evaluateRule(peeringRule, snapshot).map((f) => [f.region, f.status])).toEqual([
        ["eu-west-1", "MANUAL"],
        ["us-east-1", "PASS"],
      ]);
      const offline = parseSnapshot(serializeSnapshot(snapshot), "snap.json");
      for (const rule of [ipv4Rule, aclRule, defaultGroupRule, peeringRule])
        expect(evaluateRule(rule, offline)).toEqual(evaluateRule(rule, snapshot));
    } finally {
      ec2.destroy();
    }
  });
});

describe("networking datasets through our fake (AccessDenied per region, exact requests)", () => {
  let regional: FakeRegional;
  beforeEach(async () => {
    regional = await startFakeRegional();
  });
  afterEach(async () => {
    await regional.close();
    vi.unstubAllEnvs();
  });

  it("a call denied in one region fails that region's dataset only; one request per dataset and region", async ({
    onTestFinished,
  }) => {
    const fake = await startFakeAws();
    onTestFinished(() => fake.close());
    regional.setRegions([{ regionName: "us-east-1" }, { regionName: "eu-west-1" }]);
    regional.deny("DescribeSecurityGroups", "eu-west-1");
    regional.deny("DescribeNetworkAcls", "us-east-1");
    regional.deny("DescribeNetworkInterfaces", "eu-west-1");
    regional.deny("DescribeRouteTables", "eu-west-1");
    vi.stubEnv("AWS_ENDPOINT_URL", fake.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_EC2", regional.endpoint);
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, {
        rules: [ipv4Rule, aclRule, defaultGroupRule, peeringRule],
        collectedAt: new Date("2024-03-02T12:00:00Z"),
      });
    } finally {
      clients.destroy();
    }
    expect(regional.counts()).toEqual({
      "us-east-1 DescribeRegions": 1,
      "us-east-1 DescribeSecurityGroups": 1,
      "eu-west-1 DescribeSecurityGroups": 1,
      "us-east-1 DescribeNetworkAcls": 1,
      "eu-west-1 DescribeNetworkAcls": 1,
      "us-east-1 DescribeNetworkInterfaces": 1,
      "eu-west-1 DescribeNetworkInterfaces": 1,
      "us-east-1 DescribeRouteTables": 1,
      "eu-west-1 DescribeRouteTables": 1,
    });
    expect(
      live.snapshot.errors.map((e) => [e.region, e.dataset, e.api, e.code, e.missingPermission]),
    ).toEqual([
      [
        "eu-west-1",
        "ec2.securityGroups",
        "ec2:DescribeSecurityGroups",
        "UnauthorizedOperation",
        "ec2:DescribeSecurityGroups",
      ],
      [
        "eu-west-1",
        "ec2.networkInterfaces",
        "ec2:DescribeNetworkInterfaces",
        "UnauthorizedOperation",
        "ec2:DescribeNetworkInterfaces",
      ],
      [
        "eu-west-1",
        "ec2.routeTables",
        "ec2:DescribeRouteTables",
        "UnauthorizedOperation",
        "ec2:DescribeRouteTables",
      ],
      [
        "us-east-1",
        "ec2.networkAcls",
        "ec2:DescribeNetworkAcls",
        "UnauthorizedOperation",
        "ec2:DescribeNetworkAcls",
      ],
    ]);
    // The fake's regions hold no VPC: the regions read give no group or ACL finding; a denied region gives
    // its ERROR (the interfaces are evidence only: no ERROR for them); peering PASSes where it was read.
    expect(
      live.findings.map((f) => [f.ruleId, f.region, f.status, f.evidence.missingPermission ?? null]),
    ).toEqual([
      [ipv4Rule.id, "eu-west-1", "ERROR", "ec2:DescribeSecurityGroups"],
      [aclRule.id, "us-east-1", "ERROR", "ec2:DescribeNetworkAcls"],
      [defaultGroupRule.id, "eu-west-1", "ERROR", "ec2:DescribeSecurityGroups"],
      [peeringRule.id, "us-east-1", "PASS", null],
      [peeringRule.id, "eu-west-1", "ERROR", "ec2:DescribeRouteTables"],
    ]);
    // Offline from the snapshot file: the same findings.
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    const again = [ipv4Rule, aclRule, defaultGroupRule, peeringRule].flatMap((rule) =>
      evaluateRule(rule, offline),
    );
    expect(again).toEqual(live.findings);
  });
});
