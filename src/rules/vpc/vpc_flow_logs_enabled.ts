/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.9 (Level 2, Automated): "Ensure VPC flow logging
 * is enabled in all VPCs" (v1.2.0 2.9; v1.3.0–v2.0.0 3.9; v3.0.0–v5.0.0 3.7; v6.0.0 4.7).
 *
 * Audit: in every enabled region, every VPC the account owns has a flow log on the VPC itself
 * (DescribeFlowLogs `ResourceId` = the VPC id; subnet and interface flow logs do not count) whose
 * `FlowLogStatus` is ACTIVE. Any traffic type passes in every version: the audits ask for an active flow
 * log, and only v1.2.0's remediation suggests REJECT (docs/frameworks.md); the traffic type is in the
 * evidence. One finding per owned VPC, default VPCs included. VPCs shared with the account by another
 * (`OwnerId` differs) are not judged here (their owner configures their flow logs): the region's
 * findings list them (`sharedVpcsNotJudged`). A region whose VPCs or flow logs could not be read gets the
 * engine's ERROR finding. No VPC of its own in any region: one PASS on the account ("nothing to judge"),
 * never while a region's read failed (`nothingToJudge`).
 *
 * Sources: Amazon EC2 API Reference, DescribeVpcs, DescribeFlowLogs; Amazon VPC User Guide, "Logging IP
 * traffic using VPC Flow Logs".
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { FlowLog, Vpc } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import { nothingToJudge } from "../nothing-to-judge.js";
import type { Rule } from "../types.js";

