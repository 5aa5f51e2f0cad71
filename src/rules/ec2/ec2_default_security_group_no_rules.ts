/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 5.4 (Level 2, Automated): "Ensure the default
 * security group of every VPC restricts all traffic" (v1.2.0 4.3, v1.3.0/v1.4.0 5.3, v2.0.0/v3.0.0 5.4,
 * v4.0.0/v5.0.0 5.5, v6.0.0 6.5).
 *
 * Audit: in every enabled region, the default security group of each VPC (DescribeSecurityGroups, group
 * name `default`) must have no inbound and no outbound rule. One finding per default group: PASS when
 * both lists are empty, FAIL otherwise, with the rules as evidence. The evidence also lists the network
 * interfaces (and their instances) in the group — DescribeNetworkInterfaces, read when it can be, never
 * part of the verdict — so a person knows what loses its traffic when the rules go. A new VPC's default
 * group allows all outbound traffic, so every default VPC fails: silence regions you do not use with
 * `--regions` or the mutelist (docs/frameworks.md).
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import type { NetworkInterface, SecurityGroup } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { securityGroupArn } from "./internet-ingress.js";

/** The rule. */
export const rule: Rule = {
  id: "ec2_default_security_group_no_rules",
  aliases: ["ec2_securitygroup_default_restrict_traffic"],
  title: "The default security group of every VPC has no inbound and no outbound rule",
  severity: "medium",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  description:
    "Checks, in every enabled region, that each VPC's default security group has no rules at all. Resources " +
    "launched without a group land in the default one; with no rules it lets nothing in or out, so nothing " +
    "depends on it by accident. The evidence names the network interfaces still in the group.",
  rationale:
    "Resources end up in the default group when nobody chose a group for them. If that group allows " +
    "traffic, they are reachable (or can reach out) in ways nobody designed; emptying it forces every " +
    "resource into a group made for it, and least-privilege rules for each.",
  remediation: {
    console: [
      "Open the VPC console in the finding's region and choose Security groups; filter on the group id named in the finding.",
      "First move every network interface listed in the evidence to a security group made for it (EC2 → Instances → Actions → Security → Change security groups, or the service that owns the interface).",
      "On Inbound rules choose Edit inbound rules, delete every rule and save; do the same on Outbound rules.",
    ],
    cli: [
      "aws ec2 describe-network-interfaces --region <region> --filters Name=group-id,Values=<group-id> --query 'NetworkInterfaces[].[NetworkInterfaceId,Attachment.InstanceId,Description]'",
      "aws ec2 describe-security-groups --region <region> --group-ids <group-id> --query 'SecurityGroups[].[IpPermissions,IpPermissionsEgress]'",
      "aws ec2 revoke-security-group-ingress --region <region> --group-id <group-id> --ip-permissions '<the IpPermissions JSON shown above>'",
      "aws ec2 revoke-security-group-egress --region <region> --group-id <group-id> --ip-permissions '<the IpPermissionsEgress JSON shown above>'",
    ],
    iac: {
      cloudformation: [
        "# CloudFormation cannot manage a VPC's default group: empty it with the AWS CLI (above) after",
        "# each VPC is created, or with a custom resource calling ec2:RevokeSecurityGroupIngress/Egress.",
      ].join("\n"),
      terraform: [
        "# Adopts the default group and removes all its rules (no ingress or egress blocks).",
        'resource "aws_default_security_group" "default" {',
        "  vpc_id = aws_vpc.this.id",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html",
  ],
  requires: ["ec2.securityGroups"],
  optional: ["ec2.networkInterfaces"],
  cloudTrailEvents: [
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "ModifySecurityGroupRules",
    "CreateVpc",
    "CreateDefaultVpc",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const interfaces = regionalValues(snapshot, "ec2.networkInterfaces");
    const findings: Finding[] = [];
    for (const [region, groups] of regionalValues(snapshot, "ec2.securityGroups")) {
      const defaults = groups
        .filter((group) => group.groupName === "default")
        .sort((a, b) => a.groupId.localeCompare(b.groupId));
      for (const group of defaults)
        findings.push(judgeGroup(snapshot, region, group, interfaces.get(region)));
    }
    return findings;
  },
};

/** Why the interfaces of `region` are unknown: the collection error, or "not collected". */
function interfacesUnknown(snapshot: Snapshot, region: string): string {
  const error = snapshot.errors.find((e) => e.dataset === "ec2.networkInterfaces" && e.region === region);
  return error ? `${error.api} failed: ${error.code}` : "ec2.networkInterfaces was not collected";
}

function judgeGroup(
  snapshot: Snapshot,
  region: string,
  group: SecurityGroup,
  interfaces: readonly NetworkInterface[] | undefined,
): Finding {
  const arn = securityGroupArn(snapshot, region, group.groupId);
  const users = interfaces
    ?.filter((eni) => eni.groups.some((g) => g.groupId === group.groupId))
    .sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId))
    .map((eni) => ({
      networkInterfaceId: eni.networkInterfaceId,
      instanceId: eni.instanceId,
      interfaceType: eni.interfaceType,
      description: eni.description,
    }));
  const empty = group.ingress.length === 0 && group.egress.length === 0;
  const label = `The default security group ${group.groupId}${group.vpcId ? ` of ${group.vpcId}` : ""} in ${region}`;
  const count = (n: number, what: string) => `${n} ${what} rule${n === 1 ? "" : "s"}`;
  const usedBy =
    users === undefined
      ? "which network interfaces use it is unknown"
      : users.length === 0
        ? "no network interface uses it"
        : `${users.length} network interface${users.length === 1 ? "" : "s"} use${users.length === 1 ? "s" : ""} it (${users.map((u) => u.instanceId ?? u.networkInterfaceId).join(", ")})`;
  return buildFinding(rule, snapshot, {
    status: empty ? "PASS" : "FAIL",
    resourceType: "AWS::EC2::SecurityGroup",
    resourceArn: arn,
    resourceName: group.groupId,
    identity: [arn],
    region,
    statusExtended: empty
      ? `${label} has no inbound and no outbound rule; ${usedBy}.`
      : `${label} has ${count(group.ingress.length, "inbound")} and ${count(group.egress.length, "outbound")}; it must have none. ${usedBy[0]?.toUpperCase()}${usedBy.slice(1)}.`,
    evidence: {
      region,
      groupId: group.groupId,
      vpcId: group.vpcId,
      inboundRules: group.ingress,
      outboundRules: group.egress,
      networkInterfaces: users ?? null,
      ...(users === undefined ? { networkInterfacesUnknown: interfacesUnknown(snapshot, region) } : {}),
      source: "ec2:DescribeSecurityGroups, ec2:DescribeNetworkInterfaces",
    },
  });
}
