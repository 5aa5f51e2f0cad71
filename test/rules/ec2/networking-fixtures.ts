/**
 * Literal snapshots for the networking rules' tests: the datasets of the regions given, and builders of
 * security groups, permissions and network ACLs with AWS's defaults filled in.
 */
import type {
  Ec2Instance,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  SecurityGroupPermission,
} from "../../../src/snapshot/datasets/ec2.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";

export const ACCOUNT = "111122223333";
export const AT = new Date("2024-03-02T12:00:00Z");

/** Region → value, per dataset. */
export interface NetworkingData {
  "ec2.securityGroups"?: Record<string, readonly SecurityGroup[]>;
  "ec2.networkAcls"?: Record<string, readonly NetworkAcl[]>;
  "ec2.networkInterfaces"?: Record<string, readonly NetworkInterface[]>;
  "ec2.routeTables"?: Record<string, readonly RouteTable[]>;
  "ec2.instances"?: Record<string, readonly Ec2Instance[]>;
}

/** A live snapshot holding `data`; the enabled regions are those it names (and the errors'). */
export function snapshotOf(data: NetworkingData, errors: CollectionError[] = []): Snapshot {
  const regions = [
    ...new Set([
      ...Object.values(data).flatMap((byRegion) => Object.keys(byRegion ?? {})),
      ...errors.flatMap((error) => (error.region ? [error.region] : [])),
    ]),
  ].sort();
  const datasets: Record<string, ReadonlyMap<string, unknown>> = {};
  for (const [name, byRegion] of Object.entries(data))
    datasets[name] = new Map(Object.entries(byRegion ?? {}));
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors,
    regional: {
      regions: regions.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: regions,
    },
    datasets: datasets as Snapshot["datasets"],
    collected: [
      "ec2.regions",
      ...(Object.keys(data) as (keyof NetworkingData)[]),
      ...errors.map((e) => e.dataset).filter((d) => !(d in data)),
    ] as Snapshot["collected"],
  };
}

/** An inbound or outbound permission: TCP unless said, no sources unless given. */
export function permission(
  p: Partial<SecurityGroupPermission> & { cidrs?: string[] },
): SecurityGroupPermission {
  const { cidrs = [], ...rest } = p;
  return {
    ipProtocol: "tcp",
    fromPort: null,
    toPort: null,
    ipv4Ranges: cidrs.filter((c) => !c.includes(":")).map((cidr) => ({ cidr, description: null })),
    ipv6Ranges: cidrs.filter((c) => c.includes(":")).map((cidr) => ({ cidr, description: null })),
    prefixListIds: [],
    groupPairs: [],
    ...rest,
  };
}

/** A security group in vpc-1 with these inbound rules and no outbound rule unless given. */
export function group(
  groupId: string,
  ingress: SecurityGroupPermission[],
  more: Partial<SecurityGroup> = {},
): SecurityGroup {
  return {
    groupId,
    groupName: `group-${groupId}`,
    vpcId: "vpc-1",
    ownerId: ACCOUNT,
    description: "test",
    ingress,
    egress: [],
    ...more,
  };
}

/** An inbound IPv4 entry (egress false) unless said. */
export function entry(
  ruleNumber: number,
  ruleAction: "allow" | "deny",
  protocol: string,
  more: Partial<NetworkAclEntry> = {},
): NetworkAclEntry {
  return {
    ruleNumber,
    egress: false,
    protocol,
    ruleAction,
    cidrBlock: "0.0.0.0/0",
    ipv6CidrBlock: null,
    portRange: null,
    ...more,
  };
}

/** A network ACL of vpc-1 with these entries. */
export function acl(
  networkAclId: string,
  entries: NetworkAclEntry[],
  more: Partial<NetworkAcl> = {},
): NetworkAcl {
  return { networkAclId, vpcId: "vpc-1", isDefault: false, subnetIds: ["subnet-1"], entries, ...more };
}

/** A regional collection error (AccessDenied) of `dataset`. */
export function denied(dataset: string, api: string, region: string): CollectionError {
  return {
    dataset: dataset as CollectionError["dataset"],
    api,
    code: "UnauthorizedOperation",
    message: `${api} failed in ${region} for account ${ACCOUNT}: UnauthorizedOperation: denied. The caller lacks the IAM permission ${api} in ${region}.`,
    missingPermission: api,
    region,
  };
}