/** The rule. */
export const rule: Rule = {
  id: "vpc_flow_logs_enabled",
  title: "Every VPC has an active flow log",
  severity: "medium",
  resourceTypes: ["AWS::EC2::VPC"],
  description:
    "Checks, in every enabled region, that each VPC the account owns (default VPCs included) has an active " +
    "VPC flow log attached to the VPC itself.",
  rationale:
    "Flow logs record the IP traffic of the VPC's network interfaces: which addresses talked, on which ports, " +
    "accepted or rejected. Without them, unusual traffic and connections from an intruder cannot be found " +
    "after the fact.",
  remediation: {
    console: [
      "Open the VPC console in the region named in the finding and choose Your VPCs, then the VPC.",
      "On the Flow logs tab choose Create flow log; choose the traffic to log (All, or Reject as v1.2.0 suggests), a destination (CloudWatch Logs with an IAM role, or an S3 bucket), and Create.",
      "An unused default VPC may be deleted instead of logged.",
    ],
    cli: [
      "aws ec2 describe-vpcs --region <region> --query 'Vpcs[].[VpcId,OwnerId,IsDefault]'",
      "aws ec2 describe-flow-logs --region <region> --filter Name=resource-id,Values=<vpc-id>",
      "aws ec2 create-flow-logs --region <region> --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>/flow-logs/",
    ],
    iac: {
      cloudformation: [
        "FlowLog:",
        "  Type: AWS::EC2::FlowLog",
        "  Properties:",
        "    ResourceId: !Ref Vpc",
        "    ResourceType: VPC",
        "    TrafficType: ALL",
        "    LogDestinationType: s3",
        "    LogDestination: !Sub arn:aws:s3:::flow-log-bucket/flow-logs/",
      ].join("\n"),
      terraform: [
        'resource "aws_flow_log" "vpc" {',
        "  vpc_id               = aws_vpc.main.id",
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        "  log_destination      = aws_s3_bucket.flow_logs.arn",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html",
  ],
  requires: ["ec2.vpcs", "ec2.flowLogs"],
  cloudTrailEvents: ["CreateVpc", "DeleteVpc", "CreateDefaultVpc", "CreateFlowLogs", "DeleteFlowLogs"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const logsByRegion = regionalValues(snapshot, "ec2.flowLogs");
    const findings: Finding[] = [];
    const read: string[] = [];
    const allShared: { region: string; vpcId: string; ownerId: string }[] = [];
    for (const [region, vpcs] of regionalValues(snapshot, "ec2.vpcs")) {
      const logs = logsByRegion.get(region);
      if (!logs) continue; // its flow logs could not be read: the engine's ERROR for the region says so
      read.push(region);
      const shared = vpcs
        .filter((vpc) => vpc.ownerId !== snapshot.accountId)
        .map((vpc) => ({ vpcId: vpc.vpcId, ownerId: vpc.ownerId }));
      allShared.push(...shared.map((entry) => ({ region, ...entry })));
      const owned = vpcs
        .filter((vpc) => vpc.ownerId === snapshot.accountId)
        .sort((a, b) => (a.vpcId < b.vpcId ? -1 : a.vpcId > b.vpcId ? 1 : 0));
      for (const vpc of owned) findings.push(judgeVpc(snapshot, region, vpc, logs, shared));
    }
    if (findings.length > 0 || read.length === 0) return findings;
    const shared = allShared.length;
    return nothingToJudge(rule, snapshot, {
      datasets: ["ec2.vpcs", "ec2.flowLogs"],
      regions: read,
      noun: "VPC of its own",
      ...(shared > 0
        ? {
            more: ` (${shared} VPC${shared === 1 ? "" : "s"} shared by another account, whose owner logs ${shared === 1 ? "it" : "them"}: sharedVpcsNotJudged in the evidence)`,
          }
        : {}),
      evidence: {
        vpcs: 0,
        sharedVpcsNotJudged: allShared,
        regions: read,
        source: "ec2:DescribeVpcs, ec2:DescribeFlowLogs",
      },
    });
  },
};

function judgeVpc(
  snapshot: Snapshot,
  region: string,
  vpc: Vpc,
  logs: readonly FlowLog[],
  shared: readonly { vpcId: string; ownerId: string }[],
): Finding {
  const onVpc = logs.filter((log) => log.resourceId === vpc.vpcId);
  const active = onVpc.filter((log) => log.flowLogStatus?.toUpperCase() === "ACTIVE");
  const arn = `arn:${snapshot.partition}:ec2:${region}:${vpc.ownerId}:vpc/${vpc.vpcId}`;
  const label = `${vpc.isDefault ? "Default VPC" : "VPC"} ${vpc.vpcId}${vpc.name ? ` (${vpc.name})` : ""} in ${region}`;
  const describe = (log: FlowLog) =>
    `${log.flowLogId} (${log.trafficType ?? "?"} traffic to ${log.logDestinationType ?? "?"}${log.logDestination ? ` ${log.logDestination}` : log.logGroupName ? ` ${log.logGroupName}` : ""})`;
  return buildFinding(rule, snapshot, {
    status: active.length > 0 ? "PASS" : "FAIL",
    resourceType: "AWS::EC2::VPC",
    resourceArn: arn,
    resourceName: vpc.vpcId,
    identity: [arn],
    region,
    statusExtended:
      active.length > 0
        ? `${label} has an active flow log: ${active.map(describe).join(", ")}.`
        : onVpc.length > 0
          ? `${label} has no active flow log: ${onVpc.map((log) => `${log.flowLogId} is ${log.flowLogStatus ?? "in no status"}`).join(", ")}.`
          : `${label} has no flow log on the VPC itself.`,
    evidence: {
      region,
      vpcId: vpc.vpcId,
      ownerId: vpc.ownerId,
      isDefault: vpc.isDefault,
      state: vpc.state,
      cidrBlock: vpc.cidrBlock,
      name: vpc.name,
      flowLogs: onVpc.map((log) => ({
        ...log,
        creationTime: log.creationTime ? isoTime(log.creationTime) : null,
      })),
      sharedVpcsNotJudged: shared,
      source: "ec2:DescribeVpcs, ec2:DescribeFlowLogs",
    },
  });
}
