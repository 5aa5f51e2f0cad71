/**
 * CIS 3.9 (vpc_flow_logs_enabled): against moto in two regions (default VPCs, a flow log on a VPC, one on
 * a subnet only, exact calls), and over literal datasets for what moto cannot produce (a VPC shared by
 * another account, a flow log that is not ACTIVE), a region whose flow logs were denied.
 */
import {
  CreateFlowLogsCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/vpc/vpc_flow_logs_enabled.js";
import type { FlowLog, Vpc } from "../../../src/snapshot/datasets/ec2.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";
import { collectInRegions } from "../../support/collect-regions.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, motoClientConfig } from "../../support/moto.js";

const ACCOUNT = "111122223333";
const AT = new Date("2026-12-07T09:00:00Z");

function vpc(vpcId: string, overrides: Partial<Vpc> = {}): Vpc {
  return {
    vpcId,
    ownerId: ACCOUNT,
    isDefault: false,
    state: "available",
    cidrBlock: "10.0.0.0/16",
    name: null,
    ...overrides,
  };
}
function flowLog(resourceId: string, overrides: Partial<FlowLog> = {}): FlowLog {
  return {
    flowLogId: `fl-${resourceId}`,
    resourceId,
    flowLogStatus: "ACTIVE",
    trafficType: "ALL",
    logDestinationType: "s3",
    logDestination: "arn:aws:s3:::flow-logs",
    logGroupName: null,
    deliverLogsStatus: "SUCCESS",
    deliverLogsErrorMessage: null,
    creationTime: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}
function snapshot(
  vpcs: Record<string, Vpc[]>,
  logs: Record<string, FlowLog[]>,
  errors: CollectionError[] = [],
): Snapshot {
  const regions = [
    ...new Set([...Object.keys(vpcs), ...errors.flatMap((e) => (e.region ? [e.region] : []))]),
  ].sort();
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
    datasets: { "ec2.vpcs": new Map(Object.entries(vpcs)), "ec2.flowLogs": new Map(Object.entries(logs)) },
    collected: ["ec2.regions", "ec2.vpcs", "ec2.flowLogs"],
  };
}

describe("vpc_flow_logs_enabled over literal datasets", () => {
  it("PASS with an active VPC flow log of any traffic type; FAIL with none, with a subnet's only, or with one not ACTIVE", () => {
    const findings = evaluateRule(
      rule,
      snapshot(
        {
          "eu-west-1": [
            vpc("vpc-1", { name: "prod" }),
            vpc("vpc-2", { isDefault: true }),
            vpc("vpc-3"),
            vpc("vpc-4"),
            vpc("vpc-9", { ownerId: "999988887777" }),
          ],
        },
        {
          "eu-west-1": [
            flowLog("vpc-1", { trafficType: "REJECT" }),
            flowLog("subnet-2"),
            flowLog("vpc-3", { flowLogStatus: "FAILED", deliverLogsStatus: "FAILED" }),
            flowLog("vpc-9"),
          ],
        },
      ),
    );
    expect(findings.map((f) => [f.status, f.resourceArn, f.statusExtended])).toEqual([
      [
        "PASS",
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-1`,
        "VPC vpc-1 (prod) in eu-west-1 has an active flow log: fl-vpc-1 (REJECT traffic to s3 arn:aws:s3:::flow-logs).",
      ],
      [
        "FAIL",
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-2`,
        "Default VPC vpc-2 in eu-west-1 has no flow log on the VPC itself.",
      ],
      [
        "FAIL",
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-3`,
        "VPC vpc-3 in eu-west-1 has no active flow log: fl-vpc-3 is FAILED.",
      ],
      [
        "FAIL",
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-4`,
        "VPC vpc-4 in eu-west-1 has no flow log on the VPC itself.",
      ],
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      region: "eu-west-1",
      vpcId: "vpc-1",
      ownerId: ACCOUNT,
      isDefault: false,
      flowLogs: [
        {
          flowLogId: "fl-vpc-1",
          trafficType: "REJECT",
          flowLogStatus: "ACTIVE",
          creationTime: "2026-01-01T00:00:00Z",
        },
      ],
      // The VPC shared by account 999988887777 is its owner's to log: not judged, named.
      sharedVpcsNotJudged: [{ vpcId: "vpc-9", ownerId: "999988887777" }],
    });
  });

  it("only a VPC shared by another account: nothing to judge, one PASS on the account naming it", () => {
    const findings = evaluateRule(
      rule,
      snapshot({ "eu-west-1": [vpc("vpc-shared", { ownerId: "444455556666" })] }, { "eu-west-1": [] }),
    );
    expect(findings.map((f) => [f.status, f.resourceType, f.region, f.statusExtended])).toEqual([
      [
        "PASS",
        "AWS::::Account",
        "global",
        `Account ${ACCOUNT} has no VPC of its own in the 1 region read: nothing to judge (1 VPC shared by another account, whose owner logs it: sharedVpcsNotJudged in the evidence).`,
      ],
    ]);
    expect(findings[0]?.evidence).toEqual({
      vpcs: 0,
      sharedVpcsNotJudged: [{ region: "eu-west-1", vpcId: "vpc-shared", ownerId: "444455556666" }],
      regions: ["eu-west-1"],
      source: "ec2:DescribeVpcs, ec2:DescribeFlowLogs",
    });
  });

  it("a region whose flow logs were denied: its ERROR, no verdict on its VPCs; the other region judged", () => {
    const denied: CollectionError = {
      dataset: "ec2.flowLogs",
      api: "ec2:DescribeFlowLogs",
      code: "UnauthorizedOperation",
      message:
        "ec2:DescribeFlowLogs failed in us-east-1 for account 111122223333: UnauthorizedOperation: denied. The caller lacks the IAM permission ec2:DescribeFlowLogs in us-east-1.",
      missingPermission: "ec2:DescribeFlowLogs",
      region: "us-east-1",
    };
    const findings = evaluateRule(
      rule,
      snapshot(
        { "eu-west-1": [vpc("vpc-1")], "us-east-1": [vpc("vpc-2")] },
        { "eu-west-1": [flowLog("vpc-1")] },
        [denied],
      ),
    );
    expect(findings.map((f) => [f.region, f.status, f.resourceName])).toEqual([
      ["eu-west-1", "PASS", "vpc-1"],
      ["us-east-1", "ERROR", ACCOUNT],
    ]);
  });
});

describeWithMoto("vpc_flow_logs_enabled against moto (the real SDK v3)", (moto) => {
  it("two regions: the default VPCs, a VPC with a flow log, one with a subnet flow log only", async () => {
    const s3 = new S3Client(motoClientConfig(moto(), "us-east-1"));
    const west = new EC2Client(motoClientConfig(moto(), "eu-west-1"));
    const east = new EC2Client(motoClientConfig(moto(), "us-east-1"));
    let logged: string;
    let subnetOnly: string;
    let defaults: Record<string, string>;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: "flow-logs" }));
      logged = (await west.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc?.VpcId as string;
      await west.send(
        new CreateFlowLogsCommand({
          ResourceIds: [logged],
          ResourceType: "VPC",
          TrafficType: "REJECT",
          LogDestinationType: "s3",
          LogDestination: "arn:aws:s3:::flow-logs",
        }),
      );
      subnetOnly = (await east.send(new CreateVpcCommand({ CidrBlock: "10.2.0.0/16" }))).Vpc?.VpcId as string;
      const subnet = (
        await east.send(new CreateSubnetCommand({ VpcId: subnetOnly, CidrBlock: "10.2.1.0/24" }))
      ).Subnet?.SubnetId as string;
      await east.send(
        new CreateFlowLogsCommand({
          ResourceIds: [subnet],
          ResourceType: "Subnet",
          TrafficType: "ALL",
          LogDestinationType: "s3",
          LogDestination: "arn:aws:s3:::flow-logs",
        }),
      );
      defaults = {};
      for (const [region, client] of [
        ["eu-west-1", west],
        ["us-east-1", east],
      ] as const) {
        const { Vpcs } = await client.send(
          new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }),
        );
        defaults[region] = Vpcs?.[0]?.VpcId as string;
      }
    } finally {
      s3.destroy();
      west.destroy();
      east.destroy();
    }
    const { snapshot: live, calls } = await collectInRegions(
      moto().endpoint,
      ["ec2.vpcs", "ec2.flowLogs"],
      ["eu-west-1", "us-east-1"],
      { collectedAt: AT },
    );
    expect(calls).toEqual({ "ec2:DescribeRegions": 1, "ec2:DescribeVpcs": 2, "ec2:DescribeFlowLogs": 2 });
    const findings = evaluateRule(rule, live);
    const sorted = findings
      .map((f) => [f.region, f.resourceName, f.status])
      .sort((a, b) => String(a).localeCompare(String(b)));
    expect(sorted).toEqual(
      [
        ["eu-west-1", defaults["eu-west-1"], "FAIL"],
        ["eu-west-1", logged, "PASS"],
        ["us-east-1", defaults["us-east-1"], "FAIL"],
        ["us-east-1", subnetOnly, "FAIL"],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    expect(findings.find((f) => f.resourceName === logged)?.evidence).toMatchObject({
      ownerId: MOTO_ACCOUNT_ID,
      flowLogs: [
        { resourceId: logged, trafficType: "REJECT", flowLogStatus: "ACTIVE", logDestinationType: "s3" },
      ],
    });
    expect(evaluateRule(rule, parseSnapshot(serializeSnapshot(live), "snap.json"))).toEqual(findings);
  });
});
