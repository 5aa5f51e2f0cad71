/**
 * EC2 datasets: the regions the account has enabled (account-wide; every regional dataset depends on
 * it), and per enabled region the instances and the EBS encryption-by-default setting.
 *
 * Sources: Amazon EC2 API Reference, DescribeRegions (`AllRegions`, `OptInStatus`), DescribeInstances,
 * GetEbsEncryptionByDefault, GetEbsDefaultKmsKeyId.
 */
import { type DatasetValue, defineDataset } from "../dataset.js";

/**
 * Every region DescribeRegions lists (opted-out ones too, as evidence) and the ones judged (snapshot
 * field `regional`: `regions`, `enabledRegions`; with `--regions`, only those of them).
 */
export const regions = defineDataset({
  name: "ec2.regions",
  scope: "account",
  title: "the enabled regions",
  actions: ["ec2:DescribeRegions"],
  dependsOn: [],
  stored: "field",
});

/** The EC2 instances of one region, every state. */
export const instances = defineDataset({
  name: "ec2.instances",
  scope: "region",
  title: "the EC2 instances",
  actions: ["ec2:DescribeInstances"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          instanceId: z.string(),
          /** `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`. */
          state: z.string(),
          /** The instance profile's ARN, or null when the instance has none. */
          instanceProfileArn: z.string().nullable(),
          instanceType: z.string().nullable(),
          launchTime: z.date().nullable(),
          /** The `Name` tag, or null. */
          name: z.string().nullable(),
          tags: z.record(z.string(), z.string()),
          /**
           * `MetadataOptions.HttpTokens`: `required` (IMDSv2 only) or `optional` (IMDSv1 too); null when
           * DescribeInstances gave none; absent in snapshots written before it was collected.
           */
          httpTokens: z.string().nullable().optional(),
          /** `MetadataOptions.HttpEndpoint`: `enabled` or `disabled` (no metadata service at all); as above. */
          httpEndpoint: z.string().nullable().optional(),
          /** `MetadataOptions.State`: `applied`, or `pending` just after a change; as above. */
          metadataOptionsState: z.string().nullable().optional(),
        }),
      )
      .readonly(),
});

/** One EC2 instance, as DescribeInstances shows it. */
export type Ec2Instance = DatasetValue<typeof instances>[number];

/**
 * Whether new EBS volumes of one region are encrypted by default, and with which KMS key (the region's
 * default EBS key: `alias/aws/ebs` unless changed).
 */
