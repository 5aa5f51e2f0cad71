/**
 * The AWS Config dataset (`config.recorders`) against moto: three calls per region, the recorder's
 * recording group and strategy, its status (moto leaves lastStatus PENDING: a SUCCESS is a snapshot
 * fixture in the rule tests) and the delivery channel; a region without Config is empty.
 */
import { expect, it } from "vitest";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { collectInRegions } from "../support/collect-regions.js";
import { describeWithMoto, MOTO_ACCOUNT_ID } from "../support/moto.js";
import { enableConfig } from "../support/moto-logging.js";

describeWithMoto("config.recorders against moto", (moto) => {
  it("reads recorders, statuses and delivery channels in each region (3 calls per region)", async () => {
    await enableConfig(moto().endpoint, "eu-west-1", { includeGlobalResourceTypes: false });
    await enableConfig(moto().endpoint, "us-east-1", { exclude: ["AWS::EC2::Instance"] });
    const { snapshot, calls } = await collectInRegions(
      moto().endpoint,
      ["config.recorders"],
      ["ap-southeast-2", "eu-west-1", "us-east-1"],
    );
    expect(calls).toEqual({
      "ec2:DescribeRegions": 1,
      "config:DescribeConfigurationRecorders": 3,
      "config:DescribeConfigurationRecorderStatus": 3,
      "config:DescribeDeliveryChannels": 3,
    });
    const values = snapshot.datasets?.["config.recorders"];
    expect(values?.get("ap-southeast-2")).toEqual({ recorders: [], statuses: [], deliveryChannels: [] });
    expect(values?.get("eu-west-1")).toMatchObject({
      recorders: [
        {
          name: "default",
          roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/config`,
          allSupported: true,
          includeGlobalResourceTypes: false,
          exclusionResourceTypes: [],
          servicePrincipal: null,
        },
      ],
      statuses: [{ name: "default", recording: true, lastStatus: "PENDING" }],
      deliveryChannels: [{ name: "default", s3BucketName: "config-eu-west-1", snsTopicArn: null }],
    });
    expect(values?.get("us-east-1")?.recorders[0]).toMatchObject({
      allSupported: false,
      exclusionResourceTypes: ["AWS::EC2::Instance"],
      recordingStrategy: "EXCLUSION_BY_RESOURCE_TYPES",
    });
    const offline = parseSnapshot(serializeSnapshot(snapshot), "snap.json");
    expect(offline.datasets?.["config.recorders"]).toEqual(values);
  });
});
