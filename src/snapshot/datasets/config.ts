/**
 * AWS Config datasets: per enabled region, the configuration recorders, their status and the delivery
 * channels.
 *
 * Sources: AWS Config API Reference, DescribeConfigurationRecorders (`recordingGroup`:
 * `allSupported`, `includeGlobalResourceTypes`, `exclusionByResourceTypes`, `recordingStrategy.useOnly`;
 * `recordingScope` and `servicePrincipal` of service-linked recorders), DescribeConfigurationRecorderStatus
 * (`recording`, `lastStatus`), DescribeDeliveryChannels. None is paginated.
 */
import { type DatasetValue, defineDataset } from "../dataset.js";

/** The AWS Config recording setup of one region. */
export const recorders = defineDataset({
  name: "config.recorders",
  scope: "region",
  title: "the AWS Config recorders, their status and delivery channels",
  actions: [
    "config:DescribeConfigurationRecorders",
    "config:DescribeConfigurationRecorderStatus",
    "config:DescribeDeliveryChannels",
  ],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z.looseObject({
      recorders: z
        .array(
          z.looseObject({
            name: z.string(),
            arn: z.string().nullable(),
            roleArn: z.string().nullable(),
            /** `recordingGroup.allSupported`; null when AWS sent no recording group. */
            allSupported: z.boolean().nullable(),
            /** `recordingGroup.includeGlobalResourceTypes`. */
            includeGlobalResourceTypes: z.boolean().nullable(),
            /** `recordingGroup.resourceTypes` (an inclusion list). */
            resourceTypes: z.array(z.string()).readonly(),
            /** `recordingGroup.exclusionByResourceTypes.resourceTypes`. */
            exclusionResourceTypes: z.array(z.string()).readonly(),
            /** `recordingGroup.recordingStrategy.useOnly`: `ALL_SUPPORTED_RESOURCE_TYPES`, `INCLUSION_BY_RESOURCE_TYPES`, `EXCLUSION_BY_RESOURCE_TYPES`. */
            recordingStrategy: z.string().nullable(),
            /** `recordingScope`: `PAID` (customer managed) or `INTERNAL` (service-linked). */
            recordingScope: z.string().nullable(),
            /** `servicePrincipal`: set on a service-linked recorder (an AWS service records for itself). */
            servicePrincipal: z.string().nullable(),
          }),
        )
        .readonly(),
      statuses: z
        .array(
          z.looseObject({
            name: z.string(),
            arn: z.string().nullable(),
            recording: z.boolean(),
            /** `lastStatus` as AWS sent it (`SUCCESS`, `Success`, `PENDING`, `FAILURE`, ...), or null. */
            lastStatus: z.string().nullable(),
            lastErrorCode: z.string().nullable(),
            lastErrorMessage: z.string().nullable(),
            lastStartTime: z.date().nullable(),
            lastStatusChangeTime: z.date().nullable(),
            servicePrincipal: z.string().nullable(),
          }),
        )
        .readonly(),
      deliveryChannels: z
        .array(
          z.looseObject({
            name: z.string(),
            s3BucketName: z.string().nullable(),
            snsTopicArn: z.string().nullable(),
            s3KmsKeyArn: z.string().nullable(),
          }),
        )
        .readonly(),
    }),
});

/** The AWS Config recording setup of one region. */
export type ConfigRecording = DatasetValue<typeof recorders>;
/** One configuration recorder. */
export type ConfigRecorder = ConfigRecording["recorders"][number];
/** One recorder's status. */
export type ConfigRecorderStatus = ConfigRecording["statuses"][number];