export const ebsEncryptionByDefault = defineDataset({
  name: "ec2.ebsEncryptionByDefault",
  scope: "region",
  title: "the EBS encryption-by-default setting",
  actions: ["ec2:GetEbsEncryptionByDefault", "ec2:GetEbsDefaultKmsKeyId"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z.looseObject({
      /** GetEbsEncryptionByDefault's `EbsEncryptionByDefault`. */
      enabled: z.boolean(),
      /** GetEbsDefaultKmsKeyId's `KmsKeyId` (an ARN or an alias), or null when not read (setting off, or an error). */
      kmsKeyId: z.string().nullable(),
      /** Why the key could not be read (the AWS error code), or null. Evidence only: CIS reads the setting. */
      kmsKeyIdError: z.string().nullable(),
    }),
});

/** The EBS encryption-by-default setting of one region. */
export type EbsEncryptionByDefault = DatasetValue<typeof ebsEncryptionByDefault>;

// Networking (CIS v1.5.0 section 5): security groups, network ACLs, network interfaces, route tables.
// Sources: Amazon EC2 API Reference, DescribeSecurityGroups (`IpPermissions`, `IpPermissionsEgress`),
// DescribeNetworkAcls (`Entries`), DescribeNetworkInterfaces (`Groups`, `Attachment`), DescribeRouteTables
// (`Routes`, `Associations`).

/**
 * An IPv6 CIDR as AWS writes one: zod's `cidrv6`, whose prefix length must also be a whole number (zod
 * accepts `2001:db8::/6.4`, which AWS never returns and which `cidrv4` refuses for IPv4).
 */
function ipv6Cidr(z: typeof import("zod").z) {
  return z.cidrv6().refine((value) => /\/\d{1,3}$/.test(value), {
    message: "Invalid IPv6 range: the prefix length must be a whole number",
  });
}

/**
 * One permission (rule) of a security group, as DescribeSecurityGroups gives it: the sources (or, for
 * egress, destinations) kept apart by kind, so that only a CIDR is ever read as "the internet".
 */
function securityGroupPermission(z: typeof import("zod").z) {
  return z.looseObject({
    /** `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6`, or a protocol number (`47`), as AWS returns it. */
    ipProtocol: z.string(),
    /** First port (TCP/UDP), ICMP type, or null (all protocols). */
    fromPort: z.number().int().min(-1).max(65535).nullable(),
    /** Last port (TCP/UDP), ICMP code, or null. */
    toPort: z.number().int().min(-1).max(65535).nullable(),
    /** `IpRanges[]`: IPv4 CIDRs. */
    ipv4Ranges: z.array(z.looseObject({ cidr: z.cidrv4(), description: z.string().nullable() })).readonly(),
    /** `Ipv6Ranges[]`: IPv6 CIDRs. */
    ipv6Ranges: z.array(z.looseObject({ cidr: ipv6Cidr(z), description: z.string().nullable() })).readonly(),
    /** `PrefixListIds[]`: managed prefix lists (never read as the internet). */
    prefixListIds: z
      .array(z.looseObject({ prefixListId: z.string(), description: z.string().nullable() }))
      .readonly(),
    /** `UserIdGroupPairs[]`: referenced security groups (never read as the internet). */
    groupPairs: z
      .array(
        z.looseObject({
          groupId: z.string().nullable(),
          userId: z.string().nullable(),
          vpcId: z.string().nullable(),
          vpcPeeringConnectionId: z.string().nullable(),
          description: z.string().nullable(),
        }),
      )
      .readonly(),
  });
}

/** The security groups of one region (every VPC's, the default groups included), every page. */
export const securityGroups = defineDataset({
  name: "ec2.securityGroups",
  scope: "region",
  title: "the security groups",
  actions: ["ec2:DescribeSecurityGroups"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          groupId: z.string(),
          groupName: z.string(),
          /** The VPC, or null (EC2-Classic). */
          vpcId: z.string().nullable(),
          ownerId: z.string().nullable(),
          description: z.string().nullable(),
          /** Inbound rules. */
          ingress: z.array(securityGroupPermission(z)).readonly(),
          /** Outbound rules. */
          egress: z.array(securityGroupPermission(z)).readonly(),
        }),
      )
      .readonly(),
});

/** One security group, as DescribeSecurityGroups shows it. */
export type SecurityGroup = DatasetValue<typeof securityGroups>[number];

/** One permission of a security group. */
export type SecurityGroupPermission = SecurityGroup["ingress"][number];

/** The network ACLs of one region, every page, with every entry (the `*` rule 32767 included). */
export const networkAcls = defineDataset({
  name: "ec2.networkAcls",
  scope: "region",
  title: "the network ACLs",
  actions: ["ec2:DescribeNetworkAcls"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          networkAclId: z.string(),
          vpcId: z.string().nullable(),
          /** The VPC's default network ACL. */
          isDefault: z.boolean(),
          /** The subnets it is associated with. */
          subnetIds: z.array(z.string()).readonly(),
          entries: z
            .array(
              z.looseObject({
                /** Evaluated in increasing order, first match wins; 32767 is the final `*` deny. */
                ruleNumber: z.number(),
                /** True for an outbound entry. */
                egress: z.boolean(),
                /** `-1` (all) or a protocol number (`6` TCP, `17` UDP, `1` ICMP, `58` ICMPv6, ...). */
                protocol: z.string(),
                /** `allow` or `deny`. */
                ruleAction: z.string(),
                /** IPv4 CIDR, or null for an IPv6 entry. */
                cidrBlock: z.cidrv4().nullable(),
                /** IPv6 CIDR, or null for an IPv4 entry. */
                ipv6CidrBlock: ipv6Cidr(z).nullable(),
                /** Port range (TCP/UDP entries), or null: every port. */
                portRange: z
                  .looseObject({
                    from: z.number().int().min(0).max(65535),
                    to: z.number().int().min(0).max(65535),
                  })
                  .nullable(),
              }),
            )
            .readonly(),
        }),
      )
      .readonly(),
});

/** One network ACL, as DescribeNetworkAcls shows it. */
export type NetworkAcl = DatasetValue<typeof networkAcls>[number];

/** One entry of a network ACL. */
export type NetworkAclEntry = NetworkAcl["entries"][number];

/**
 * The network interfaces of one region, every page, reduced to what says which resources use which
 * security group (evidence of the default-security-group requirement: what breaks when its rules go).
 */
