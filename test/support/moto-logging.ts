/**
 * Seeding moto for the logging tests: AWS Config recorders (and their buckets), CloudTrail trails.
 */
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { MOTO_ACCOUNT_ID, motoClientConfig } from "./moto.js";

/** Sets up a recorder (with `group`) and a delivery channel in `region`, recording. */
export async function enableConfig(
  endpoint: string,
  region: string,
  group: { allSupported?: boolean; includeGlobalResourceTypes?: boolean; exclude?: string[] },
): Promise<void> {
  const config = new ConfigServiceClient(motoClientConfig({ endpoint }, region));
  const s3 = new S3Client(motoClientConfig({ endpoint }, region));
  try {
    const bucket = `config-${region}`;
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as "eu-west-1" } }),
      }),
    );
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: "default",
          roleARN: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/config`,
          recordingGroup: group.exclude
            ? {
                allSupported: false,
                includeGlobalResourceTypes: false,
                exclusionByResourceTypes: { resourceTypes: group.exclude as never[] },
                recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
              }
            : {
                allSupported: group.allSupported ?? true,
                includeGlobalResourceTypes: group.includeGlobalResourceTypes ?? true,
              },
        },
      }),
    );
    await config.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: "default", s3BucketName: bucket } }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
  } finally {
    config.destroy();
    s3.destroy();
  }
}

/**
 * A logging setup in moto: a multi-region trail `main` homed in us-east-1 (log file validation, a KMS key,
 * logging, management events and S3 object events of every bucket), AWS Config recording in eu-west-1
 * (moto leaves it PENDING), one customer managed key with rotation in us-east-1, and an active flow log
 * on eu-west-1's default VPC. Returns the trail ARN and the ids made.
 */
export async function seedLogging(
  endpoint: string,
): Promise<{ trailArn: string; keyId: string; vpcId: string }> {
  const { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } =
    await import("@aws-sdk/client-cloudtrail");
  const { KMSClient, CreateKeyCommand, EnableKeyRotationCommand } = await import("@aws-sdk/client-kms");
  const { EC2Client, DescribeVpcsCommand, CreateFlowLogsCommand } = await import("@aws-sdk/client-ec2");
  const s3 = new S3Client(motoClientConfig({ endpoint }, "us-east-1"));
  const trail = new CloudTrailClient(motoClientConfig({ endpoint }, "us-east-1"));
  const kms = new KMSClient(motoClientConfig({ endpoint }, "us-east-1"));
  const ec2 = new EC2Client(motoClientConfig({ endpoint }, "eu-west-1"));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: "trail-logs" }));
    const keyId = (await kms.send(new CreateKeyCommand({ Description: "trail key" }))).KeyMetadata
      ?.KeyId as string;
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    const created = await trail.send(
      new CreateTrailCommand({
        Name: "main",
        S3BucketName: "trail-logs",
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        KmsKeyId: `arn:aws:kms:us-east-1:${MOTO_ACCOUNT_ID}:key/${keyId}`,
      }),
    );
    await trail.send(
      new PutEventSelectorsCommand({
        TrailName: "main",
        EventSelectors: [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: true,
            DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::"] }],
          },
        ],
      }),
    );
    await trail.send(new StartLoggingCommand({ Name: "main" }));
    await enableConfig(endpoint, "eu-west-1", {});
    const { Vpcs } = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }),
    );
    const vpcId = Vpcs?.[0]?.VpcId as string;
    await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [vpcId],
        ResourceType: "VPC",
        TrafficType: "ALL",
        LogDestinationType: "s3",
        LogDestination: "arn:aws:s3:::trail-logs",
      }),
    );
    return { trailArn: created.TrailARN as string, keyId, vpcId };
  } finally {
    s3.destroy();
    trail.destroy();
    kms.destroy();
    ec2.destroy();
  }
}
