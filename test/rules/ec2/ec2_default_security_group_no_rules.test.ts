/**
 * CIS v1.5.0 5.4 (ec2_default_security_group_no_rules) over literal datasets: PASS only with no inbound
 * and no outbound rule; the evidence lists the network interfaces (and instances) in the group, or says
 * why they are unknown (evidence only: the verdict stands); other groups are not judged.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/ec2/ec2_default_security_group_no_rules.js";
import type { NetworkInterface } from "../../../src/snapshot/datasets/ec2.js";
import { ACCOUNT, denied, group, permission, snapshotOf } from "./networking-fixtures.js";

const REGION = "eu-west-1";
const ALL_OUT = permission({ ipProtocol: "-1", cidrs: ["0.0.0.0/0"] });
const SELF_IN = permission({
  ipProtocol: "-1",
  groupPairs: [
    { groupId: "sg-def", userId: ACCOUNT, vpcId: null, vpcPeeringConnectionId: null, description: null },
  ],
});

function eni(id: string, groupIds: string[], instanceId: string | null = null): NetworkInterface {
  return {
    networkInterfaceId: id,
    vpcId: "vpc-1",
    interfaceType: instanceId ? "interface" : "lambda",
    description: instanceId ? "Primary network interface" : "AWS Lambda VPC ENI",
    instanceId,
    requesterId: null,
    groups: groupIds.map((groupId) => ({ groupId, groupName: groupId === "sg-def" ? "default" : "app" })),
  };
}

describe("ec2_default_security_group_no_rules over literal datasets", () => {
  it("a new VPC's default group (self inbound, all outbound) fails; the evidence names what uses it", () => {
    const def = group("sg-def", [SELF_IN], { groupName: "default", egress: [ALL_OUT] });
    const findings = evaluateRule(
      rule,
      snapshotOf({
        "ec2.securityGroups": { [REGION]: [def, group("sg-app", [], { egress: [ALL_OUT] })] },
        "ec2.networkInterfaces": {
          [REGION]: [
            eni("eni-2", ["sg-def"]),
            eni("eni-1", ["sg-app", "sg-def"], "i-0web"),
            eni("eni-3", ["sg-app"]),
          ],
        },
      }),
    );
    expect(findings).toHaveLength(1); // sg-app is not a default group
    expect(findings[0]).toMatchObject({
      status: "FAIL",
      region: REGION,
      resourceType: "AWS::EC2::SecurityGroup",
      resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-def`,
      resourceName: "sg-def",
      statusExtended:
        "The default security group sg-def of vpc-1 in eu-west-1 has 1 inbound rule and 1 outbound rule; it must have none. 2 network interfaces use it (i-0web, eni-2).",
    });
    expect(findings[0]?.evidence).toEqual({
      region: REGION,
      groupId: "sg-def",
      vpcId: "vpc-1",
      inboundRules: [SELF_IN],
      outboundRules: [ALL_OUT],
      networkInterfaces: [
        {
          networkInterfaceId: "eni-1",
          instanceId: "i-0web",
          interfaceType: "interface",
          description: "Primary network interface",
        },
        {
          networkInterfaceId: "eni-2",
          instanceId: null,
          interfaceType: "lambda",
          description: "AWS Lambda VPC ENI",
        },
      ],
      source: "ec2:DescribeSecurityGroups, ec2:DescribeNetworkInterfaces",
    });
  });

  it("outbound rules alone fail too (moto's default group); no interface uses it", () => {
    const def = group("sg-def", [], { groupName: "default", egress: [ALL_OUT] });
    const [finding] = evaluateRule(
      rule,
      snapshotOf({ "ec2.securityGroups": { [REGION]: [def] }, "ec2.networkInterfaces": { [REGION]: [] } }),
    );
    expect([finding?.status, finding?.statusExtended, finding?.evidence.networkInterfaces]).toEqual([
      "FAIL",
      "The default security group sg-def of vpc-1 in eu-west-1 has 0 inbound rules and 1 outbound rule; it must have none. No network interface uses it.",
      [],
    ]);
  });

  it("no inbound and no outbound rule passes, with the interfaces still in it as evidence", () => {
    const def = group("sg-def", [], { groupName: "default" });
    const [finding] = evaluateRule(
      rule,
      snapshotOf({
        "ec2.securityGroups": { [REGION]: [def] },
        "ec2.networkInterfaces": { [REGION]: [eni("eni-1", ["sg-def"], "i-0old")] },
      }),
    );
    expect([finding?.status, finding?.statusExtended]).toEqual([
      "PASS",
      "The default security group sg-def of vpc-1 in eu-west-1 has no inbound and no outbound rule; 1 network interface uses it (i-0old).",
    ]);
  });

  it("interfaces that could not be read: the verdict stands, the evidence says why they are unknown", () => {
    const def = group("sg-def", [], { groupName: "default", egress: [ALL_OUT] });
    const [finding, ...rest] = evaluateRule(
      rule,
      snapshotOf({ "ec2.securityGroups": { [REGION]: [def] } }, [
        denied("ec2.networkInterfaces", "ec2:DescribeNetworkInterfaces", REGION),
      ]),
    );
    expect(rest).toEqual([]); // an optional dataset: no ERROR finding
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "The default security group sg-def of vpc-1 in eu-west-1 has 0 inbound rules and 1 outbound rule; it must have none. Which network interfaces use it is unknown.",
    );
    expect(finding?.evidence).toMatchObject({
      networkInterfaces: null,
      networkInterfacesUnknown: "ec2:DescribeNetworkInterfaces failed: UnauthorizedOperation",
    });
  });

  it("one finding per default group (one per VPC) in every region; a region whose groups failed → ERROR", () => {
    const snapshot = snapshotOf(
      {
        "ec2.securityGroups": {
          "us-east-1": [
            group("sg-2", [], { groupName: "default", vpcId: "vpc-2" }),
            group("sg-1", [], { groupName: "default", egress: [ALL_OUT] }),
          ],
        },
        "ec2.networkInterfaces": { "us-east-1": [] },
      },
      [denied("ec2.securityGroups", "ec2:DescribeSecurityGroups", "eu-west-1")],
    );
    expect(evaluateRule(rule, snapshot).map((f) => [f.region, f.resourceName, f.status])).toEqual([
      ["us-east-1", "sg-1", "FAIL"],
      ["us-east-1", "sg-2", "PASS"],
      ["eu-west-1", ACCOUNT, "ERROR"],
    ]);
  });
});
