/**
 * The CloudTrail dataset (`cloudtrail.trails`) against moto: DescribeTrails with shadow trails in every
 * region read, GetTrailStatus and GetEventSelectors once per trail in its home region (exact call
 * counts), classic and advanced selectors as stored, and the distinct-trail view de-duplicating by ARN.
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { distinctTrails } from "../../src/snapshot/cloudtrail-trails.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { collectInRegions } from "../support/collect-regions.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, motoClientConfig } from "../support/moto.js";

const AT = new Date("2026-12-07T09:00:00Z");
const REGIONS = ["ap-southeast-2", "eu-west-1", "us-east-1"];

describeWithMoto("cloudtrail.trails against moto", (moto) => {
  const made: { destroy(): void }[] = [];
  afterEach(() => {
    for (const client of made.splice(0)) client.destroy();
  });
  function trailClient(region: string): CloudTrailClient {
    const client = new CloudTrailClient(motoClientConfig(moto(), region));
    made.push(client);
    return client;
  }
  async function bucket(name: string): Promise<void> {
    const s3 = new S3Client(motoClientConfig(moto(), "us-east-1"));
    made.push(s3);
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }

  it("lists shadow copies in every region, reads each trail once in its home region", async () => {
    await bucket("trail-logs");
    const east = trailClient("us-east-1");
    const west = trailClient("eu-west-1");
    await east.send(
      new CreateTrailCommand({
        Name: "org-wide",
        S3BucketName: "trail-logs",
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
      }),
    );
    await east.send(
      new PutEventSelectorsCommand({
        TrailName: "org-wide",
        EventSelectors: [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: true,
            DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }],
          },
        ],
      }),
    );
    await east.send(new StartLoggingCommand({ Name: "org-wide" }));
    await west.send(new CreateTrailCommand({ Name: "local", S3BucketName: "trail-logs" }));
    await west.send(
      new PutEventSelectorsCommand({
        TrailName: "local",
        AdvancedEventSelectors: [
          {
            Name: "S3 writes",
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Data"] },
              { Field: "resources.type", Equals: ["AWS::S3::Object"] },
              { Field: "readOnly", Equals: ["false"] },
            ],
          },
        ],
      }),
    );

    const { snapshot, calls } = await collectInRegions(moto().endpoint, ["cloudtrail.trails"], REGIONS, {
      collectedAt: AT,
    });
    expect(calls).toEqual({
      "ec2:DescribeRegions": 1,
      "cloudtrail:DescribeTrails": 3,
      "cloudtrail:GetTrailStatus": 2,
      "cloudtrail:GetEventSelectors": 2,
    });
    const byRegion = snapshot.datasets?.["cloudtrail.trails"];
    expect(
      [...(byRegion ?? [])].map(([region, list]) => [region, list.map((t) => [t.name, t.shadow])]),
    ).toEqual([
      ["ap-southeast-2", [["org-wide", true]]],
      [
        "eu-west-1",
        [
          ["org-wide", true],
          ["local", false],
        ],
      ],
      ["us-east-1", [["org-wide", false]]],
    ]);
    const trails = distinctTrails(snapshot);
    expect(trails.map((t) => [t.name, t.homeRegion, t.listedIn, t.homeRegionRead, t.otherAccount])).toEqual([
      ["local", "eu-west-1", ["eu-west-1"], true, false],
      ["org-wide", "us-east-1", ["ap-southeast-2", "eu-west-1", "us-east-1"], true, false],
    ]);
    const [local, wide] = trails;
    expect(wide).toMatchObject({
      trailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-wide",
      ownerAccountId: MOTO_ACCOUNT_ID,
      isMultiRegionTrail: true,
      isOrganizationTrail: false,
      logFileValidationEnabled: true,
      s3BucketName: "trail-logs",
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
      cloudWatchLogsLogGroupArn: null,
      status: { isLogging: true, latestCloudWatchLogsDeliveryTime: null },
      statusError: null,
      eventSelectors: {
        classic: [
          {
            readWriteType: "All",
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
          },
        ],
        advanced: null,
      },
      eventSelectorsError: null,
    });
    expect(local).toMatchObject({
      isMultiRegionTrail: false,
      logFileValidationEnabled: false,
      kmsKeyId: null,
      status: { isLogging: false },
      eventSelectors: {
        classic: null,
        advanced: [
          {
            name: "S3 writes",
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"], notEquals: [] },
              { field: "resources.type", equals: ["AWS::S3::Object"] },
              { field: "readOnly", equals: ["false"] },
            ],
          },
        ],
      },
    });
    // The snapshot file holds the same trails.
    const offline = parseSnapshot(serializeSnapshot(snapshot), "snap.json");
    expect(distinctTrails(offline)).toEqual(trails);
  });

  it("no trail anywhere: an empty list per region, no per-trail call", async () => {
    const { snapshot, calls } = await collectInRegions(
      moto().endpoint,
      ["cloudtrail.trails"],
      ["eu-west-1", "us-east-1"],
    );
    expect(calls).toEqual({ "ec2:DescribeRegions": 1, "cloudtrail:DescribeTrails": 2 });
    expect([...(snapshot.datasets?.["cloudtrail.trails"] ?? [])]).toEqual([
      ["eu-west-1", []],
      ["us-east-1", []],
    ]);
    expect(distinctTrails(snapshot)).toEqual([]);
  });
});

describe("distinctTrails", () => {
  it("is empty without the dataset", () => {
    expect(distinctTrails({ accountId: "111122223333" })).toEqual([]);
  });
});
