/**
 * The AWS Config dataset (`config.recorders`) against moto: three calls per region, the recorder's
 * recording group and strategy, its status (moto leaves lastStatus PENDING: a SUCCESS is a snapshot
 * fixture in the rule tests) and the delivery channel; a region without Config is empty.
 */
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { expect, it } from "vitest";
import { scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { selectRules } from "../../src/engine/select.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { collectInRegions } from "../support/collect-regions.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, motoClientConfig } from "../support/moto.js";
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

  it("v5.0.0+ global types: the us-east-1 recorder left out by --regions eu-west-1 makes the account finding MANUAL naming the regions left out, not FAIL", async () => {
    await enableConfig(moto().endpoint, "us-east-1", { includeGlobalResourceTypes: true });
    await enableConfig(moto().endpoint, "eu-west-1", { includeGlobalResourceTypes: false });
    // The enabled regions moto lists, as DescribeRegions gives them: all but eu-west-1 are left out.
    const ec2 = new EC2Client(motoClientConfig(moto(), "us-east-1"));
    const { Regions } = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    ec2.destroy();
    const leftOut = (Regions ?? [])
      .filter((region) => region.OptInStatus !== "not-opted-in")
      .map((region) => region.RegionName as string)
      .filter((region) => region !== "eu-west-1")
      .sort();
    expect(leftOut).toContain("us-east-1");
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: moto().endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    try {
      const { findings } = await scanAccount(clients, {
        rules: selectRules({ ruleIds: ["config_recorder_all_regions_global_once"] }).rules,
        regions: ["eu-west-1"],
      });
      expect(findings.map((f) => [f.region, f.status])).toEqual([
        ["eu-west-1", "FAIL"], // moto leaves lastStatus PENDING
        ["global", "MANUAL"],
      ]);
      expect(findings[1]?.statusExtended).toBe(
        `No AWS Config recorder that includes global resource types is recording with last status SUCCESS in the regions read (eu-west-1); ${leftOut.join(", ")} were left out of this scan (--regions): check includeGlobalResourceTypes and the recorder status there with aws configservice describe-configuration-recorders and describe-configuration-recorder-status, or scan again with them in --regions.`,
      );
      expect(findings[1]?.evidence).toMatchObject({
        recordersIncludingGlobalResourceTypes: [],
        regionsRead: ["eu-west-1"],
        regionsNotRead: [],
        regionsNotScanned: leftOut,
      });
    } finally {
      clients.destroy();
    }
  });
});