export const networkInterfaces = defineDataset({
  name: "ec2.networkInterfaces",
  scope: "region",
  title: "the network interfaces",
  actions: ["ec2:DescribeNetworkInterfaces"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          networkInterfaceId: z.string(),
          vpcId: z.string().nullable(),
          /** `interface`, `lambda`, `nat_gateway`, `vpc_endpoint`, ... */
          interfaceType: z.string().nullable(),
          description: z.string().nullable(),
          /** `Attachment.InstanceId`: the instance it is attached to, or null. */
          instanceId: z.string().nullable(),
          /** `RequesterId` of an interface an AWS service made (ELB, Lambda, ...), or null. */
          requesterId: z.string().nullable(),
          /** The security groups it is in. */
          groups: z
            .array(z.looseObject({ groupId: z.string(), groupName: z.string().nullable() }))
            .readonly(),
        }),
      )
      .readonly(),
});

/** One network interface, as DescribeNetworkInterfaces shows it (the fields kept). */
export type NetworkInterface = DatasetValue<typeof networkInterfaces>[number];

/** The route tables of one region, every page, with every route. */
export const routeTables = defineDataset({
  name: "ec2.routeTables",
  scope: "region",
  title: "the route tables",
  actions: ["ec2:DescribeRouteTables"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          routeTableId: z.string(),
          vpcId: z.string().nullable(),
          /** True when it is its VPC's main route table (serves every subnet without its own). */
          main: z.boolean(),
          /** The subnets explicitly associated with it. */
          subnetIds: z.array(z.string()).readonly(),
          routes: z
            .array(
              z.looseObject({
                destinationCidrBlock: z.string().nullable(),
                destinationIpv6CidrBlock: z.string().nullable(),
                destinationPrefixListId: z.string().nullable(),
                /** The VPC peering connection the route sends traffic to (`pcx-...`), or null. */
                vpcPeeringConnectionId: z.string().nullable(),
                /**
                 * Any other target: `local`, or the id of the gateway, NAT gateway, transit gateway, network
                 * interface, instance, ... the route sends to; null for a peering route.
                 */
                target: z.string().nullable(),
                /** `active` or `blackhole`. */
                state: z.string().nullable(),
                /** `CreateRouteTable`, `CreateRoute`, `EnableVgwRoutePropagation`. */
                origin: z.string().nullable(),
              }),
            )
            .readonly(),
        }),
      )
      .readonly(),
});

/** One route table, as DescribeRouteTables shows it. */
export type RouteTable = DatasetValue<typeof routeTables>[number];

/** The VPCs of one region (DescribeVpcs, every page), shared ones included (`ownerId` says whose). */
export const vpcs = defineDataset({
  name: "ec2.vpcs",
  scope: "region",
  title: "the VPCs",
  actions: ["ec2:DescribeVpcs"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          vpcId: z.string(),
          /** The account that owns the VPC: another account for a VPC shared with this one (AWS RAM). */
          ownerId: z.string(),
          isDefault: z.boolean(),
          /** `pending` or `available`. */
          state: z.string(),
          cidrBlock: z.string().nullable(),
          /** The `Name` tag, or null. */
          name: z.string().nullable(),
        }),
      )
      .readonly(),
});

/** One VPC, as DescribeVpcs shows it. */
export type Vpc = DatasetValue<typeof vpcs>[number];

/** The flow logs of one region (DescribeFlowLogs, every page): on VPCs, subnets, interfaces, ... */
export const flowLogs = defineDataset({
  name: "ec2.flowLogs",
  scope: "region",
  title: "the VPC flow logs",
  actions: ["ec2:DescribeFlowLogs"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          flowLogId: z.string(),
          /** What the flow log is attached to: `vpc-…`, `subnet-…`, `eni-…`, a transit gateway (attachment). */
          resourceId: z.string(),
          /** `ACTIVE` when the flow log is in place. */
          flowLogStatus: z.string().nullable(),
          /** `ACCEPT`, `REJECT` or `ALL`. */
          trafficType: z.string().nullable(),
          /** `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
          logDestinationType: z.string().nullable(),
          logDestination: z.string().nullable(),
          logGroupName: z.string().nullable(),
          /** `SUCCESS` or `FAILED` (delivery), with the error message when it failed. */
          deliverLogsStatus: z.string().nullable(),
          deliverLogsErrorMessage: z.string().nullable(),
          creationTime: z.date().nullable(),
        }),
      )
      .readonly(),
});

/** One flow log, as DescribeFlowLogs shows it. */
export type FlowLog = DatasetValue<typeof flowLogs>[number];
