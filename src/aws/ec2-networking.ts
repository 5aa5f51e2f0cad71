/**
 * The networking data of one region, read with EC2's Describe calls, every page: security groups,
 * network ACLs, network interfaces and route tables (the CIS networking section). Reading only.
 *
 * Sources: Amazon EC2 API Reference, DescribeSecurityGroups (`SecurityGroups[].IpPermissions`,
 * `IpPermissionsEgress`, `MaxResults` 5–1000), DescribeNetworkAcls (`NetworkAcls[].Entries`, `MaxResults`
 * 5–100), DescribeNetworkInterfaces (`NetworkInterfaces[].Groups`, `Attachment`, `MaxResults` 5–1000),
 * DescribeRouteTables (`RouteTables[].Routes`, `Associations`, `MaxResults` 5–100).
 */
import {
  type EC2Client,
  type IpPermission,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  type Route,
} from "@aws-sdk/client-ec2";
import type {
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  SecurityGroupPermission,
} from "../snapshot/datasets/ec2.js";

/** ec2:DescribeSecurityGroups in the client's region, every page (1,000 groups a page). */
export async function describeSecurityGroups(ec2: EC2Client): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, { MaxResults: 1000 })) {
    for (const group of page.SecurityGroups ?? []) {
      if (!group.GroupId) continue;
      groups.push({
        groupId: group.GroupId,
        groupName: group.GroupName ?? "",
        vpcId: group.VpcId ?? null,
        ownerId: group.OwnerId ?? null,
        description: group.Description ?? null,
        ingress: (group.IpPermissions ?? []).map(permission),
        egress: (group.IpPermissionsEgress ?? []).map(permission),
      });
    }
  }
  return groups;
}

function permission(p: IpPermission): SecurityGroupPermission {
  return {
    ipProtocol: p.IpProtocol ?? "-1",
    fromPort: p.FromPort ?? null,
    toPort: p.ToPort ?? null,
    ipv4Ranges: (p.IpRanges ?? []).flatMap((r) =>
      r.CidrIp === undefined ? [] : [{ cidr: r.CidrIp, description: r.Description ?? null }],
    ),
    ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) =>
      r.CidrIpv6 === undefined ? [] : [{ cidr: r.CidrIpv6, description: r.Description ?? null }],
    ),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((r) =>
      r.PrefixListId === undefined
        ? []
        : [{ prefixListId: r.PrefixListId, description: r.Description ?? null }],
    ),
    groupPairs: (p.UserIdGroupPairs ?? []).map((pair) => ({
      groupId: pair.GroupId ?? null,
      userId: pair.UserId ?? null,
      vpcId: pair.VpcId ?? null,
      vpcPeeringConnectionId: pair.VpcPeeringConnectionId ?? null,
      description: pair.Description ?? null,
    })),
  };
}

/** ec2:DescribeNetworkAcls in the client's region, every page (100 ACLs a page). */
export async function describeNetworkAcls(ec2: EC2Client): Promise<NetworkAcl[]> {
  const acls: NetworkAcl[] = [];
  for await (const page of paginateDescribeNetworkAcls({ client: ec2 }, { MaxResults: 100 })) {
    for (const acl of page.NetworkAcls ?? []) {
      if (!acl.NetworkAclId) continue;
      acls.push({
        networkAclId: acl.NetworkAclId,
        vpcId: acl.VpcId ?? null,
        isDefault: acl.IsDefault === true,
        subnetIds: (acl.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
        entries: (acl.Entries ?? []).flatMap((entry) =>
          entry.RuleNumber === undefined
            ? []
            : [
                {
                  ruleNumber: entry.RuleNumber,
                  egress: entry.Egress === true,
                  protocol: entry.Protocol ?? "-1",
                  ruleAction: entry.RuleAction ?? "",
                  cidrBlock: entry.CidrBlock ?? null,
                  ipv6CidrBlock: entry.Ipv6CidrBlock ?? null,
                  portRange:
                    entry.PortRange?.From !== undefined && entry.PortRange.To !== undefined
                      ? { from: entry.PortRange.From, to: entry.PortRange.To }
                      : null,
                },
              ],
        ),
      });
    }
  }
  return acls;
}

/**
 * ec2:DescribeNetworkInterfaces in the client's region, every page (1,000 interfaces a page), without a
 * filter: one request per region for up to 1,000 interfaces says which resources use every group.
 */
export async function describeNetworkInterfaces(ec2: EC2Client): Promise<NetworkInterface[]> {
  const interfaces: NetworkInterface[] = [];
  for await (const page of paginateDescribeNetworkInterfaces({ client: ec2 }, { MaxResults: 1000 })) {
    for (const eni of page.NetworkInterfaces ?? []) {
      if (!eni.NetworkInterfaceId) continue;
      interfaces.push({
        networkInterfaceId: eni.NetworkInterfaceId,
        vpcId: eni.VpcId ?? null,
        interfaceType: eni.InterfaceType ?? null,
        description: eni.Description ?? null,
        instanceId: eni.Attachment?.InstanceId ?? null,
        requesterId: eni.RequesterId ?? null,
        groups: (eni.Groups ?? []).flatMap((g) =>
          g.GroupId ? [{ groupId: g.GroupId, groupName: g.GroupName ?? null }] : [],
        ),
      });
    }
  }
  return interfaces;
}

/** ec2:DescribeRouteTables in the client's region, every page (100 tables a page). */
export async function describeRouteTables(ec2: EC2Client): Promise<RouteTable[]> {
  const tables: RouteTable[] = [];
  for await (const page of paginateDescribeRouteTables({ client: ec2 }, { MaxResults: 100 })) {
    for (const table of page.RouteTables ?? []) {
      if (!table.RouteTableId) continue;
      const associations = table.Associations ?? [];
      tables.push({
        routeTableId: table.RouteTableId,
        vpcId: table.VpcId ?? null,
        main: associations.some((a) => a.Main === true),
        subnetIds: associations.flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
        routes: (table.Routes ?? []).map(route),
      });
    }
  }
  return tables;
}

function route(r: Route): RouteTable["routes"][number] {
  const target =
    r.GatewayId ??
    r.NatGatewayId ??
    r.TransitGatewayId ??
    r.NetworkInterfaceId ??
    r.InstanceId ??
    r.EgressOnlyInternetGatewayId ??
    r.LocalGatewayId ??
    r.CarrierGatewayId ??
    r.CoreNetworkArn ??
    null;
  return {
    destinationCidrBlock: r.DestinationCidrBlock ?? null,
    destinationIpv6CidrBlock: r.DestinationIpv6CidrBlock ?? null,
    destinationPrefixListId: r.DestinationPrefixListId ?? null,
    vpcPeeringConnectionId: r.VpcPeeringConnectionId ?? null,
    target,
    state: r.State ?? null,
    origin: r.Origin ?? null,
  };
}
