/**
 * Collector of the AWS Config dataset (`snapshot/datasets/config.ts`): in every enabled region,
 * DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus and DescribeDeliveryChannels
 * (3 calls per region, none paginated).
 *
 * Sources: AWS Config API Reference, DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus, DescribeDeliveryChannels.
 */
import { regionalClients, regionalCollector } from "./types.js";

export const recorders = regionalCollector({
  dataset: "config.recorders",
  async collect(context, region) {
    const client = await regionalClients(context).configService(region);
    const {
      DescribeConfigurationRecordersCommand,
      DescribeConfigurationRecorderStatusCommand,
      DescribeDeliveryChannelsCommand,
    } = await import("@aws-sdk/client-config-service");
    const { ConfigurationRecorders } = await client.send(new DescribeConfigurationRecordersCommand({}));
    const { ConfigurationRecordersStatus } = await client.send(
      new DescribeConfigurationRecorderStatusCommand({}),
    );
    const { DeliveryChannels } = await client.send(new DescribeDeliveryChannelsCommand({}));
    return {
      recorders: (ConfigurationRecorders ?? []).map((recorder) => ({
        name: recorder.name ?? "",
        arn: recorder.arn ?? null,
        roleArn: recorder.roleARN ?? null,
        allSupported: recorder.recordingGroup?.allSupported ?? null,
        includeGlobalResourceTypes: recorder.recordingGroup?.includeGlobalResourceTypes ?? null,
        resourceTypes: [...(recorder.recordingGroup?.resourceTypes ?? [])],
        exclusionResourceTypes: [...(recorder.recordingGroup?.exclusionByResourceTypes?.resourceTypes ?? [])],
        recordingStrategy: recorder.recordingGroup?.recordingStrategy?.useOnly ?? null,
        recordingScope: recorder.recordingScope ?? null,
        servicePrincipal: recorder.servicePrincipal ?? null,
      })),
      statuses: (ConfigurationRecordersStatus ?? []).map((status) => ({
        name: status.name ?? "",
        arn: status.arn ?? null,
        recording: status.recording === true,
        lastStatus: status.lastStatus ?? null,
        lastErrorCode: status.lastErrorCode ?? null,
        lastErrorMessage: status.lastErrorMessage ?? null,
        lastStartTime: status.lastStartTime ?? null,
        lastStatusChangeTime: status.lastStatusChangeTime ?? null,
        servicePrincipal: status.servicePrincipal ?? null,
      })),
      deliveryChannels: (DeliveryChannels ?? []).map((channel) => ({
        name: channel.name ?? "",
        s3BucketName: channel.s3BucketName ?? null,
        snsTopicArn: channel.snsTopicARN ?? null,
        s3KmsKeyArn: channel.s3KmsKeyArn ?? null,
      })),
    };
  },
});
