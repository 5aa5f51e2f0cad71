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
